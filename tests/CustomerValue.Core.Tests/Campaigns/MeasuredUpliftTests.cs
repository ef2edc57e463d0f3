using CustomerValue.Core.Campaigns;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Tests.Campaigns;

public sealed class MeasuredUpliftTests
{
    static readonly DateOnly Sent = new(2025, 3, 31);
    static readonly DateTime Evaluated = new(2025, 7, 1, 8, 0, 0, DateTimeKind.Utc);

    static Campaign Campaign() =>
        new("spring", new DateTime(2025, 3, 31, 9, 0, 0, DateTimeKind.Utc), "run-1", "v1", Sent, Sent, 0.2, 42, 1, "{}", 0, 0);

    /// <summary>
    /// An evaluated campaign whose contact works only on the top half of the list: there a contacted customer who would
    /// not have ordered is won back with probability <paramref name="extra"/>, so the true uplift is (1 − base) × extra in
    /// deciles 1–5 and zero in 6–10.
    /// </summary>
    static (CampaignResult Result, IReadOnlyList<CampaignMember> Members) Evaluate(int customers, double baseRate, double extra, int seed)
    {
        var members = CampaignAssignment.Assign(CampaignAssignmentTests.Ranked(customers), 0.3, seed);
        var random = new Random(seed + 1);
        var orders = new List<Transaction>();
        foreach (var m in members)
        {
            var ordered = random.NextDouble() < baseRate
                || (m.Group == CampaignGroup.Treatment && m.Decile <= 5 && random.NextDouble() < extra);
            if (ordered) orders.Add(new Transaction(m.Candidate.CustomerId, Sent.ToDateTime(TimeOnly.MinValue).AddDays(1 + random.Next(60)), 50));
        }
        return (CampaignEvaluator.Evaluate(Campaign(), members, orders, days: 90), members);
    }

    [Fact]
    public void EachDecileTakesItsMeasuredUpliftAndItsLeastValueAtStake()
    {
        const double BaseRate = 0.2, Extra = 0.4;
        var (result, members) = Evaluate(8_000, BaseRate, Extra, seed: 3);

        var uplift = MeasuredUplift.From("spring", Evaluated, result, members, configuredRate: 0.9);

        Assert.Equal(Enumerable.Range(1, 10), uplift.Deciles.Select(d => d.Decile));
        foreach (var d in uplift.Deciles)
        {
            var measured = result.ByDecile.Single(r => r.Decile == d.Decile);
            Assert.True(d.Measured);
            Assert.Equal(members.Where(m => m.Decile == d.Decile).Min(m => m.Candidate.ValueAtStake), d.MinValueAtStake);
            Assert.Equal(Math.Max(0, measured.ReactivationUplift.Value), d.Rate);
        }
        // Each decile's estimate has a standard error near 0.03; the mean of five, near 0.014.
        Assert.Equal((1 - BaseRate) * Extra, uplift.Deciles.Take(5).Average(d => d.Rate), 0.05);
        Assert.Equal(0, uplift.Deciles.Skip(5).Average(d => d.Rate), 0.05);
        // Ranked 1..8000 with value at stake 8000..1: decile 1 holds 7201–8000, decile 10 holds 1–800.
        Assert.Equal(1, uplift.DecileFor(1e6).Decile);
        Assert.Equal(1, uplift.DecileFor(7_201).Decile);
        Assert.Equal(2, uplift.DecileFor(7_200.5).Decile);
        Assert.Equal(10, uplift.DecileFor(0.01).Decile);
        Assert.Equal("campaign spring's measured uplift, decile 2", uplift.SourceFor(7_000));
    }

    [Fact]
    public void ADecileTooSmallToTellKeepsTheConfiguredRateAndSaysSo()
    {
        var (result, members) = Evaluate(40, 0.2, 0.4, seed: 5);

        var uplift = MeasuredUplift.From("spring", Evaluated, result, members, configuredRate: 0.35);

        Assert.All(uplift.Deciles.Where(d => !d.Measured), d => Assert.Equal(0.35, d.Rate));
        Assert.Contains(uplift.Deciles, d => !d.Measured);
        var small = uplift.Deciles.First(d => !d.Measured);
        Assert.Equal($"configured (campaign spring's decile {small.Decile} too small to tell)", uplift.SourceFor(small.MinValueAtStake));
    }
}
