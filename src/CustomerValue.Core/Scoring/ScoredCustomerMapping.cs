using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Segmentation;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Scoring;

public static class ScoredCustomerMapping
{
    /// <summary>
    /// The store's row for a score: the first recommendation is the action, the reasons' texts the top reasons, and an
    /// explained score (one with reasons) keeps the action's reason too, as <see cref="CustomerScorer.ScoreForStore"/> does
    /// for the customers it explains.
    /// </summary>
    public static ScoredCustomer ToScoredCustomer(this CustomerScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var action = score.Lifecycle.Recommendations.Count > 0 ? score.Lifecycle.Recommendations[0] : null;
        return StoreRow(score.Features, new StoreFigures(
            score.PredictedValue, score.ValueP10, score.ValueP90, score.ChurnProbability, score.ProbabilityAlive, score.ExpectedOrders,
            score.ExpectedNextOrderDate, score.Lifecycle.Stage, score.Segment,
            score.Reasons.Count == 0 ? [] : [.. score.Reasons.Select(r => r.Text)],
            action?.Action ?? "", action?.MaxSpend ?? 0, score.Reasons.Count == 0 ? null : action?.Reason, score.WinBackValue), []);
    }

    /// <summary>One mapping for both ways a row is made (<see cref="ToScoredCustomer"/> and <see cref="CustomerScorer.ScoreForStore"/>).</summary>
    internal static ScoredCustomer StoreRow(FeatureRow row, in StoreFigures figures, IReadOnlyList<MonthlyOrders> orderHistory) => new()
    {
        CustomerId = row.CustomerId,
        AsOf = row.AsOf,
        PredictedValue = figures.PredictedValue,
        ValueP10 = figures.ValueP10,
        ValueP90 = figures.ValueP90,
        ChurnProbability = figures.ChurnProbability,
        ProbabilityAlive = figures.ProbabilityAlive,
        ExpectedOrders = figures.ExpectedOrders,
        ExpectedNextOrder = figures.ExpectedNextOrder,
        Stage = figures.Stage,
        RfmSegment = figures.Segment?.ToString() ?? "",
        DaysSinceLastOrder = row.IsProspect ? null : row.RecencyDays,
        Orders = row.IsProspect ? 0 : row.Frequency + 1,
        TotalSpend = row.TotalSpend,
        PostalCode = NullIfEmpty(row.PostalCode),
        Device = NullIfEmpty(row.Device),
        Channel = NullIfEmpty(row.Channel),
        TopReasons = figures.TopReasons,
        RecommendedAction = figures.Action,
        ActionMaxSpend = figures.MaxSpend,
        ActionReason = figures.ActionReason,
        OrderHistory = orderHistory,
        WinBackValue = figures.WinBackValue,
    };

    static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>A score's figures as a stored row keeps them; the rest of the row comes from the feature row.</summary>
internal readonly record struct StoreFigures(
    double PredictedValue,
    double ValueP10,
    double ValueP90,
    double ChurnProbability,
    double? ProbabilityAlive,
    double ExpectedOrders,
    DateOnly? ExpectedNextOrder,
    LifecycleStage Stage,
    RfmSegment? Segment,
    IReadOnlyList<string> TopReasons,
    string Action,
    double MaxSpend,
    string? ActionReason,
    double WinBackValue);
