using System.Globalization;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The card's <see cref="RecurringValueCard"/>: a churn table's churn per billing period, from its churned customers
/// over the periods of tenure it records (the maximum-likelihood rate of a constant churn per period, leavers counted
/// at the tenure they left with and stayers at the tenure so far).
/// </summary>
internal static class RecurringValueFit
{
    /// <summary>
    /// The columns the customers spec's <c>recurring</c> names, checked against the file: both numeric attributes. Empty
    /// when the spec has none.
    /// </summary>
    /// <exception cref="InvalidDataException">A column is missing or not numeric, or the run has transactions.</exception>
    public static IReadOnlyList<string> Columns(TrainingInput input)
    {
        if (input.CustomersSpec?.Recurring is not { } recurring || input.Customers is not { } customers)
            return [];
        var file = SourceAddress.DisplayName(customers.Report.File);
        if (input.HasTransactions)
            throw new InvalidDataException(
                $"{file}: the customers spec's \"recurring\" values the customers of a churn table trained alone; with --transactions their value is learnt from the purchases. Leave \"recurring\" out of the spec, or train on the customers file alone.");
        if (recurring.ProblemIn(customers.Schema) is { } problem)
            throw new InvalidDataException($"{file}: {problem}");
        if (recurring.Tenure is not null)
            return recurring.Columns;
        if (!customers.Customers.Any(c => c.SignupDate is not null))
            throw new InvalidDataException(
                $"{file}: the customers spec's \"recurring\" gives no \"tenure\" column, so the periods each customer paid are counted from their {ContractFields.SignupDate}, and no customer has one. Name the tenure column, or map the signup date (and {ContractFields.ChurnDate} for those who left).");
        return recurring.Columns;
    }

    /// <summary>
    /// A churn table valued by its recurring charges: the text columns saying which customers still there are set to end
    /// at the period's end (<see cref="CustomerTable.EndingStatus"/>) and whose payments are failing
    /// (<see cref="CustomerTable.FailingStatus"/>), for serving to read; none otherwise.
    /// </summary>
    public static ServedStatuses StatusesOf(TrainingInput input) =>
        !input.HasTransactions && input.CustomersSpec?.Recurring is not null && input.Customers is { } customers
            ? new ServedStatuses(customers.EndingStatus(), customers.FailingStatus())
            : new ServedStatuses(null, null);

    /// <summary><paramref name="kept"/> with the status columns, which the attribute screen may have left out as a leak.</summary>
    public static Core.Features.AttributeSchema WithStatusColumns(Core.Features.AttributeSchema kept, ServedStatuses statuses)
    {
        var missing = statuses.Columns.Where(c => !kept.CategoricalNames.Contains(c, StringComparer.Ordinal)).ToList();
        return missing.Count == 0 ? kept : new Core.Features.AttributeSchema(kept.NumericNames, [.. kept.CategoricalNames, .. missing]);
    }

    /// <summary>
    /// For a churn table trained without <c>recurring</c> whose columns look like a charge and a tenure: the note that
    /// says its values are 0 and gives the spec's part; null otherwise.
    /// </summary>
    public static string? MissingNote(TrainingInput input) =>
        !input.HasTransactions && input.CustomersSpec?.Recurring is null && input.Customers is { } customers && customers.RecurringHint() is { Length: > 0 } hint
            ? $"{SourceAddress.DisplayName(customers.Report.File)}: {hint}."
            : null;

