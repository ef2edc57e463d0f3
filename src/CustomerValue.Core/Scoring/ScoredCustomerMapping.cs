using CustomerValue.Core.Store;

namespace CustomerValue.Core.Scoring;

public static class ScoredCustomerMapping
{
    /// <summary>The store's row for a score: the first recommendation is the action, the reasons' texts the top reasons.</summary>
    public static ScoredCustomer ToScoredCustomer(this CustomerScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var row = score.Features;
        var action = score.Lifecycle.Recommendations.Count > 0 ? score.Lifecycle.Recommendations[0] : null;
        return new ScoredCustomer
        {
            CustomerId = row.CustomerId,
            AsOf = row.AsOf,
            PredictedValue = score.PredictedValue,
            ValueP10 = score.ValueP10,
            ValueP90 = score.ValueP90,
            ChurnProbability = score.ChurnProbability,
            ProbabilityAlive = score.ProbabilityAlive,
            ExpectedOrders = score.ExpectedOrders,
            ExpectedNextOrder = score.ExpectedNextOrderDate,
            Stage = score.Lifecycle.Stage,
            RfmSegment = score.Segment?.ToString() ?? "",
            DaysSinceLastOrder = row.IsProspect ? null : row.RecencyDays,
            Orders = row.IsProspect ? 0 : row.Frequency + 1,
            TotalSpend = row.TotalSpend,
            PostalCode = NullIfEmpty(row.PostalCode),
            Device = NullIfEmpty(row.Device),
            Channel = NullIfEmpty(row.Channel),
            TopReasons = score.Reasons.Count == 0 ? [] : [.. score.Reasons.Select(r => r.Text)],
            RecommendedAction = action?.Action ?? "",
            ActionMaxSpend = action?.MaxSpend ?? 0,
        };
    }

    static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
