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
    /// <summary>Days in one <see cref="Period"/> (a month is a twelfth of 365.25 days).</summary>
    public double PeriodDays => DaysIn(Period);

    /// <summary>
    /// What stops the two columns from valuing the file's customers (one missing, spelled otherwise or holding text),
    /// as the end of a sentence that starts with the file's name; null when both are numeric attributes.
    /// </summary>
    public string? ProblemIn(AttributeSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var (role, column) in Tenure is null ? [("charge", Charge)] : new[] { ("charge", Charge), ("tenure", Tenure) })
        {
            var found = schema.Find(column);
            if (found is { Type: AttributeType.Numeric } && found.Name == column)
                continue;
            return $"the customers spec's \"recurring\" {role} column '{column}' " + (found is null
                ? $"is not one of the file's attribute columns ({string.Join(", ", schema.Attributes.Select(a => a.Name))})."
                : found.Name != column ? $"is spelled '{found.Name}' in the file: name it so."
                : "is not numeric: some of its values are not numbers (a spec's \"blankValues\" can read blanks as zero).");
        }
        return null;
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
