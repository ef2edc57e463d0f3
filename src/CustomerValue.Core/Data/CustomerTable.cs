using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Data;

/// <summary>A customers file read into memory: profiles, the schema of their extra attributes, and the load report.</summary>
public sealed class CustomerTable(IReadOnlyList<CustomerProfile> customers, AttributeSchema schema, LoadReport report)
{
    public IReadOnlyList<CustomerProfile> Customers { get; } = customers;
    public AttributeSchema Schema { get; } = schema;
    public LoadReport Report { get; } = report;

    /// <summary>Customers labelled churned: by the churned flag, or by a churn date where the flag is blank.</summary>
    public int Churned => Customers.Count(c => c.ChurnLabel == true);

    /// <summary>
    /// Whether the table gives churn dates and no churned flag: a subscription export, whose customers without a
    /// cancellation date are still customers (training on the table alone reads them as not churned).
    /// </summary>
    public bool ChurnDatesOnly => Customers.All(c => c.Churned is null) && Customers.Any(c => c.ChurnDate is not null);

    /// <summary>
    /// The latest signup or churn date in the table; null when it has none. A churn table alone is as of it by default:
    /// an export's stayers are counted to its last day, not to the day it is read.
    /// </summary>
    public DateOnly? LastDate => Customers.Select(c => Later(c.SignupDate, c.ChurnDate)).Max();

