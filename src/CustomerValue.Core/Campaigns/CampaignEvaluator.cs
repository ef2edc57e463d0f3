using System.Globalization;
using CustomerValue.Core.Domain;
using MathNet.Numerics.Distributions;

namespace CustomerValue.Core.Campaigns;

/// <summary>
/// Compares contacted customers with the control group on the orders placed after the campaign date: reactivation
/// rate, spend per customer and their differences with 95 % intervals, overall and by value-at-stake decile.
/// </summary>
/// <remarks>
/// The intervals are the normal approximation for a difference of two independent means with unequal variances
/// (Welch): d ± z₀.₉₇₅ · √(s²ₜ/nₜ + s²꜀/n꜀), sample variances with n − 1. The overall figure is the plain difference:
/// the control share is the same in every decile (within one customer), so the groups already hold the same mix.
/// </remarks>
public static class CampaignEvaluator
{
    /// <summary>Fewer customers than this in either group and the comparison is called too small to tell.</summary>
    public const int MinimumGroup = 30;

    public const string IntervalMethod =
        "95 % normal interval for a difference of means with unequal variances (Welch), per group sample variances";

    static readonly double Z = Normal.InvCDF(0, 1, 0.975);

    /// <param name="days">Length of the response window after the campaign date, in days.</param>
    public static CampaignResult Evaluate(
        Campaign campaign, IReadOnlyList<CampaignMember> members, IEnumerable<Transaction> transactions, int days)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(transactions);
        if (days < 1) throw new ArgumentOutOfRangeException(nameof(days), days, "The window must be at least one day.");

        var from = campaign.Date.AddDays(1);
        var to = campaign.Date.AddDays(days);
        var spend = members.ToDictionary(m => m.Candidate.CustomerId, _ => new Response(), StringComparer.Ordinal);
        DateOnly? dataEnd = null;
        foreach (var t in transactions)
        {
            var date = DateOnly.FromDateTime(t.Timestamp);
            if (dataEnd is null || date > dataEnd) dataEnd = date;
            if (date < from || date > to || !spend.TryGetValue(t.CustomerId, out var response)) continue;
            response.Spend += t.Amount;
            if (t.Amount > 0) response.Ordered = true;
        }

        var overall = Compare(null, members, spend);
        var byDecile = members.GroupBy(m => m.Decile).OrderBy(g => g.Key).Select(g => Compare(g.Key, g.ToList(), spend)).ToList();
        var contacted = overall.Treatment.Customers;
        var perContact = overall.IncrementalRevenuePerContact;
        var revenue = new Estimate(perContact.Value * contacted, perContact.Low * contacted, perContact.High * contacted);
        double? cost = campaign.CostPerContact is { } c ? c * contacted : null;
        Estimate? returnOnSpend = cost is > 0
            ? new Estimate((revenue.Value - cost.Value) / cost.Value, (revenue.Low - cost) / cost, (revenue.High - cost) / cost)
            : null;
        return new CampaignResult(campaign.Name, from, to, dataEnd, IntervalMethod, overall, byDecile, cost, revenue, returnOnSpend);
    }

    sealed class Response
    {
        public double Spend;
        public bool Ordered;
    }

    static GroupComparison Compare(int? decile, IReadOnlyList<CampaignMember> members, Dictionary<string, Response> responses)
    {
        var treated = members.Where(m => m.Group == CampaignGroup.Treatment).Select(m => responses[m.Candidate.CustomerId]).ToList();
        var control = members.Where(m => m.Group == CampaignGroup.Control).Select(m => responses[m.Candidate.CustomerId]).ToList();
        var rate = Difference(treated.Select(r => r.Ordered ? 1.0 : 0.0).ToList(), control.Select(r => r.Ordered ? 1.0 : 0.0).ToList());
        var revenue = Difference(treated.Select(r => r.Spend).ToList(), control.Select(r => r.Spend).ToList());
        var tooSmall = treated.Count < MinimumGroup || control.Count < MinimumGroup;
        return new GroupComparison(decile, Outcome(treated), Outcome(control), rate, revenue, tooSmall,
            Verdict(treated.Count, control.Count, rate, revenue, tooSmall));
    }

    static GroupOutcome Outcome(IReadOnlyList<Response> group)
    {
        var reactivated = group.Count(r => r.Ordered);
        return group.Count == 0
            ? new GroupOutcome(0, 0, 0, 0)
            : new GroupOutcome(group.Count, reactivated, (double)reactivated / group.Count, group.Average(r => r.Spend));
    }

    static Estimate Difference(IReadOnlyList<double> treated, IReadOnlyList<double> control)
    {
        var value = Mean(treated) - Mean(control);
        if (treated.Count < 2 || control.Count < 2) return new Estimate(value, null, null);
        var se = Math.Sqrt(Variance(treated) / treated.Count + Variance(control) / control.Count);
        return new Estimate(value, value - Z * se, value + Z * se);
    }

    static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? 0 : values.Average();

    static double Variance(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
    }

    static string Verdict(int treated, int control, Estimate rate, Estimate revenue, bool tooSmall)
    {
        var inv = CultureInfo.InvariantCulture;
        if (tooSmall)
            return string.Create(inv,
                $"too small to tell: {treated} contacted and {control} held out; at least {MinimumGroup} in each group are needed");
        if (rate.CoversZero && revenue.CoversZero)
            return "no effect shown: both intervals cover zero, so the contact cannot be told apart from doing nothing";
        var parts = new List<string>();
        if (!rate.CoversZero)
            parts.Add(string.Create(inv, $"reactivation {(rate.Value > 0 ? "up" : "down")} {Math.Abs(rate.Value) * 100:0.0} points"));
        if (!revenue.CoversZero)
            parts.Add(string.Create(inv, $"spend per contacted customer {(revenue.Value > 0 ? "up" : "down")} {Math.Abs(revenue.Value):0.00}"));
        return string.Join(", ", parts) + " (the 95 % interval excludes zero)";
    }
}
