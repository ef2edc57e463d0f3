namespace CustomerValue.Core.Monitoring;

/// <summary>
/// A scoring run's predictions next to what its customers went on to spend and buy after the run's as-of date, over
/// the part of the horizon that has passed. Predictions cover the whole horizon, so totals, deciles and intervals are
/// scaled by <see cref="ElapsedShare"/> (spend taken as even over the horizon) and <see cref="Scaling"/> says so.
/// </summary>
/// <param name="ObservedThrough">The last day of actuals counted: the earlier of the horizon's end and the last transaction date.</param>
/// <param name="ElapsedDays">Days from the as-of date to <paramref name="ObservedThrough"/>.</param>
/// <param name="ElapsedShare">ElapsedDays / HorizonDays, at most 1.</param>
/// <param name="Customers">Customers of the run compared.</param>
/// <param name="CustomersWhoBought">Of those, customers with at least one transaction in the elapsed window.</param>
/// <param name="PredictedTotal">Σ predicted value over the whole horizon.</param>
/// <param name="PredictedTotalElapsed">PredictedTotal × ElapsedShare: what the run predicts for the elapsed part.</param>
/// <param name="ActualTotal">Σ net spend in the elapsed window.</param>
/// <param name="TotalError">(PredictedTotalElapsed − ActualTotal) / ActualTotal; NaN when nothing was spent.</param>
/// <param name="Gini">Normalized Gini of actual spend ordered by predicted value: 1 perfect, 0 random.</param>
/// <param name="Deciles">Ten groups by predicted value, highest first, predictions scaled to the elapsed window.</param>
/// <param name="ChurnAuc">AUC of the churn probability against "no purchase in the elapsed window"; null when one class is empty.</param>
/// <param name="IntervalCoverage">Share of customers whose actual spend lies in [P10, P90] scaled to the elapsed window.</param>
/// <param name="UnknownCustomers">Customers in the transactions file who are not in the run; their spend is not counted.</param>
public sealed record RealisedReport(
    string RunId,
    string ModelVersion,
    DateOnly AsOf,
    int HorizonDays,
    DateOnly ObservedThrough,
    int ElapsedDays,
    double ElapsedShare,
    string Scaling,
    long Customers,
    long CustomersWhoBought,
    double PredictedTotal,
    double PredictedTotalElapsed,
    double ActualTotal,
    double? TotalError,
    double? Gini,
    IReadOnlyList<RealisedDecile> Deciles,
    double? ChurnAuc,
    double ChurnedShare,
    double MeanChurnProbability,
    double? IntervalCoverage,
    long UnknownCustomers,
    DateTime ComputedUtc);

/// <summary>One tenth of the run's customers by predicted value (1 = highest), predictions scaled to the elapsed window.</summary>
/// <param name="MeanPredicted">Null when the decile is empty (fewer than ten customers).</param>
/// <param name="ShareOfActual">The decile's share of all actual spend; null when nothing was spent.</param>
public sealed record RealisedDecile(
    int Decile, int Customers, double PredictedTotal, double ActualTotal, double? MeanPredicted, double? MeanActual, double? ShareOfActual);
