using CustomerValue.Core.Campaigns;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Tests.Campaigns;

public sealed class CampaignEvaluatorTests
{
    static readonly DateOnly Sent = new(2025, 3, 31);
    const double Basket = 60;

    static Campaign Campaign(double? costPerContact = 2) =>
        new("spring", new DateTime(2025, 3, 31, 9, 0, 0, DateTimeKind.Utc), "run-1", "v1", Sent, Sent, 0.2, 42,
            costPerContact, "{}", 0, 0);

    /// <summary>
    /// A follow-up with a known effect: every customer orders once in the window with probability
    /// <paramref name="baseRate"/>; a contacted customer who would not have ordered is won back with probability
    /// <paramref name="extra"/>. The true reactivation uplift is (1 − base) × extra and the revenue uplift that times
    /// the basket. Some orders fall outside the window and some customers are not in the campaign: neither may count.
    /// </summary>
    static (IReadOnlyList<CampaignMember> Members, List<Transaction> Orders) FollowUp(int customers, double baseRate, double extra, int seed)
    {
        var members = CampaignAssignment.Assign(CampaignAssignmentTests.Ranked(customers), 0.2, seed);
        var random = new Random(seed + 1);
        var orders = new List<Transaction>();
        var start = Sent.ToDateTime(TimeOnly.MinValue);
        foreach (var m in members)
        {
            var ordered = random.NextDouble() < baseRate;
            if (!ordered && m.Group == CampaignGroup.Treatment && random.NextDouble() < extra) ordered = true;
            if (ordered) orders.Add(new Transaction(m.Candidate.CustomerId, start.AddDays(1 + random.Next(90)), Basket));
            if (random.NextDouble() < 0.3) orders.Add(new Transaction(m.Candidate.CustomerId, start.AddDays(-random.Next(30)), 500));
            if (random.NextDouble() < 0.3) orders.Add(new Transaction(m.Candidate.CustomerId, start.AddDays(91 + random.Next(30)), 500));
        }
        orders.Add(new Transaction("not-in-the-campaign", start.AddDays(5), 10_000));
        return (members, orders);
    }

    [Fact]
    public void AKnownEffectIsCoveredByTheIntervalsAndCalledOut()
    {
        const double BaseRate = 0.2, Extra = 0.15;
        var (members, orders) = FollowUp(6_000, BaseRate, Extra, seed: 7);
        var trueUplift = (1 - BaseRate) * Extra;

        var result = CampaignEvaluator.Evaluate(Campaign(), members, orders, days: 90);

        var o = result.Overall;
        Assert.InRange(trueUplift, o.ReactivationUplift.Low!.Value, o.ReactivationUplift.High!.Value);
        Assert.InRange(trueUplift * Basket, o.IncrementalRevenuePerContact.Low!.Value, o.IncrementalRevenuePerContact.High!.Value);
        Assert.False(o.ReactivationUplift.CoversZero);
        Assert.False(o.TooSmallToTell);
        Assert.StartsWith("reactivation up", o.Verdict);
        Assert.Equal(4_800, o.Treatment.Customers);
        Assert.Equal(1_200, o.Control.Customers);
        Assert.Equal(o.Treatment.ReactivationRate * Basket, o.Treatment.SpendPerCustomer, 9);
        Assert.Equal(9_600, result.CostOfContacts);
        Assert.Equal(o.IncrementalRevenuePerContact.Value * 4_800, result.IncrementalRevenue.Value, 6);
        Assert.Equal((result.IncrementalRevenue.Value - 9_600) / 9_600, result.ReturnOnSpend!.Value, 9);
        Assert.Equal((new DateOnly(2025, 4, 1), new DateOnly(2025, 6, 29)), (result.From, result.To));
        Assert.Equal(Enumerable.Range(1, 10), result.ByDecile.Select(d => d.Decile!.Value));
    }

    [Fact]
    public void WithoutAnEffectTheIntervalsCoverZero()
    {
        var (members, orders) = FollowUp(6_000, 0.2, 0, seed: 9);

        var result = CampaignEvaluator.Evaluate(Campaign(), members, orders, days: 90);

        Assert.True(result.Overall.ReactivationUplift.CoversZero);
        Assert.True(result.Overall.IncrementalRevenuePerContact.CoversZero);
        Assert.StartsWith("no effect shown", result.Overall.Verdict);
    }

    [Fact]
    public void SmallGroupsAreCalledTooSmallToTell()
    {
        var (members, orders) = FollowUp(100, 0.2, 0.5, seed: 3);

        var result = CampaignEvaluator.Evaluate(Campaign(costPerContact: null), members, orders, days: 90);

        Assert.True(result.Overall.TooSmallToTell);
        Assert.Equal("too small to tell: 80 contacted and 20 held out; at least 30 in each group are needed", result.Overall.Verdict);
        Assert.All(result.ByDecile, d => Assert.True(d.TooSmallToTell));
        Assert.Null(result.CostOfContacts);
        Assert.Null(result.ReturnOnSpend);
    }

    [Fact]
    public void OnlyOrdersInsideTheWindowCountNetOfReturns()
    {
        var members = CampaignAssignment.Assign(CampaignAssignmentTests.Ranked(10), 0.2, seed: 1);
        var treated = members.First(m => m.Group == CampaignGroup.Treatment).Candidate.CustomerId;
        var day = Sent.ToDateTime(TimeOnly.MinValue);
        Transaction[] orders =
        [
            new(treated, day, 1_000),
            new(treated, day.AddDays(1), 80),
            new(treated, day.AddDays(2), -30),
            new(treated, day.AddDays(30).AddHours(23), 10),
            new(treated, day.AddDays(31), 1_000),
        ];

        var result = CampaignEvaluator.Evaluate(Campaign(), members, orders, days: 30);

        Assert.Equal(new GroupOutcome(8, 1, 1.0 / 8, 60.0 / 8), result.Overall.Treatment);
        Assert.Equal(new GroupOutcome(2, 0, 0, 0), result.Overall.Control);
        Assert.Equal(new DateOnly(2025, 5, 1), result.DataEnd);
    }
}