    static DateOnly? Later(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;
    public int NotChurned => Customers.Count(c => c.ChurnLabel == false);
    public int Unlabeled => Customers.Count(c => c.ChurnLabel is null);

    /// <summary>Whether any customer has a given churn label: a churned flag or a churn date.</summary>
    public bool HasChurnLabels => Customers.Any(c => c.ChurnLabel is not null);

    /// <summary>
    /// For a table without churn labels: the spec's parts that most likely read one from its columns (a column named like
    /// Exited or Attrition_Flag, or the columns of yes/no values); "" when none looks like one.
    /// </summary>
    public string ChurnLabelHint() => HeaderGuess.ChurnLabelHint(this);

    /// <summary>
    /// For a churn table without a spec's <c>recurring</c>: the spec's part that values its customers when two numeric
    /// columns look like a charge per period and a tenure (MonthlyCharges, tenure); "" when none do.
    /// </summary>
    public string RecurringHint() => HeaderGuess.RecurringHint(this);

    /// <summary>Postal codes whose leading zeros a spreadsheet dropped (<see cref="PostalCodes.StrippedZerosNote"/>), or null.</summary>
    public string? StrippedZerosNote() => PostalCodes.StrippedZerosNote(Customers.Select(c => c.PostalCode));

    /// <summary>Status words (letters only, lower case) of a subscription that never started: its first payment never went through.</summary>
    static readonly HashSet<string> NeverStartedWords = new(StringComparer.Ordinal) { "incompleteexpired", "incomplete" };

    /// <summary>
    /// A text attribute naming subscriptions that never started (Stripe's <c>incomplete_expired</c> and <c>incomplete</c>: the
    /// first payment failed or is still awaited), whose rows read as customers who left on the day they joined, or did
    /// not pay yet: they raise the churn rate the models learn and the customers valued. What it means and the spec's
    /// <c>exclude</c> that leaves them out, or null.
    /// </summary>
    public string? NeverStartedNote()
    {
        foreach (var attribute in Schema.Categorical)
        {
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var customer in Customers)
            {
                if (customer.Attributes.TryGetValue(attribute.Name, out var text)
                    && LetterWords.Contain(NeverStartedWords, text))
                    counts[text.Trim()] = counts.GetValueOrDefault(text.Trim()) + 1;
            }
            if (counts.Count == 0)
                continue;
            var total = counts.Values.Sum();
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"column '{attribute.Name}' says {string.Join(" and ", counts.Select(c => $"'{c.Key}' of {c.Value:N0}"))} of the {Customers.Count:N0} customers: subscriptions that never started (the first payment failed, or is still awaited); ")
                + $"read as customers, they count as customers who left at once, or who pay, and raise the churn rate the models learn (lowering the value of those who stay); a source spec with \"exclude\": {{ {System.Text.Json.JsonSerializer.Serialize(attribute.Name)}: [{string.Join(", ", counts.Keys.Select(k => System.Text.Json.JsonSerializer.Serialize(k)))}] }} leaves them out";
        }
        return null;
    }

    /// <summary>Status words (letters only, lower case) of a subscription set to end at its period's end: Chargebee's <c>non_renewing</c>.</summary>
    static readonly HashSet<string> EndingWords = new(StringComparer.Ordinal)
    {
        "nonrenewing", "pendingcancel", "pendingcancellation", "scheduledcancellation", "cancellationscheduled", "scheduledtocancel",
    };

    /// <summary>Status words of a subscription whose payments are failing: Stripe's, Recurly's and Paddle's <c>past_due</c>, Stripe's <c>unpaid</c>.</summary>
    static readonly HashSet<string> FailingWords = new(StringComparer.Ordinal)
    {
        "pastdue", "unpaid", "paymentfailed", "dunning", "indunning", "overdue", "delinquent",
    };

    /// <summary>Status words of a paused subscription.</summary>
    static readonly HashSet<string> PausedWords = new(StringComparer.Ordinal) { "paused", "suspended", "onhold" };

    /// <summary>Column names (letters only, lower case) of a flag saying a subscription ends at its period's end: Stripe's <c>Cancel At Period End</c>.</summary>
    static readonly HashSet<string> EndAtPeriodEndColumns = new(StringComparer.Ordinal) { "cancelatperiodend", "cancelsatperiodend", "cancelattheendoftheperiod" };

    static readonly HashSet<string> Truthy = new(StringComparer.Ordinal) { "true", "yes", "y", "t" };

    /// <summary>
    /// The customers still there (not labelled churned, no churn date) whose status says they are on their way out: a
    /// subscription set to end at its period's end (<c>non_renewing</c>, a <c>Cancel At Period End</c> flag), one whose
    /// payments are failing (<c>past_due</c>, <c>unpaid</c>) or one paused. An export records a status for its own day
    /// only, so no model learns from it (at every earlier cutoff it is unknown, and a column that also says
    /// <c>canceled</c> is left out as a leak of the churn label): the models value these customers as any other, and the
    /// forecast counts them as staying. With <paramref name="recurring"/> (a churn table valued by its charges) serving
    /// reads the columns that say so of the most (<see cref="EndingStatus"/>, <see cref="FailingStatus"/>): it values
    /// those set to end as leaving and offers those whose payments are failing a payment recovery. How
    /// many, what they pay per period when <paramref name="recurring"/> reads charges, and what is done; null when there
    /// are none.
    /// </summary>
    public string? AtRiskStatusNote(RecurringCharge? recurring = null)
    {
        var staying = Stayers();
        var found = StatusesOf(staying);
        if (found.Count == 0)
            return null;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var counts = string.Join("; ", found.GroupBy(f => f.Column).Select(g =>
            $"column '{g.Key}' says {string.Join(", ", g.Select(f => string.Create(inv, $"'{f.Value}' of {f.Customers.Count:N0} ({f.Meaning})")))}"));
        var atRisk = found.SelectMany(f => f.Customers).Distinct().ToList();
        var paying = "";
        if (recurring is not null)
        {
            static double Read(double charge) => double.IsFinite(charge) && charge > 0 ? charge : 0;
            var all = staying.Sum(c => Read(recurring.ChargeOf(c.Attributes)));
            var theirs = atRisk.Sum(c => Read(recurring.ChargeOf(c.Attributes)));
            if (all > 0)
                paying = string.Create(inv, $", paying {theirs:N2} of the {all:N2} a {RecurringCharge.NameOf(recurring.Period)} they all pay ({theirs / all:0.0%})");
        }
        // A churn table valued by its charges serves the statuses that say so of the most customers: set to end, they are
        // valued as leaving; payments failing, they are offered a payment recovery.
        var ending = recurring is not null ? ColumnSaying(found, SetToEnd)?.Column : null;
        var failing = recurring is not null ? ColumnSaying(found, PaymentsFailing)?.Column : null;
        bool Served((string Column, string Value, string Meaning, List<CustomerProfile> Customers) f) =>
            (f.Column == ending && f.Meaning == SetToEnd) || (f.Column == failing && f.Meaning == PaymentsFailing);
        var others = found.Where(f => !Served(f)).ToList();
        var served = new List<string>();
        if (ending is not null)
            served.Add($"those set to end at the period's end by '{ending}' are valued as customers who have left, with what keeping them would bring at stake (Retention, a retention offer)");
        if (failing is not null)
            served.Add($"those whose payments are failing by '{failing}' are valued as others are, and offered a payment recovery first (Retention)");
        return string.Create(inv, $"{counts}, of the {staying.Count:N0} customers still there{paying}: ")
            + string.Join("; ", served) + (served.Count > 0 && others.Count > 0 ? "; " : "")
            + (others.Count == 0 ? ""
                : $"an export records a status for its own day only, which no model can learn from (at every earlier cutoff it is unknown), so {(served.Count == 0 ? "they" : "the others")} are valued as customers who stay, "
                  + "and the forecast counts them in full; they are the customers to reach first (a retention offer, a payment reminder)");
    }

    /// <summary>What a status says of a subscription set to end at its period's end.</summary>
    const string SetToEnd = "set to end at the period's end";

    /// <summary>What a status says of a subscription whose payments are failing.</summary>
    const string PaymentsFailing = "payments failing";

    /// <summary>
    /// The text column whose values say, for the most customers still there, that their subscription is set to end at
    /// the period's end (Chargebee's <c>non_renewing</c>, a <c>Cancel At Period End</c> flag's true), with those values as
    /// the file writes them (trimmed); null when no column says so of anyone. A churn table's bundle values such a
    /// customer as one who has left (<see cref="Models.Bundles.RecurringValueCard.EndingColumn"/>).
    /// </summary>
    public (string Column, IReadOnlyList<string> Values)? EndingStatus() => ColumnSaying(StatusesOf(Stayers()), SetToEnd);

    /// <summary>
    /// As <see cref="EndingStatus"/>, for the values saying a subscription's payments are failing (<c>past_due</c>,
    /// <c>unpaid</c>): a churn table's bundle offers those customers a payment recovery
    /// (<see cref="Models.Bundles.RecurringValueCard.FailingColumn"/>).
    /// </summary>
    public (string Column, IReadOnlyList<string> Values)? FailingStatus() => ColumnSaying(StatusesOf(Stayers()), PaymentsFailing);

    /// <summary>Of <paramref name="found"/>, the column whose values say <paramref name="meaning"/> of the most customers (on a tie the first in the file), with those values.</summary>
    static (string Column, IReadOnlyList<string> Values)? ColumnSaying(List<(string Column, string Value, string Meaning, List<CustomerProfile> Customers)> found, string meaning) =>
        // MaxBy keeps the first of equals.
        found.Where(f => f.Meaning == meaning).GroupBy(f => f.Column).MaxBy(g => g.Sum(f => f.Customers.Count)) is { } column
            ? (column.Key, [.. column.Select(f => f.Value)])
            : null;

    /// <summary>
    /// The values of text columns that say a subscription still there is on its way out, each with its column, what it
    /// says and how many customers still there hold it (<c>cvml validate --json</c>'s <c>atRiskStatuses</c>).
    /// </summary>
    public IReadOnlyList<AtRiskStatus> AtRiskStatuses() =>
        [.. StatusesOf(Stayers()).Select(f => new AtRiskStatus(f.Column, f.Value, f.Meaning, f.Customers.Count))];

    /// <summary>The customers still there: not labelled churned, no churn date.</summary>
    List<CustomerProfile> Stayers() => [.. Customers.Where(c => c.Churned != true && c.ChurnDate is null)];

    /// <summary>
    /// Of <paramref name="staying"/>, by text column in file order and value in ordinal order, the values that say a
    /// subscription is on its way out (<see cref="Meaning"/>), as the file writes them (trimmed), with their customers.
    /// </summary>
    List<(string Column, string Value, string Meaning, List<CustomerProfile> Customers)> StatusesOf(List<CustomerProfile> staying)
    {
        var found = new List<(string Column, string Value, string Meaning, List<CustomerProfile> Customers)>();
        foreach (var attribute in Schema.Categorical)
        {
            var flag = LetterWords.Contain(EndAtPeriodEndColumns, attribute.Name);
            var byValue = new SortedDictionary<string, (string Meaning, List<CustomerProfile> Customers)>(StringComparer.Ordinal);
            foreach (var customer in staying)
            {
                if (!customer.Attributes.TryGetValue(attribute.Name, out var text) || Meaning(text, flag) is not { } meaning)
                    continue;
                var key = text.Trim();
                if (!byValue.TryGetValue(key, out var entry))
                    byValue[key] = entry = (meaning, []);
                entry.Customers.Add(customer);
            }
            found.AddRange(byValue.Select(v => (attribute.Name, v.Key, v.Value.Meaning, v.Value.Customers)));
        }
        return found;
    }

    /// <summary>What a status (or, in a flag column, a true value) says of a subscription on its way out; null for any other value.</summary>
    static string? Meaning(string text, bool flag) =>
        flag ? (LetterWords.Contain(Truthy, text) || text.Trim() == "1" ? SetToEnd : null)
        : LetterWords.Contain(EndingWords, text) ? SetToEnd
        : LetterWords.Contain(FailingWords, text) ? PaymentsFailing
        : LetterWords.Contain(PausedWords, text) ? "paused"
        : null;
}

/// <summary>A value of <see cref="Column"/> saying a subscription is on its way out (<see cref="Meaning"/>: set to end at the period's end, payments failing, paused), held by <see cref="Customers"/> customers still there.</summary>
public sealed record AtRiskStatus(string Column, string Value, string Meaning, int Customers);
