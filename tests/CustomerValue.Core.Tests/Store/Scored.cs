using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Tests.Store;

/// <summary>Small scored customers for the store tests.</summary>
internal static class Scored
{
    public static readonly DateOnly AsOf = new(2024, 6, 30);

    public static ScoredCustomer Customer(
        string id, LifecycleStage stage, double predictedValue, double churnProbability,
        string segment = "Loyal", string? channel = "search", string? postalCode = "10115", string? device = "mobile") => new()
    {
        CustomerId = id,
        AsOf = AsOf,
        PredictedValue = predictedValue,
        ValueP10 = predictedValue / 2,
        ValueP90 = predictedValue * 2,
        ChurnProbability = churnProbability,
        ProbabilityAlive = 1 - churnProbability,
        ExpectedOrders = 2,
        Stage = stage,
        RfmSegment = segment,
        DaysSinceLastOrder = stage == LifecycleStage.Segmentation ? null : 30,
        Orders = stage == LifecycleStage.Segmentation ? 0 : 3,
        TotalSpend = 150,
        PostalCode = postalCode,
        Device = device,
        Channel = channel,
        TopReasons = ["no order for 30 days", "spend falling"],
        RecommendedAction = stage == LifecycleStage.Recovery ? "win-back offer" : "loyalty reward",
        ActionMaxSpend = predictedValue / 10,
    };

    /// <summary>Why a's action: a run's explained customers carry one; the others in <see cref="Base"/> have none.</summary>
    public const string ActionReasonOfA = "win back: no order for 30 days (lapsed after 21); margin at stake: churn probability 0.5 × value 100.00 × margin 0.3 = 15.00";

    /// <summary>
    /// Value at stake, ranked: a 50, b 20, c 20 (tie: b before c), d 6, e 3 are candidates; m (750) and p (0) are not,
    /// being in Monetization and Segmentation. Binary fractions keep every product exact.
    /// </summary>
    public static IReadOnlyList<ScoredCustomer> Base() =>
    [
        Customer("c", LifecycleStage.Recovery, 40, 0.5, segment: "AtRisk", channel: "social"),
        Customer("a", LifecycleStage.Recovery, 100, 0.5, segment: "Champions", channel: "search", postalCode: "20095") with { ActionReason = ActionReasonOfA },
        Customer("m", LifecycleStage.Monetization, 1000, 0.75, segment: "Champions", channel: "search"),
        Customer("e", LifecycleStage.Recovery, 12, 0.25, segment: "Hibernating", channel: "social", device: "desktop"),
        Customer("b", LifecycleStage.Retention, 80, 0.25, segment: "AtRisk", channel: "search", device: "desktop"),
        Customer("p", LifecycleStage.Segmentation, 8, 0, segment: "Prospect", channel: "social"),
        Customer("d", LifecycleStage.Retention, 48, 0.125, segment: "Hibernating", channel: null),
    ];

    public static ScoringRunStart Run(string model = "model-1") => new(model, AsOf);

    /// <summary>Many customers with the same scores, so any mix of two runs shows in counts and means.</summary>
    public static IEnumerable<ScoredCustomer> Uniform(int count, double predictedValue, string prefix = "u") =>
        Enumerable.Range(0, count).Select(i =>
            Customer($"{prefix}{i:D6}", i % 2 == 0 ? LifecycleStage.Recovery : LifecycleStage.Retention, predictedValue, 0.5));
}
