namespace CustomerValue.Core.Data;

/// <summary>
/// A churn table's billing: the column with each customer's charge per billing period and the column with how many
/// periods they have been (or were, until they left) a customer. Both stay attributes the churn model may read; with
/// them a contract bundle predicts a value (the charge over the periods the customer is expected to stay within the
/// horizon), not a churn probability alone.
/// </summary>
/// <param name="Charge">The attribute column with the charge per billing period (MonthlyCharges, say).</param>
/// <param name="Tenure">
/// The attribute column with the billing periods the customer has paid so far (tenure); null to count them from the
/// file's signup dates, to the churn date for those who left and to the as-of date for those who stay.
/// </param>
/// <param name="Period">How long one billing period is; both columns count in it.</param>
public sealed record RecurringCharge(string Charge, string? Tenure = null, BillingPeriod Period = BillingPeriod.Month)
{
    /// <summary>
    /// The column naming each customer's own billing interval ("month", "year", as a subscriptions export that mixes
    /// monthly and yearly plans writes it), when the charge is per that interval: each charge is then read per
    /// <see cref="Period"/> (a yearly 490 is 40.83 a month). Null: every charge is per <see cref="Period"/>.
    /// </summary>
    public string? Interval { get; init; }

    /// <summary>The column with the units the charge is for (seats, licences): the charge is multiplied by it. Null: the charge is the whole charge.</summary>
    public string? Quantity { get; init; }

    /// <summary>
    /// With <see cref="Interval"/>, the column counting the intervals one charge pays for (Stripe's and Recurly's interval
    /// count, Chargebee's billing period: 3 with "month" is a quarterly plan): the charge is then per that many intervals.
    /// Null: every charge is per one interval.
    /// </summary>
    public string? IntervalCount { get; init; }

    /// <summary>
    /// A number every charge is multiplied by: 0.01 for charges written in cents (Recurly's <c>unit_amount_in_cents</c>).
    /// Null: the charge is in currency units.
    /// </summary>
    public double? Factor { get; init; }

    /// <summary>The columns the spec names, the charge first: the attributes a bundle needs to value a customer.</summary>
    public IReadOnlyList<string> Columns => [Charge, .. new[] { Tenure, Quantity, Interval, IntervalCount }.OfType<string>()];

    /// <summary>
    /// A charge per <paramref name="period"/>: <paramref name="charge"/> × <paramref name="quantity"/>, per
    /// <paramref name="count"/> × <paramref name="interval"/> (a yearly 490 for 3 seats is 122.50 a month, 90 every 3
    /// months 30), times the spec's <paramref name="factor"/> (0.01 for cents); a null factor is left out, and a count not
    /// above 0 gives NaN. Serving and validate read charges so.
    /// </summary>
    public static double PerPeriod(double charge, double? quantity, BillingPeriod? interval, double? count, BillingPeriod period, double? factor = null)
    {
        if (quantity is { } units)
            charge *= units;
        if (interval is { } own)
            charge = charge * DaysIn(period) / DaysIn(own);
        if (count is { } intervals)
            charge = intervals > 0 ? charge / intervals : double.NaN;
        if (factor is { } times)
            charge *= times;
        return charge;
    }

    /// <summary>
    /// A customer's charge per <see cref="Period"/> from their attributes as the file wrote them (numbers read as the
    /// models read them); NaN when one of the spec's columns is missing, not a number or not a billing interval.
    /// </summary>
    public double ChargeOf(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        double Read(string column) => NumberIn(attributes, column);
        BillingPeriod? interval = null;
        if (Interval is not null)
        {
            if (!attributes.TryGetValue(Interval, out var text) || !TryParsePeriod(text, out var own))
                return double.NaN;
            interval = own;
        }
        return PerPeriod(Read(Charge), Quantity is null ? null : Read(Quantity), interval, IntervalCount is null ? null : Read(IntervalCount), Period, Factor);
    }

    /// <summary>The columns a charge is read from, as sentences name them: <c>'Amount' × 'Quantity', per 'Interval'</c>.</summary>
    public string Description => Describe(Charge, Quantity, Interval, IntervalCount, Factor);

