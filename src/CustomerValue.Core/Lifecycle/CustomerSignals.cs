namespace CustomerValue.Core.Lifecycle;

/// <summary>What the lifecycle rules know about one customer as of the scoring date.</summary>
/// <remarks>
/// Days are whole calendar days before the scoring date. Order counts are purchase days (a day whose
/// net amount is positive), matching the feature code.
/// </remarks>
public sealed record CustomerSignals
{
    /// <summary>Purchase days so far; 0 for a prospect.</summary>
    public int Orders { get; init; }

    /// <summary>Days since the first purchase; required when <see cref="Orders"/> &gt; 0.</summary>
    public int? DaysSinceFirstOrder { get; init; }

    /// <summary>Days since the latest purchase; required when <see cref="Orders"/> &gt; 0.</summary>
    public int? DaysSinceLastOrder { get; init; }

    /// <summary>Mean days between consecutive purchase days; null with fewer than two orders.</summary>
    public double? MeanDaysBetweenOrders { get; init; }

    /// <summary>
    /// The base's usual gap between purchase days (<see cref="Models.Bundles.ModelCard.UsualGapDays"/>): before it has passed
    /// since the last order, a customer is not lapsed on the models' probabilities alone. Null: no such gate.
    /// </summary>
    public int? UsualGapDays { get; init; }

    /// <summary>Expected net spend over the prediction horizon (currency).</summary>
    public double PredictedValue { get; init; }

    /// <summary>
    /// A churn table's customer labelled churned: what they would pay over the horizon if won back (their recurring
    /// charge at their own churn rate), the value at stake of winning them back; 0 otherwise.
    /// </summary>
    public double WinBackValue { get; init; }

    /// <summary>Probability the customer churns within the horizon, in [0, 1].</summary>
    public double ChurnProbability { get; init; }

    /// <summary>BTYD probability that the customer is still active, in [0, 1]; null when no BTYD model ran.</summary>
    public double? ProbabilityAlive { get; init; }

    /// <summary>Expected purchase days over the horizon.</summary>
    public double ExpectedOrders { get; init; }

    /// <summary>
    /// Relative change in spend, recent period against the one before: 0.25 = spending 25 % more,
    /// −0.4 = spending 40 % less, 0 = flat or unknown.
    /// </summary>
    public double SpendTrend { get; init; }

    /// <summary>The channel that acquired the customer; keys <see cref="LifecycleOptions.AcquisitionCostByChannel"/>.</summary>
    public string? AcquisitionChannel { get; init; }

    /// <summary>Days since signup; when null, tenure falls back to <see cref="DaysSinceFirstOrder"/>.</summary>
    public int? DaysSinceSignup { get; init; }

    /// <summary>
    /// No purchase in the data, but returns: a customer whose purchases predate the data (an export that starts after
    /// them), not a prospect to win. Only with <see cref="Orders"/> 0.
    /// </summary>
    public bool ReturnsOnly { get; init; }

    /// <summary>
    /// A customer of a churn table (a contract or subscription, no purchases in the data): placed by the churn probability
    /// alone, never as a prospect.
    /// </summary>
    public bool UnderContract { get; init; }

    /// <summary>Under contract, and the customers file labels them churned already: a customer to win back, not to keep.</summary>
    public bool LabelledChurned { get; init; }

    /// <summary>
    /// Under contract, still there, and the customers file's status says their subscription is set to end at the period's
    /// end: cancelled, with <see cref="WinBackValue"/> what staying would bring. A customer to keep before the period ends.
    /// </summary>
    public bool SetToEnd { get; init; }

    /// <summary>
    /// Under contract, still there, and the customers file's status says their subscription's payments are failing
    /// (<c>past_due</c>, <c>unpaid</c>): a payment to recover before it ends the subscription.
    /// </summary>
    public bool PaymentsFailing { get; init; }
}
