using CustomerValue.Core.Data;
using CustomerValue.Core.Features;

namespace CustomerValue.Core.Models.Bundles;

/// <summary>
/// How a churn table's bundle values a customer: the charge per billing period times the periods they are expected to
/// pay within the horizon. Each customer's churn per period is taken as constant and proportional to the churn model's
/// probability, at the table's own level: <see cref="ChurnPerPeriod"/> (churned customers over the periods of tenure the
/// table records) for a customer at the table's churn rate (<see cref="LabelRate"/>). A customer the table labels churned
/// has left: their value is 0.
/// </summary>
/// <param name="ChargeColumn">The attribute with the charge per billing period.</param>
/// <param name="TenureColumn">The attribute with the periods paid so far (or until the customer left); null when they were counted from the signup and churn dates.</param>
/// <param name="Period">The billing period both columns count in.</param>
/// <param name="Customers">Labelled customers with a tenure, whose periods <see cref="ChurnPerPeriod"/> divides by.</param>
/// <param name="Churned">Of them, those labelled churned.</param>
/// <param name="PeriodsObserved">Σ tenure of those customers: the periods the table watched them for.</param>
/// <param name="ChurnPerPeriod"><see cref="Churned"/> ÷ <see cref="PeriodsObserved"/>.</param>
/// <param name="LabelRate">Share of the labelled customers labelled churned: the churn probability of an average customer.</param>
/// <param name="Reading">The figures in one sentence, as the report and <c>cvml train</c> print them.</param>
public sealed record RecurringValueCard(
    string ChargeColumn, string? TenureColumn, BillingPeriod Period, int Customers, int Churned, double PeriodsObserved,
    double ChurnPerPeriod, double LabelRate, string Reading)
{
    /// <summary>
    /// A churn table read forward: what its customers still there at the cutoff were predicted to pay over the horizon
    /// after it, valued as serving values them from their held-out churn probabilities; null otherwise.
    /// </summary>
    public double? TestPredicted { get; init; }

    /// <summary>What those customers paid over the same horizon: the charge for each period begun before their churn date.</summary>
    public double? TestPaid { get; init; }

    /// <summary>The billing period in words: "month".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string PeriodName => RecurringCharge.NameOf(Period);

    /// <summary>Billing periods within a horizon of <paramref name="horizonDays"/> (at least one).</summary>
    public int HorizonPeriods(int horizonDays) => Math.Max(1, (int)Math.Round(horizonDays / RecurringCharge.DaysIn(Period)));

    /// <summary>
    /// The attribute with each customer's billing interval when charges are per a customer's own interval ("month",
    /// "year"): <see cref="ChargeOf"/> reads each per <see cref="Period"/>. Null: every charge is per <see cref="Period"/>.
    /// </summary>
    public string? IntervalColumn { get; init; }

    /// <summary>The attribute with the units each charge is for (seats); null when the charge is the whole charge.</summary>
    public string? QuantityColumn { get; init; }

    /// <summary>The attribute counting the intervals one charge pays for (3 months: quarterly); null when each charge is per one interval.</summary>
    public string? IntervalCountColumn { get; init; }

    /// <summary>The number every charge is multiplied by (0.01 for cents, the spec's <c>factor</c>); null for none.</summary>
    public double? ChargeFactor { get; init; }

    /// <summary>
    /// The text attribute whose <see cref="EndingValues"/> say a subscription is set to end at the period's end
    /// (Chargebee's <c>Status</c> of <c>non_renewing</c>, Stripe's <c>Cancel At Period End</c> of <c>true</c>), found in
    /// the table by training; null when it has none. Such a customer has cancelled: valued as one who left, with what
    /// staying would bring at stake. The models never read the column: a status is known for the export's day only.
    /// </summary>
    public string? EndingColumn { get; init; }

    /// <summary>The values of <see cref="EndingColumn"/> that say so, as the file writes them; matched trimmed, in any case.</summary>
    public IReadOnlyList<string>? EndingValues { get; init; }

    /// <summary>
    /// The text attribute whose <see cref="FailingValues"/> say a subscription's payments are failing (Stripe's and
    /// Chargebee's <c>past_due</c>, Stripe's <c>unpaid</c>), found in the table by training; null when it has none. Such a
    /// customer is offered a payment recovery first. The models never read the column.
    /// </summary>
    public string? FailingColumn { get; init; }

    /// <summary>The values of <see cref="FailingColumn"/> that say so, as the file writes them; matched trimmed, in any case.</summary>
    public IReadOnlyList<string>? FailingValues { get; init; }

    /// <summary>Whether the row's <see cref="EndingColumn"/> says its subscription is set to end at the period's end.</summary>
    public bool EndsAtPeriodEnd(FeatureRow row) => Says(row, EndingColumn, EndingValues);

    /// <summary>Whether the row's <see cref="FailingColumn"/> says its subscription's payments are failing.</summary>
    public bool PaymentsFailing(FeatureRow row) => Says(row, FailingColumn, FailingValues);

    static bool Says(FeatureRow row, string? column, IReadOnlyList<string>? values)
    {
        ArgumentNullException.ThrowIfNull(row);
        return column is not null && values is { Count: > 0 } && row.Attributes.TryGetCategoricalIndex(column, out var i)
            && row.CategoricalAttributes[i] is { } text && values.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The row's charge per billing period: the charge column, times the quantity column's units, per <see cref="Period"/>
    /// from the interval column's (a yearly 490 is 40.83 a month) and the interval count's (90 every 3 months is 30 a
    /// month); NaN when the row lacks one of them.
    /// </summary>
    public double ChargeOf(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        BillingPeriod? interval = null;
        if (IntervalColumn is not null)
        {
            if (!TryInterval(row, out var own))
                return double.NaN;
            interval = own;
        }
        return RecurringCharge.PerPeriod(Numeric(row, ChargeColumn), QuantityColumn is null ? null : Numeric(row, QuantityColumn), interval,
            IntervalCountColumn is null ? null : Numeric(row, IntervalCountColumn), Period, ChargeFactor);
    }

    /// <summary>
    /// The column to name when <see cref="ChargeOf"/> gives no charge above 0: the first of the interval (missing, or no
    /// billing period), the quantity and the charge that the row lacks, else the charge column.
    /// </summary>
    public string LackingColumn(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (IntervalColumn is not null && !TryInterval(row, out _))
            return IntervalColumn;
        if (IntervalCountColumn is not null && !(Numeric(row, IntervalCountColumn) > 0))
            return IntervalCountColumn;
        if (QuantityColumn is not null && !(Numeric(row, QuantityColumn) > 0))
            return QuantityColumn;
        return ChargeColumn;
    }

    /// <summary>The columns a charge is read from, as sentences name them: <c>'Amount' × 'Quantity', per 'Interval'</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ChargeDescription => RecurringCharge.Describe(ChargeColumn, QuantityColumn, IntervalColumn, IntervalCountColumn, ChargeFactor);

    /// <summary>The row's own billing interval, read from <see cref="IntervalColumn"/>; false when it has none that names a period.</summary>
    bool TryInterval(FeatureRow row, out BillingPeriod interval)
    {
        interval = Period;
        return IntervalColumn is not null && row.Attributes.TryGetCategoricalIndex(IntervalColumn, out var i)
            && RecurringCharge.TryParsePeriod(row.CategoricalAttributes[i], out interval);
    }

    static double Numeric(FeatureRow row, string column) =>
        row.Attributes.TryGetNumericIndex(column, out var i) ? row.NumericAttributes[i] : double.NaN;

    /// <summary>
    /// The days the row's customer has paid for: the tenure column's periods × the period's days; null without a tenure
    /// column (periods counted from signup dates, which the row carries itself) or where the row lacks a usable value.
    /// </summary>
    public int? TenureDaysOf(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return TenureColumn is not null && row.Attributes.TryGetNumericIndex(TenureColumn, out var i)
            && row.NumericAttributes[i] is var periods && double.IsFinite(periods) && periods >= 0
            ? (int)Math.Round(periods * RecurringCharge.DaysIn(Period))
            : null;
    }

    /// <summary>The chance that a customer with this churn probability leaves before the next period's charge.</summary>
    public double ChurnPerPeriodOf(double churnProbability) =>
        double.IsFinite(churnProbability) && LabelRate > 0 ? Math.Clamp(churnProbability * ChurnPerPeriod / LabelRate, 0, 1) : ChurnPerPeriod;

    /// <summary>
    /// The value of a customer still under contract over the horizon, and its 10th and 90th percentiles: the charge
    /// times the periods paid, which run on while the customer stays (geometric) and stop at the horizon.
    /// </summary>
    public RecurringValue ValueOf(double charge, double churnProbability, int horizonDays)
    {
        if (!double.IsFinite(charge) || charge <= 0)
            return default;
        var periods = HorizonPeriods(horizonDays);
        var stay = 1 - ChurnPerPeriodOf(churnProbability);
        var expected = stay >= 1 ? periods : stay * (1 - Math.Pow(stay, periods)) / (1 - stay);
        return new RecurringValue(charge * expected, charge * PeriodsPaid(stay, periods, 0.1), charge * PeriodsPaid(stay, periods, 0.9), expected);
    }

    /// <summary>
    /// The <paramref name="quantile"/> of the periods paid within <paramref name="periods"/>, K = min(G, periods) where
    /// P(G ≥ k) = stayᵏ: the least k with 1 − stayᵏ⁺¹ ≥ quantile.
    /// </summary>
    static int PeriodsPaid(double stay, int periods, double quantile)
    {
        if (stay >= 1)
            return periods;
        if (stay <= 0)
            return 0;
        var k = Math.Ceiling(Math.Log(1 - quantile) / Math.Log(stay) - 1e-12) - 1;
        return (int)Math.Clamp(k, 0, periods);
    }
}

/// <summary>A customer's value over the horizon from their recurring charge (<see cref="RecurringValueCard.ValueOf"/>).</summary>
/// <param name="ExpectedPeriods">The billing periods they are expected to pay within the horizon.</param>
public readonly record struct RecurringValue(double Value, double P10, double P90, double ExpectedPeriods);
