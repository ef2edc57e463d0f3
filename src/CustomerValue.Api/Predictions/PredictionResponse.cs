using System.Text.Json.Serialization;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Segmentation;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Value, churn and next actions for one customer; money in the currency of the training data.
/// <c>ExpectedNextOrderDate</c> is the day by which the model gives a 50 % chance of another order, null when that is
/// not expected within the horizon (or the model has no BTYD part, or the customer has not ordered yet).
/// </summary>
public sealed record PredictionResponse(
    string? CustomerId,
    string ModelVersion,
    DateOnly AsOf,
    int HorizonDays,
    double PredictedValue,
    ValueInterval ValueInterval,
    double ChurnProbability,
    double? ProbabilityAlive,
    DateOnly? ExpectedNextOrderDate,
    double ExpectedOrders,
    LifecycleStage LifecycleStage,
    string LifecycleReason,
    RfmSegment? RfmSegment,
    IReadOnlyList<RecommendationResponse> Recommendations,
    double MaxAcquisitionCost,
    double ValueAtStake,
    IReadOnlyList<ExplanationItem>? Explanation,
    IReadOnlyList<PredictionWarning> Warnings);

/// <summary>The 10th and 90th percentile of the predicted value over the horizon.</summary>
public sealed record ValueInterval(double P10, double P90);

public sealed record RecommendationResponse(string Action, string Reason, double MaxSpend);

/// <summary>
/// One feature's push on the predicted value: the customer's own value of the feature — <see cref="Value"/> for a
/// numeric feature (null when missing), <see cref="Category"/> for a categorical one — <see cref="Contribution"/> its
/// share of the CLV model's raw score (positive raises the value), <see cref="Text"/> the same in plain words.
/// </summary>
public sealed record ExplanationItem(
    string Feature,
    double? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Category,
    double Contribution,
    string Text);

/// <summary>Something the caller should know about the answer; never a reason it failed.</summary>
/// <param name="Code">Stable code, e.g. <c>unknownCategory</c>.</param>
/// <param name="Field">The request field it is about, when there is one.</param>
/// <param name="Message">Plain words.</param>
public sealed record PredictionWarning(string Code, string? Field, string Message);

public sealed record BatchPredictionResponse(string ModelVersion, int Succeeded, int Failed, IReadOnlyList<BatchItemResult> Results);

/// <summary>One batch item: a prediction, or the field errors that stopped it.</summary>
public sealed record BatchItemResult(int Index, PredictionResponse? Prediction, IDictionary<string, string[]>? Errors);
