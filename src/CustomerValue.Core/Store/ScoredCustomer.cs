using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Store;

/// <summary>
/// One customer's scores as of a date: what they are worth, how likely they are to leave, and the
/// action the rules recommend. <see cref="ValueAtStake"/> follows from the scores, so it is never out of step.
/// </summary>
public sealed record ScoredCustomer
{
    public required string CustomerId { get; init; }
    public required DateOnly AsOf { get; init; }

    /// <summary>Predicted value over the model's horizon, in currency units.</summary>
    public required double PredictedValue { get; init; }
    public double ValueP10 { get; init; }
    public double ValueP90 { get; init; }

    /// <summary>Probability, in [0, 1], that the customer churns within the horizon.</summary>
    public required double ChurnProbability { get; init; }

    /// <summary>P(alive) from a BTYD model; null when no such model scored the customer.</summary>
    public double? ProbabilityAlive { get; init; }
    public double ExpectedOrders { get; init; }

    /// <summary>The day by which the BTYD model gives a 50 % chance of another order; null when not expected within the horizon.</summary>
    public DateOnly? ExpectedNextOrder { get; init; }
    public required LifecycleStage Stage { get; init; }
    public string RfmSegment { get; init; } = "";

    /// <summary>Null for prospects, who have never ordered.</summary>
    public int? DaysSinceLastOrder { get; init; }
    public int Orders { get; init; }
    public double TotalSpend { get; init; }
    public string? PostalCode { get; init; }
    public string? Device { get; init; }

    /// <summary>Acquisition channel.</summary>
    public string? Channel { get; init; }

    /// <summary>The strongest reasons behind the scores, in words, strongest first.</summary>
    public IReadOnlyList<string> TopReasons { get; init; } = [];
    public string RecommendedAction { get; init; } = "";

    /// <summary>The most the recommended action should cost for this customer, in currency units.</summary>
    public double ActionMaxSpend { get; init; }

    /// <summary>
    /// Why the recommended action, in words (the trigger that placed the customer and the margin behind the ceiling);
    /// null for customers the run did not explain (by default those outside the reactivation list's stages) and for
    /// runs written before the store kept it.
    /// </summary>
    public string? ActionReason { get; init; }

    /// <summary>
    /// Monthly totals of the last <see cref="Features.OrderHistory.Months"/> months up to <see cref="AsOf"/>, oldest first,
    /// months without activity left out; empty when none (or the run was written before the store kept them).
    /// </summary>
    public IReadOnlyList<MonthlyOrders> OrderHistory { get; init; } = [];

    /// <summary>A churn table's customer labelled churned: what they would pay over the horizon if won back; 0 otherwise.</summary>
    public double WinBackValue { get; init; }

    /// <summary>
    /// Expected value lost if nothing is done: churn probability × predicted value; for a churn table's customer who has
    /// left, what winning them back would bring (<see cref="WinBackValue"/>).
    /// </summary>
    public double ValueAtStake => WinBackValue > 0 ? WinBackValue : ChurnProbability * PredictedValue;

    /// <summary>Rejects a row that would corrupt aggregates or rankings, naming the customer and the field.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(CustomerId))
            throw new InvalidDataException("A scored customer has an empty customer id.");
        Finite(PredictedValue, nameof(PredictedValue));
        Finite(ValueP10, nameof(ValueP10));
        Finite(ValueP90, nameof(ValueP90));
        Finite(ExpectedOrders, nameof(ExpectedOrders));
        Finite(TotalSpend, nameof(TotalSpend));
        Finite(ActionMaxSpend, nameof(ActionMaxSpend));
        Finite(WinBackValue, nameof(WinBackValue));
        Probability(ChurnProbability, nameof(ChurnProbability));
        if (ProbabilityAlive is { } alive) Probability(alive, nameof(ProbabilityAlive));
        if (!Enum.IsDefined(Stage))
            throw new InvalidDataException($"Customer '{CustomerId}': {nameof(Stage)} {(int)Stage} is not a lifecycle stage.");
    }

    void Finite(double value, string field)
    {
        if (!double.IsFinite(value))
            throw new InvalidDataException($"Customer '{CustomerId}': {field} is {value}, not a finite number.");
    }

    void Probability(double value, string field)
    {
        if (!(value is >= 0 and <= 1))
            throw new InvalidDataException($"Customer '{CustomerId}': {field} is {value}, outside [0, 1].");
    }
}
