using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Segmentation;

namespace CustomerValue.Core.Scoring;

/// <summary>
/// One customer scored by a model bundle: value and churn over the card's horizon, where the customer stands in the
/// lifecycle and what to do, and why. Values are unrounded; callers round for display.
/// </summary>
public sealed record CustomerScore
{
    /// <summary>The feature row the models saw; the store takes orders, spend and profile fields from it.</summary>
    public required FeatureRow Features { get; init; }
    public required int HorizonDays { get; init; }

    /// <summary>Predicted net spend over the horizon, in the currency of the training data.</summary>
    public required double PredictedValue { get; init; }
    public required double ValueP10 { get; init; }
    public required double ValueP90 { get; init; }

    /// <summary>A churn table's customer labelled churned: what they would pay over the horizon if won back; 0 otherwise.</summary>
    public double WinBackValue { get; init; }
    public required double ChurnProbability { get; init; }

    /// <summary>P(alive) from the bundle's BTYD model; null when it has none.</summary>
    public double? ProbabilityAlive { get; init; }

    /// <summary>
    /// The day by which the BTYD model gives a 50 % chance of another order; null without a BTYD model, for a prospect,
    /// or when the chance stays below 50 % within the horizon (P(alive) too low or orders too rare).
    /// </summary>
    public DateOnly? ExpectedNextOrderDate { get; init; }

    /// <summary>Expected purchase days over the horizon: the orders model, BTYD, or the recent run rate.</summary>
    public required double ExpectedOrders { get; init; }
    public required LifecycleAssessment Lifecycle { get; init; }

    /// <summary>Null when the card carries no usable RFM cut points (a warning says so).</summary>
    public RfmSegment? Segment { get; init; }

    /// <summary>The strongest features behind the predicted value, strongest first; empty when not explained.</summary>
    public IReadOnlyList<ScoreReason> Reasons { get; init; } = [];
    public IReadOnlyList<ScoreWarning> Warnings { get; init; } = [];
}

/// <summary>
/// One feature's push on the predicted value: <see cref="Value"/> is the customer's own value of the feature (a
/// number or a string, null when undefined), <see cref="Contribution"/> its share of the CLV model's raw score
/// (positive raises the value), <see cref="Text"/> the same in plain words.
/// </summary>
public sealed record ScoreReason(string Feature, object? Value, double Contribution, string Text);

/// <summary>Something a reader of the score should know; never a reason scoring failed.</summary>
/// <param name="Code">Stable code: <see cref="ScoreWarnings"/>.</param>
/// <param name="Column">The feature column it is about, when there is one.</param>
public sealed record ScoreWarning(string Code, string? Column, string Message);

public static class ScoreWarnings
{
    public const string UnknownCategory = "unknownCategory";
    public const string NoRfmBreakpoints = "noRfmBreakpoints";
    public const string WeakModel = "weakModel";
    public const string NoProbabilityAlive = "noProbabilityAlive";
    public const string NoProspectsInTraining = "noProspectsInTraining";
    public const string IntervalBeyondBands = "intervalBeyondBands";
    public const string NoRecurringCharge = "noRecurringCharge";
}
