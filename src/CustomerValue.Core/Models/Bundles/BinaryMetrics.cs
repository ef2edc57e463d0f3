namespace CustomerValue.Core.Models.Bundles;

/// <summary>
/// How well churn probabilities separate and match what happened. Values undefined for the data
/// (an AUC with one class only, an empty bin) are NaN, never a made-up number.
/// </summary>
/// <param name="Count">Rows evaluated.</param>
/// <param name="Positives">Rows labelled true (churned).</param>
/// <param name="BaseRate">Positives / Count.</param>
/// <param name="Auc">Area under the ROC curve; tied probabilities count half, as the trapezoid rule does.</param>
/// <param name="AveragePrecision">PR-AUC as sklearn's average_precision_score: Σ (Rₖ − Rₖ₋₁)·Pₖ over distinct thresholds, no interpolation.</param>
/// <param name="LogLoss">Mean cross-entropy with probabilities clipped to [1e-15, 1 − 1e-15].</param>
/// <param name="Brier">Mean squared difference between probability and outcome.</param>
/// <param name="ReliabilityBins">Ten equal-width probability bins, [0, 0.1) … [0.9, 1].</param>
/// <param name="AtThreshold">Confusion-based scores at the threshold asked for.</param>
/// <param name="BestF1">Confusion-based scores at the threshold that maximizes F1.</param>
/// <param name="TopDecileLift">Positive rate among the 10 % most likely to churn / BaseRate.</param>
public sealed record BinaryMetrics(
    int Count,
    int Positives,
    double BaseRate,
    double Auc,
    double AveragePrecision,
    double LogLoss,
    double Brier,
    IReadOnlyList<ReliabilityBin> ReliabilityBins,
    ThresholdMetrics AtThreshold,
    ThresholdMetrics BestF1,
    double TopDecileLift);

/// <summary>Rows whose probability fell in [Lower, Upper) (the last bin also holds 1).</summary>
/// <param name="MeanPredicted">Mean probability in the bin; NaN when empty.</param>
/// <param name="ObservedRate">Share of the bin's rows labelled true; NaN when empty.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);

/// <summary>
/// Scores when a row is called positive at probability ≥ Threshold. Precision is 0 when nothing is
/// called positive and recall is 0 when there are no positives (sklearn's zero_division=0).
/// </summary>
public sealed record ThresholdMetrics(
    double Threshold,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    double Precision,
    double Recall,
    double F1);