    /// <summary>
    /// The card's notes on a churn table's charges: how to add one (<see cref="MissingNote"/>), subscriptions that never
    /// started, customers whose status says they are on their way out, or billing intervals the spec does not read.
    /// </summary>
    public static IEnumerable<string> Notes(TrainingInput input)
    {
        if (MissingNote(input) is { } missing)
            yield return missing;
        if (!input.HasTransactions && input.Customers?.NeverStartedNote() is { } neverStarted)
            yield return $"{SourceAddress.DisplayName(input.Customers.Report.File)}: {neverStarted}.";
        if (input.Customers?.AtRiskStatusNote(input.HasTransactions ? null : input.CustomersSpec?.Recurring) is { } atRisk)
            yield return $"{SourceAddress.DisplayName(input.Customers.Report.File)}: {atRisk}.";
        if (input.HasTransactions || input.CustomersSpec?.Recurring is not { } recurring || input.Customers is not { } customers)
            yield break;
        foreach (var unread in new[] { recurring.MixedIntervals(customers), recurring.UnreadIntervalCount(customers) }.OfType<string>())
            yield return $"{SourceAddress.DisplayName(customers.Report.File)}: {unread}.";
    }

    /// <summary>The card from the labelled customers of the churn table.</summary>
    /// <param name="leftWithoutDate">
    /// Tenure from signup dates: customers labelled churned without a churn date, whose tenure is not known (their days
    /// since signup run to the as-of date); left out of the rate.
    /// </param>
    /// <param name="forwardRows">
    /// A dated churn table read forward (<see cref="EvaluationPlan.Forward"/>): the customers still there a churn window
    /// before the end, labelled by whether they left within it, which the churn model learnt from. The rate scales with a
    /// customer's churn probability over the share of these who left, the probability of a customer at the table's rate;
    /// <paramref name="rows"/> (every customer as of the end) give the rate. Null: the table's own labels give both.
    /// </param>
    /// <exception cref="InvalidDataException">No customer with a tenure left, or the tenures sum to nothing.</exception>
    public static RecurringValueCard Fit(
        RecurringCharge recurring, IReadOnlyList<CustomerExample> rows, int horizonDays, string file, ISet<string> leftWithoutDate,
        IReadOnlyList<CustomerExample>? forwardRows = null)
    {
        int withTenure = 0, churned = 0, labelledChurned = 0;
        var periods = 0.0;
        var periodDays = recurring.PeriodDays;
        foreach (var row in rows)
        {
            var left = row.Labels.Churned;
            if (left)
                labelledChurned++;
            var features = row.Features;
            var tenure = recurring.Tenure is { } column
                ? features.Attributes.TryGetNumericIndex(column, out var i) ? features.NumericAttributes[i] : double.NaN
                : features.DaysSinceSignup >= 0 && !leftWithoutDate.Contains(features.CustomerId) ? features.DaysSinceSignup / periodDays : double.NaN;
            if (!(tenure >= 0) || !double.IsFinite(tenure))
                continue;
            withTenure++;
            periods += tenure;
            if (left)
                churned++;
        }
        var period = RecurringCharge.NameOf(recurring.Period);
        if (churned == 0 || periods <= 0)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{file}: the customers spec's \"recurring\" needs customers who left with a tenure ({TenureSource(recurring)}) to tell how fast customers leave; {withTenure:N0} customers have a tenure, {churned:N0} of them labelled churned, over {periods:N0} {period}s."));
        var rate = churned / periods;
        var labelRate = forwardRows is { Count: > 0 }
            ? (double)forwardRows.Count(r => r.Labels.Churned) / forwardRows.Count
            : (double)labelledChurned / rows.Count;
        var card = new RecurringValueCard(recurring.Charge, recurring.Tenure, recurring.Period, withTenure, churned, periods, rate, labelRate, "")
        {
            IntervalColumn = recurring.Interval, QuantityColumn = recurring.Quantity, IntervalCountColumn = recurring.IntervalCount, ChargeFactor = recurring.Factor,
        };
        var horizon = card.HorizonPeriods(horizonDays);
        var reading = string.Create(CultureInfo.InvariantCulture,
            $"Value is {card.ChargeDescription} times the {period}s a customer is expected to pay within the horizon ({horizon} {period}s)")
            + (recurring.Interval is null ? ". " : $", each customer's charge read per {period} from their '{recurring.Interval}'"
                + (recurring.IntervalCount is null ? ". " : $" and '{recurring.IntervalCount}'. "))
            + string.Create(CultureInfo.InvariantCulture,
            $"{churned:N0} of the {withTenure:N0} customers left over {periods:N0} {period}s of tenure ({TenureSource(recurring)}): {rate:0.00%} a {period}, an expected stay of {1 / rate:N1} {period}s, for a customer at ")
            + (forwardRows is { Count: > 0 }
                ? string.Create(CultureInfo.InvariantCulture, $"the churn probability of the customers there a churn window before the end, {labelRate:0.0%} of whom left within it; ")
                : string.Create(CultureInfo.InvariantCulture, $"the table's churn probability of {labelRate:0.0%}; "))
            + "a customer's rate scales with their own churn probability, and a customer the table labels churned has left (value 0). "
            + "This reads the table as holding the customers who left as well as those who stay, each leaver with the tenure they left with."
            + (leftWithoutDate.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $" {leftWithoutDate.Count:N0} customers labelled churned without a {ContractFields.ChurnDate} have no known tenure and are left out of the rate.") : "");
        return card with { Reading = reading };
    }

    /// <summary>
    /// A churn table read forward: <paramref name="card"/> with what the customers there at <paramref name="cutoff"/>
    /// were predicted to pay over the horizon (valued as serving values them, from the held-out churn probabilities in
    /// <paramref name="heldOut"/>) and what they paid, a charge for each whole period they stayed before their churn date.
    /// Unchanged when the horizon runs past the churn window, whose end the dates reach.
    /// </summary>
    public static RecurringValueCard Tested(
        RecurringValueCard card, HeldOut heldOut, IReadOnlyList<CustomerExample> rows, IReadOnlyList<CustomerValue.Core.Domain.CustomerProfile> profiles,
        DateOnly cutoff, int horizonDays, int windowDays)
    {
        if (horizonDays > windowDays || heldOut.CustomerIds.Count == 0)
            return card;
        var byId = rows.ToDictionary(r => r.Features.CustomerId, r => r.Features, StringComparer.Ordinal);
        var left = profiles.ToDictionary(p => p.CustomerId, p => p.ChurnDate, StringComparer.Ordinal);
        var periods = card.HorizonPeriods(horizonDays);
        var periodDays = RecurringCharge.DaysIn(card.Period);
        double predicted = 0, paid = 0;
        for (var i = 0; i < heldOut.CustomerIds.Count; i++)
        {
            var id = heldOut.CustomerIds[i];
            if (!byId.TryGetValue(id, out var row) || card.ChargeOf(row) is not (> 0 and var charge) || !double.IsFinite(charge))
                continue;
            predicted += card.ValueOf(charge, heldOut.Churn[i], horizonDays).Value;
            var stayed = left.GetValueOrDefault(id) is { } gone && gone.DayNumber - cutoff.DayNumber < periods * periodDays
                ? (int)Math.Floor((gone.DayNumber - cutoff.DayNumber) / periodDays)
                : periods;
            paid += charge * Math.Clamp(stayed, 0, periods);
        }
        return card with { TestPredicted = predicted, TestPaid = paid };
    }

    static string TenureSource(RecurringCharge recurring) =>
        recurring.Tenure is { } column ? $"'{column}'" : $"{ContractFields.SignupDate} to {ContractFields.ChurnDate}, or to the as-of date for those who stay";
}

/// <summary>The status columns serving reads of a churn table valued by its charges, each with the values that say so; null where the table has none.</summary>
internal sealed record ServedStatuses((string Column, IReadOnlyList<string> Values)? Ending, (string Column, IReadOnlyList<string> Values)? Failing)
{
    /// <summary>The columns, each once.</summary>
    public IReadOnlyList<string> Columns => [.. new[] { Ending?.Column, Failing?.Column }.OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary><paramref name="card"/> reading them.</summary>
    public RecurringValueCard On(RecurringValueCard card) => card with
    {
        EndingColumn = Ending?.Column, EndingValues = Ending?.Values, FailingColumn = Failing?.Column, FailingValues = Failing?.Values,
    };
}