    /// <summary>As <see cref="Description"/>, for the columns named.</summary>
    public static string Describe(string charge, string? quantity, string? interval, string? count, double? factor = null) =>
        $"'{charge}'" + (factor is { } times ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" × {times:0.######}") : "")
        + (quantity is null ? "" : $" × '{quantity}'")
        + (interval is null ? "" : count is null ? $", per '{interval}'" : $", per '{count}' × '{interval}'");

    /// <summary>Days in one <see cref="Period"/> (a month is a twelfth of 365.25 days).</summary>
    public double PeriodDays => DaysIn(Period);

    /// <summary>
    /// What stops the two columns from valuing the file's customers (one missing, spelled otherwise or holding text),
    /// as the end of a sentence that starts with the file's name; null when both are numeric attributes.
    /// </summary>
    public string? ProblemIn(AttributeSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        // The interval holds words; the others are numbers.
        foreach (var (role, column, numeric) in new[] { ("interval", Interval, false), ("charge", Charge, true), ("tenure", Tenure, true), ("quantity", Quantity, true), ("intervalCount", IntervalCount, true) })
        {
            if (column is null)
                continue;
            var found = schema.Find(column);
            if (found is not null && found.Name == column && (!numeric || found.Type == AttributeType.Numeric))
                continue;
            return $"the customers spec's \"recurring\" {role} column '{column}' " + (found is null
                ? $"is not one of the file's attribute columns ({string.Join(", ", schema.Attributes.Select(a => a.Name))})."
                : found.Name != column ? $"is spelled '{found.Name}' in the file: name it so."
                : "is not numeric: some of its values are not numbers (a spec's \"blankValues\" can read blanks as zero).");
        }
        return null;
    }

    /// <summary>
    /// A text attribute whose every value names a billing interval, two or more of them (month and year, as a
    /// subscriptions export mixing monthly and yearly plans writes them), when the spec reads no <see cref="Interval"/>:
    /// every charge is then read per <see cref="Period"/>, and a charge per year counts as a month's. What it means and
    /// the spec that reads it, or null.
    /// </summary>
    public string? MixedIntervals(CustomerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (Interval is not null)
            return null;
        foreach (var attribute in table.Schema.Categorical)
        {
            var counts = new SortedDictionary<BillingPeriod, int>();
            var every = true;
            foreach (var customer in table.Customers)
            {
                if (!customer.Attributes.TryGetValue(attribute.Name, out var text) || string.IsNullOrWhiteSpace(text))
                    continue;
                if (!(every = TryParsePeriod(text, out var period)))
                    break;
                counts[period] = counts.GetValueOrDefault(period) + 1;
            }
            if (every && counts.Count > 1)
                return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"column '{attribute.Name}' names {counts.Count} billing intervals ({string.Join(", ", counts.Select(c => $"{NameOf(c.Key)} {c.Value:N0}"))}), and every '{Charge}' is read as a charge per {NameOf(Period)}, ")
                    + $"so a charge per {NameOf(counts.Keys.First(p => p != Period))} counts as a {NameOf(Period)}'s; give the spec's \"recurring\" \"interval\": \"{attribute.Name}\", which reads each customer's charge per {NameOf(Period)} from it";
        }
        return null;
    }

    /// <summary>
    /// A numeric column counting the intervals one charge pays for, when the spec reads an <see cref="Interval"/> but no
    /// <see cref="IntervalCount"/> and some customer's count is not 1 (Stripe's "Interval Count" of 3 with "month" for a
    /// quarterly plan): their charge is then read as one interval's, three times what it is. What it means and the spec
    /// that reads it, or null.
    /// </summary>
    public string? UnreadIntervalCount(CustomerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (Interval is null || IntervalCount is not null)
            return null;
        foreach (var attribute in table.Schema.Numeric)
        {
            if (!IsIntervalCountName(attribute.Name) || attribute.Name == Interval)
                continue;
            var counts = new SortedDictionary<double, int>();
            foreach (var customer in table.Customers)
            {
                if (NumberIn(customer.Attributes, attribute.Name) is var count && count > 0 && count != 1)
                    counts[count] = counts.GetValueOrDefault(count) + 1;
            }
            if (counts.Count > 0)
                return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"column '{attribute.Name}' counts the intervals one charge pays for, and {counts.Values.Sum():N0} {(counts.Values.Sum() == 1 ? "customer's charge is" : "customers' charges are")} for more than one ({string.Join(", ", counts.Take(5).Select(c => $"{c.Key:0.##} × {c.Value:N0}"))}), ")
                    + $"but every '{Charge}' is read as a charge per one '{Interval}', so a charge every 3 months counts as one month's; give the spec's \"recurring\" \"intervalCount\": \"{attribute.Name}\", which divides each charge by it";
        }
        return null;
    }

    /// <summary>An attribute's number as the models read it (invariant culture); NaN when it is missing or not a finite number.</summary>
    static double NumberIn(IReadOnlyDictionary<string, string> attributes, string column) =>
        attributes.TryGetValue(column, out var text)
        && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
        && double.IsFinite(value) ? value : double.NaN;

    /// <summary>Column names (letters and digits only, lower case) that count the intervals a charge pays for.</summary>
    public static readonly string[] IntervalCountNames =
    [
        "intervalcount", "planintervalcount", "priceintervalcount", "recurringintervalcount", "billingintervalcount",
        "intervallength", "planintervallength", "billingperiod", "billingperiods", "billingperiodcount", "billingfrequency",
        "billingcyclefrequency", "billingcyclecount",
    ];

    /// <summary>
    /// Whether a column's name says it counts the intervals one charge pays for (<see cref="IntervalCountNames"/>), whole
    /// or after the object it is qualified by (Chargebee's <c>subscription.billing_period</c>).
    /// </summary>
    public static bool IsIntervalCountName(string column) =>
        IntervalCountNames.Contains(Letters(column)) || (column.LastIndexOf('.') is var dot and > 0 && IntervalCountNames.Contains(Letters(column[(dot + 1)..])));

    static string Letters(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    /// <summary>The words a billing interval column may hold for each period, in any letter case.</summary>
    public const string PeriodWords = "day, week, month, quarter or year (daily, weekly, monthly, quarterly, yearly, annual)";

    /// <summary>Reads an interval column's value: "month", "Monthly", "year", "annual", … (<see cref="PeriodWords"/>).</summary>
    public static bool TryParsePeriod(ReadOnlySpan<char> text, out BillingPeriod period)
    {
        Span<char> lower = stackalloc char[12];
        var trimmed = text.Trim();
        period = BillingPeriod.Month;
        if (trimmed.Length > lower.Length)
            return false;
        lower = lower[..trimmed.ToLowerInvariant(lower)];
        BillingPeriod? read = lower switch
        {
            "day" or "daily" or "days" => BillingPeriod.Day,
            "week" or "weekly" or "weeks" => BillingPeriod.Week,
            "month" or "monthly" or "months" => BillingPeriod.Month,
            "quarter" or "quarterly" or "quarters" => BillingPeriod.Quarter,
            "year" or "yearly" or "years" or "annual" or "annually" => BillingPeriod.Year,
            _ => null,
        };
        period = read ?? BillingPeriod.Month;
        return read is not null;
    }

    /// <summary>The period in words, as sentences name it: "month".</summary>
    public static string NameOf(BillingPeriod period) => period.ToString().ToLowerInvariant();

    public static double DaysIn(BillingPeriod period) => period switch
    {
        BillingPeriod.Day => 1,
        BillingPeriod.Week => 7,
        BillingPeriod.Month => 365.25 / 12,
        BillingPeriod.Quarter => 365.25 / 4,
        BillingPeriod.Year => 365.25,
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "not a billing period"),
    };
}

/// <summary>The length of one billing period of a <see cref="RecurringCharge"/>.</summary>
public enum BillingPeriod
{
    Month,
    Day,
    Week,
    Quarter,
    Year,
}
