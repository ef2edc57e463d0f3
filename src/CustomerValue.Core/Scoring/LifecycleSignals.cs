using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Core.Scoring;

/// <summary>The lifecycle rules' view of a scored customer, from the same feature row the models saw.</summary>
public static class LifecycleSignals
{
    /// <summary>The largest relative trend reported (+1000 %), for a recent period that dwarfs a small earlier one.</summary>
    public const double MaxRelativeTrend = 10;

    /// <param name="underContract">The bundle was trained on a churn table alone (<see cref="ModelCard.IsContract"/>).</param>
    /// <param name="recurring">
    /// The bundle's recurring charge: a churn table without signup dates says how long a customer has been there in its
    /// tenure column (Telco's months), which is the tenure the loyalty reward reads.
    /// </param>
    /// <param name="usualGapDays">The bundle's <see cref="ModelCard.UsualGapDays"/>.</param>
    public static CustomerSignals From(FeatureRow row, BundlePrediction prediction, double expectedOrders, string? channel, bool underContract = false, RecurringValueCard? recurring = null, int? usualGapDays = null)
    {
        var bought = !row.IsProspect;
        return new CustomerSignals
        {
            Orders = bought ? row.Frequency + 1 : 0,
            DaysSinceFirstOrder = bought ? row.TenureDays : null,
            DaysSinceLastOrder = bought ? row.RecencyDays : null,
            MeanDaysBetweenOrders = row.MeanDaysBetweenPurchases > 0 ? row.MeanDaysBetweenPurchases : null,
            UsualGapDays = usualGapDays,
            PredictedValue = prediction.PredictedValue,
            WinBackValue = prediction.WinBackValue,
            ChurnProbability = prediction.ChurnProbability,
            ProbabilityAlive = prediction.ProbabilityAlive,
            ExpectedOrders = expectedOrders,
            SpendTrend = RelativeTrend(row.SpendTrend90),
            AcquisitionChannel = string.IsNullOrWhiteSpace(channel) ? null : channel.Trim(),
            DaysSinceSignup = row.DaysSinceSignup >= 0 ? row.DaysSinceSignup : recurring?.TenureDaysOf(row),
            ReturnsOnly = row.ReturnsOnly,
            UnderContract = underContract,
            LabelledChurned = underContract && row.GivenChurn == true,
            SetToEnd = prediction.SetToEnd,
            PaymentsFailing = prediction.PaymentsFailing,
        };
    }

    /// <summary>
    /// The feature is t = (a − b)/(a + b) in [−1, 1]; the rules want a/b − 1, which is 2t/(1 − t), capped.
    /// At t = 1 nothing was spent in the earlier period: a/b has no value, and one order after a quiet
    /// quarter (a customer who buys every few months, or one who has just arrived) is no evidence of
    /// growth, so the trend is unknown, 0, and triggers neither "growing" nor "declining".
    /// </summary>
    public static double RelativeTrend(double symmetricTrend)
    {
        var t = Math.Clamp(symmetricTrend, -1, 1);
        return t >= 1 ? 0 : Math.Min(MaxRelativeTrend, 2 * t / (1 - t));
    }

    /// <summary>
    /// Expected orders over the horizon when the bundle has no BTYD model to say: the last year's
    /// purchase-day rate, scaled to the horizon and weighted by the chance the customer stays.
    /// </summary>
    public static double RunRateOrders(FeatureRow row, double churnProbability, int horizonDays) =>
        (1 - churnProbability) * row.PurchaseDays365 * horizonDays / 365.0;
}
