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
}
