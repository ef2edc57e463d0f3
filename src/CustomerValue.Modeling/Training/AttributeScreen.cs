using System.Globalization;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The customers file's extra attributes that training passes over, decided before any snapshot is built, each named
/// with why in the card's notes and in <c>cvml train</c>'s output.
/// <list type="bullet">
/// <item><b>A likely leak.</b> A customers file is exported once, today, and a CRM's export often carries columns it
/// computed from the whole history (<c>total_spent</c>, <c>orders_count</c>, <c>last_order_date</c>,
/// <c>days_since_last_order</c>, a lifetime value): as of the export, after every cutoff. Read at a cutoff they hold
/// the spend of the horizon after it, the very label, in the fitted rows and in the held-out ones alike, so the grade
/// rises while the model learns nothing that serving can use. The customers who bought after the earliest fitted cutoff
/// are the ones whose totals then and at the data's end differ, and such a column ranks them almost exactly as a total
/// of their whole history does (net spend, purchase days, days since the last or first purchase, as of the data's end:
/// rank correlation at least <see cref="LeakCorrelation"/>) and more closely (by <see cref="LeakLead"/>) than the same
/// total as of the cutoff; a value fixed before the cutoff (a first order's date, a signup channel) ranks them at least
/// as well by the cutoff's totals. Everyone else ranks alike by both totals, which is why they are left out of the
/// comparison: on a base where most customers buy once, a copy of the whole history's spend ranked everyone as the
/// spend as of the cutoff did to within 0.01. Numbers and dates (read as days before the data's end) are checked.</item>
/// <item><b>An identifier.</b> An e-mail, a name, a phone number or a street address is a category held by one
/// customer or a few: when at least <see cref="RareShare"/> of the customers with a value share it with fewer than
/// <see cref="FeatureVectorizerMinimumCount"/> customers, no value says anything about a kind of customer, and in a
/// stacked table (one row per customer and month) the trees could still give a single customer's value its own
/// slot.</item>
/// <item><b>A row number.</b> A numeric column whose values count the rows down the file.</item>
/// <item><b>A leak of a churn table's label.</b> Without transactions, a column that alone tells the churned customers
/// from the others almost perfectly.</item>
/// </list>
/// </summary>
internal sealed record AttributeScreen(AttributeSchema Kept, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// The rank correlation with a whole-history total, among the customers who bought after the cutoff, from which a
    /// column is taken for a copy of it (0.90, not 1: an export's order count differs from the purchase days where two
    /// orders fall on one day; Olist's 107 customers who bought again: 0.958).
    /// </summary>
    public const double LeakCorrelation = 0.90;

    /// <summary>How much more closely a leaking column ranks the customers who bought after the cutoff by their whole-history total than by the cutoff's.</summary>
    public const double LeakLead = 0.05;

    /// <summary>The AUC of a churn table's column alone from which it is taken for a value recorded after the churn.</summary>
    public const double LabelLeakAuc = 0.99;

    /// <summary>Customers with a value below which neither rule judges a column (the correlations and shares are noise).</summary>
    public const int MinimumCustomers = 30;

    /// <summary>The share of customers whose value is rare from which a categorical column is read as an identifier.</summary>
    public const double RareShare = 0.9;

    /// <summary>Customers a categorical value needs for its own slot (<see cref="Core.Models.FeatureVectorizer.MinimumCount"/>).</summary>
    public const int FeatureVectorizerMinimumCount = Core.Models.FeatureVectorizer.MinimumCount;

    /// <summary>
    /// Screens <paramref name="schema"/>'s attributes of <paramref name="profiles"/>. <paramref name="atEnd"/> is the snapshot
    /// as of the data's last day and <paramref name="atStart"/> the one as of the earliest fitted cutoff (both null for a
    /// customers file alone, where only the identifier rule applies).
    /// </summary>
    /// <param name="keep">Attributes the user asked to read whatever the screen finds (<c>cvml train --keep-attribute</c>): their
    /// findings are still noted, with the override.</param>
    /// <exception cref="ArgumentException">A name in <paramref name="keep"/> that is not an attribute of the customers file.</exception>
    public static AttributeScreen Check(
        IReadOnlyList<CustomerProfile> profiles, AttributeSchema schema, FeatureSet? atEnd, FeatureSet? atStart, IReadOnlyCollection<string>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(schema);
        keep ??= [];
        var names = schema.NumericNames.Concat(schema.CategoricalNames).ToList();
        if (keep.FirstOrDefault(k => !names.Contains(k, StringComparer.Ordinal)) is { } unknown)
            throw new ArgumentException(names.Count == 0
                ? $"--keep-attribute '{unknown}': the customers file has no attributes beyond the contract's columns."
                : $"--keep-attribute '{unknown}': the customers file has no attribute of that name (its attributes: {string.Join(", ", names)}).");
        if (names.Count == 0)
            return new AttributeScreen(schema, []);
        var notes = new List<string>();
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        var known = atEnd is not null && atStart is not null ? KnownCustomers(profiles, atEnd, atStart) : [];
        // Contract data: the customers' own churn labels, which a column recorded after the fact gives away.
        var labeled = atEnd is null ? profiles.Where(p => p.ChurnLabel is not null).ToList() : [];
        foreach (var name in names)
        {
            var finding = known.Count > 0 && LeakNote(name, known, atEnd!, atStart!) is { } leak ? leak
                : schema.CategoricalNames.Contains(name) ? IdentifierNote(name, profiles) ?? LabelLeakNote(name, labeled, numeric: false)
                : RowNumberNote(name, profiles) ?? LabelLeakNote(name, labeled, numeric: true);
            if (finding is null)
                continue;
            if (keep.Contains(name))
            {
                notes.Add($"profile attribute '{name}' is read, as --keep-attribute asks, though training would have passed over it: {finding}");
                continue;
            }
            notes.Add(finding + $" (--keep-attribute {name} reads it anyway.)");
            dropped.Add(name);
        }
        return dropped.Count == 0
            ? new AttributeScreen(schema, notes)
            : new AttributeScreen(new AttributeSchema(
                schema.NumericNames.Where(n => !dropped.Contains(n)), schema.CategoricalNames.Where(n => !dropped.Contains(n))), notes);
    }

    /// <summary>A customer with a profile and a purchase by the earliest cutoff: their features then and at the data's end.</summary>
    sealed record Known(CustomerProfile Profile, FeatureRow Start, FeatureRow End);

    static List<Known> KnownCustomers(IReadOnlyList<CustomerProfile> profiles, FeatureSet atEnd, FeatureSet atStart)
    {
        var start = atStart.Rows.Where(r => !r.Features.IsProspect).ToDictionary(r => r.Features.CustomerId, r => r.Features, StringComparer.Ordinal);
        var end = atEnd.Rows.ToDictionary(r => r.Features.CustomerId, r => r.Features, StringComparer.Ordinal);
        var known = new List<Known>();
        foreach (var profile in profiles)
        {
            if (start.TryGetValue(profile.CustomerId, out var s) && end.TryGetValue(profile.CustomerId, out var e))
                known.Add(new Known(profile, s, e));
        }
        return known;
    }

    /// <summary>The whole-history totals a leaking column copies, by what the notes call them.</summary>
    static readonly (string Name, Func<FeatureRow, double> Read)[] Totals =
    [
        ("net spend", r => r.TotalSpend),
        ("purchase days", r => r.Frequency),
        ("days since the last purchase", r => r.RecencyDays),
        ("days since the first purchase", r => r.TenureDays),
    ];

    static string? LeakNote(string name, IReadOnlyList<Known> known, FeatureSet atEnd, FeatureSet atStart)
    {
        var endDay = atEnd.Cutoff;
        var values = new List<double>(known.Count);
        var rows = new List<Known>(known.Count);
        foreach (var k in known)
        {
            if (k.Profile.Attributes.TryGetValue(name, out var raw) && Read(raw, endDay) is { } value)
            {
                values.Add(value);
                rows.Add(k);
            }
        }
        // A column whose values are mostly neither numbers nor dates is no total.
        if (values.Count < MinimumCustomers || values.Count < known.Count(k => k.Profile.Attributes.ContainsKey(name)) * 0.9)
            return null;
        var moved = Enumerable.Range(0, rows.Count).Where(i => rows[i].End.Frequency != rows[i].Start.Frequency || rows[i].End.TotalSpend != rows[i].Start.TotalSpend).ToArray();
        if (moved.Length < MinimumCustomers)
            return null;
        var x = Ranking.AverageRanks(moved.Select(i => values[i]).ToArray());
        (string Total, double End, double Start)? worst = null;
        foreach (var (total, read) in Totals)
        {
            var byEnd = Math.Abs(Ranking.Pearson(x, Ranking.AverageRanks(moved.Select(i => read(rows[i].End)).ToArray())));
            if (!double.IsFinite(byEnd) || byEnd < LeakCorrelation)
                continue;
            // NaN when the cutoff's total is the same for all of them (one purchase each before it): it ranks them not at all.
            var byStart = Math.Abs(Ranking.Pearson(x, Ranking.AverageRanks(moved.Select(i => read(rows[i].Start)).ToArray())));
            byStart = double.IsFinite(byStart) ? byStart : 0;
            if (byEnd < byStart + LeakLead)
                continue;
            if (worst is null || byEnd > worst.Value.End)
                worst = (total, byEnd, byStart);
        }
        if (worst is not { } w)
            return null;
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv,
            $"profile attribute '{name}' left out as a likely leak: of the {rows.Count:N0} customers with a value who had bought by {atStart.Cutoff:yyyy-MM-dd}, it ranks the {moved.Length:N0} who bought after that date as their {w.Total} up to the data's end ({endDay:yyyy-MM-dd}) does (rank correlation {w.End:0.000}), ")
            + string.Create(inv, $"not as their {w.Total} as of {atStart.Cutoff:yyyy-MM-dd} ({w.Start:0.000}): ")
            + "it looks computed from transactions after the cutoff (a CRM's export carries such totals as of the day it was made), and read at a cutoff it would hand the models the purchases they are to predict. "
            + "Export the value as of a date before the cutoff under another name, or leave the column out of the customers file.";
    }

    /// <summary>A number, or a date as days before <paramref name="end"/>; null for anything else.</summary>
    static double? Read(string raw, DateOnly end)
    {
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return number;
        if (DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out var date)
            && raw.Length >= 8 && raw.Contains('-', StringComparison.Ordinal))
            return end.DayNumber - DateOnly.FromDateTime(date).DayNumber;
        return null;
    }

    /// <summary>
    /// A column of a churn table that by itself tells the churned customers from the others almost perfectly (AUC at least
    /// <see cref="LabelLeakAuc"/>): a value recorded once a customer has left (a churn reason, a cancellation date, a score
    /// made from the outcome, blank for everyone still there). A model that learns from it learns nothing it can use on the
    /// customers still to be scored, who have no such value yet. A category scores each customer by their value's churn
    /// rate, a number by itself; a blank is its own value (lowest, then highest).
    /// </summary>
    static string? LabelLeakNote(string name, IReadOnlyList<CustomerProfile> labeled, bool numeric)
    {
        var churned = labeled.Select(p => p.ChurnLabel!.Value).ToArray();
        if (labeled.Count < MinimumCustomers || churned.All(c => c) || churned.All(c => !c))
            return null;
        var texts = labeled.Select(p => p.Attributes.TryGetValue(name, out var raw) && !string.IsNullOrWhiteSpace(raw) ? raw.Trim() : null).ToArray();
        double auc;
        if (numeric)
        {
            var values = texts.Select(t => t is not null && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
            auc = new[] { double.MinValue, double.MaxValue }
                .Select(blank => Separation(values.Select(v => double.IsNaN(v) ? blank : v).ToArray(), churned)).Max();
        }
        else
        {
            var rates = texts.Zip(churned).GroupBy(p => p.First ?? "", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Average(p => p.Second ? 1.0 : 0.0), StringComparer.Ordinal);
            auc = Separation([.. texts.Select(t => rates[t ?? ""])], churned);
        }
        if (!(auc >= LabelLeakAuc))
            return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"profile attribute '{name}' left out as a likely leak of the churn label: by itself it tells the churned customers from the others almost perfectly (AUC {auc:0.000} on the {labeled.Count:N0} labelled customers), as a value recorded once a customer has left does (a churn reason, a cancellation date, a score made from the outcome); ")
            + "a model that learned from it would find no such value on the customers still to be scored.";
    }

    /// <summary>How well a score tells the two classes apart in either direction: the AUC or 1 − AUC, whichever is higher.</summary>
    static double Separation(double[] score, bool[] label)
    {
        var auc = BinaryEvaluator.Auc(score, label);
        return Math.Max(auc, 1 - auc);
    }

    /// <summary>
    /// A numeric column that counts the rows down the file, an export's row number (the bank churn table's RowNumber): whole
    /// numbers rising down it, on average at most two apart (rows left out leave gaps). It says where a customer stands in
    /// the file, not what kind of customer they are, and a customer scored later has none.
    /// </summary>
    static string? RowNumberNote(string name, IReadOnlyList<CustomerProfile> profiles)
    {
        if (profiles.Count < MinimumCustomers)
            return null;
        double? previous = null, first = null;
        foreach (var profile in profiles)
        {
            if (!profile.Attributes.TryGetValue(name, out var raw)
                || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || value != Math.Round(value) || value <= previous)
                return null;
            first ??= value;
            previous = value;
        }
        // Rows left out of the file (or of the training: unlabelled ones) leave gaps; whole numbers spread much wider than
        // the rows are some other kind of number that the file happens to be sorted by.
        if (previous - first + 1 > 2.0 * profiles.Count)
            return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"profile attribute '{name}' left out as the file's row numbers: its values count the rows down the file ({first:N0} to {previous:N0}), which says where a customer stands in the export, not what kind of customer they are, and a customer scored later has none.");
    }

    static string? IdentifierNote(string name, IReadOnlyList<CustomerProfile> profiles)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            if (profile.Attributes.TryGetValue(name, out var raw) && !string.IsNullOrWhiteSpace(raw))
                counts[raw] = counts.GetValueOrDefault(raw) + 1;
        }
        var present = counts.Values.Sum();
        if (present < MinimumCustomers)
            return null;
        var rare = counts.Values.Where(c => c < FeatureVectorizerMinimumCount).Sum();
        if (rare < RareShare * present)
            return null;
        var inv = CultureInfo.InvariantCulture;
        if (counts.Keys.All(v => !double.TryParse(v, NumberStyles.Float, inv, out _) && Read(v, DateOnly.MinValue) is not null))
            return string.Create(inv, $"profile attribute '{name}' left out: its values are dates ({counts.Count:N0} of them for {present:N0} customers), and read as categories, every day its own, they describe no kind of customer; a customers file can give the age in days as a number, as of a date before the cutoff.");
        var how = counts.Count == present
            ? string.Create(inv, $"every one of the {present:N0} customers with a value has their own ({counts.Count:N0} values)")
            : string.Create(inv, $"{(double)rare / present:0 %} of the {present:N0} customers with a value hold one that fewer than {FeatureVectorizerMinimumCount} customers hold ({counts.Count:N0} values)");
        return $"profile attribute '{name}' left out as an identifier (an e-mail, a name, a phone number, an address): {how}, so no value describes a kind of customer the models could learn from.";
    }
}
