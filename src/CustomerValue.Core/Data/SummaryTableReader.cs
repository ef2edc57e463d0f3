using System.Globalization;
using CustomerValue.Core.Btyd;

namespace CustomerValue.Core.Data;

/// <summary>
/// Reads the small summary tables the discrete-time and contractual models fit on: donation-style pattern
/// tables (x, tₓ, n, count), cohort survivor counts, and contract snapshots (tenure and a churn flag) turned into
/// left-truncated cohorts. Comma-separated with a header; a bad file or row throws
/// <see cref="InvalidDataException"/> as <c>FILE:LINE: column 'X': reason</c>.
/// </summary>
public static class SummaryTableReader
{
    /// <summary>
    /// A pattern table with columns <c>frequency, recency, periods</c> and an optional count column
    /// (<c>weights</c> or <c>count</c>; 1 per row without one): the layout of the donations data.
    /// </summary>
    public static (RepeatOpportunities[] Patterns, double[] Customers) ReadOpportunityPatterns(string path)
    {
        var patterns = new List<RepeatOpportunities>();
        var counts = new List<double>();
        using var table = Table.Open(path, ["frequency", "recency", "periods"]);
        while (table.Next())
        {
            var pattern = new RepeatOpportunities(table.Integer("frequency"), table.Integer("recency"), table.Integer("periods"));
            try
            {
                pattern.Validate();
            }
            catch (ArgumentException e)
            {
                throw table.Error("recency", e.Message);
            }

            patterns.Add(pattern);
            counts.Add(table.Has("weights") ? table.Count("weights") : table.Has("count") ? table.Count("count") : 1);
        }

        if (patterns.Count == 0)
        {
            throw table.Error(null, "no rows");
        }

        return ([.. patterns], [.. counts]);
    }

    /// <summary>
    /// A customer summary table as lifetimes' <c>summary_data_from_transaction_data</c> and
    /// <c>calibration_and_holdout_data</c>, pymc-marketing's <c>rfm_summary</c>, CLVTools and Hardie's notes write it: per
    /// customer the repeat purchases x (<c>frequency</c>, <c>frequency_cal</c> or <c>x</c>), the time from the first
    /// purchase to the last, tₓ (<c>recency</c>, <c>recency_cal</c>, <c>t_x</c>), and from the first purchase to the end of
    /// the period, T (<c>T</c>, <c>T_cal</c>); optionally the mean repeat spend z̄ (<c>monetary_value</c>,
    /// <c>monetary_value_cal</c>, <c>zbar</c>) and the holdout's purchases (<c>frequency_holdout</c> or <c>x_star</c>, with
    /// one <c>duration_holdout</c>). All times in one unit, which the file does not say. Every row is checked as the
    /// models read it, so a summary written by another convention (recency as the time since the last purchase, as RFM
    /// counts it) stops naming its line instead of fitting quietly wrong.
    /// </summary>
    public static CustomerSummaryTable ReadRepeatSummaries(string path)
    {
        using var table = Table.Open(path, []);
        var frequency = table.Column(RepeatSummaryColumns.Frequency);
        var recency = table.Column(RepeatSummaryColumns.Recency);
        var age = table.Column(RepeatSummaryColumns.Age);
        var spend = table.Optional(RepeatSummaryColumns.Spend);
        var holdout = table.Optional(RepeatSummaryColumns.HoldoutPurchases);
        var duration = table.Optional(RepeatSummaryColumns.HoldoutLength);
        if (holdout is not null && duration is null)
        {
            throw table.Error(holdout, "gives the holdout's purchases without its length: add duration_holdout (the holdout period's length, in the unit of T)");
        }

        // lifetimes' files lead with the data frame's index, named for the customer id or not named at all.
        var id = table.Optional(RepeatSummaryColumns.CustomerId) ?? table.Optional([""]);
        var ids = new List<string>();
        var customers = new List<RepeatSummary>();
        var holdoutPurchases = new List<double>();
        double? length = null;
        while (table.Next())
        {
            var x = table.Count(frequency);
            if (x != Math.Floor(x))
            {
                throw table.Error(frequency, $"'{table.Text(frequency)}' is not a whole number of repeat purchases");
            }

            var tx = table.Count(recency);
            var t = table.Count(age);
            if (x == 0 && tx > 0)
            {
                throw table.Error(recency, string.Create(CultureInfo.InvariantCulture,
                    $"{tx} for a customer without repeat purchases ({frequency} 0): recency here is the time from the first purchase to the last, 0 without a repeat; is it the time since the last purchase, as RFM counts it? Then write {age} minus it"));
            }

            // Summaries rounded to two decimals can put tₓ a hair above T; more is a summary of another period.
            if (tx > t + 0.005 + 1e-6 * t)
            {
                throw table.Error(recency, string.Create(CultureInfo.InvariantCulture,
                    $"{tx} is longer than {age} {t}, the time from the first purchase to the end of the period: the last purchase cannot come after it"));
            }

            var meanSpend = spend is null || x == 0 ? 0 : table.Count(spend);
            if (holdout is not null)
            {
                var future = table.Count(holdout);
                if (future != Math.Floor(future))
                {
                    throw table.Error(holdout, $"'{table.Text(holdout)}' is not a whole number of purchases");
                }

                var rowLength = table.Count(duration!);
                if (!(rowLength > 0))
                {
                    throw table.Error(duration, "the holdout must be longer than 0");
                }

                if (length is { } first && Math.Abs(rowLength - first) > 1e-9 * first)
                {
                    throw table.Error(duration, string.Create(CultureInfo.InvariantCulture,
                        $"{rowLength} differs from the first row's {first}: the holdout is one period, the same length for every customer"));
                }

                length ??= rowLength;
                holdoutPurchases.Add(future);
            }

            ids.Add(id is null ? string.Create(CultureInfo.InvariantCulture, $"line {table.Line}") : table.Text(id));
            customers.Add(new RepeatSummary(x, Math.Min(tx, t), t, meanSpend));
        }

        if (customers.Count == 0)
        {
            throw table.Error(null, "no rows");
        }

        return new CustomerSummaryTable(path, [.. ids], [.. customers], spend,
            holdout is null ? null : [.. holdoutPurchases], length);
    }

    /// <summary>
    /// Whether <paramref name="names"/> hold a customer summary's frequency, recency and T (<see cref="ReadRepeatSummaries"/>)
    /// or a BG/BB pattern table's frequency, recency and periods (<see cref="ReadOpportunityPatterns"/>): a file of
    /// customers' counts, not of purchases.
    /// </summary>
    internal static SummaryTableKind KindOf(IReadOnlyCollection<string> names)
    {
        bool Has(IReadOnlyList<string> aliases) => names.Any(n => aliases.Contains(n.Trim(), StringComparer.OrdinalIgnoreCase));
        if (!Has(RepeatSummaryColumns.Frequency) || !Has(RepeatSummaryColumns.Recency))
        {
            return SummaryTableKind.None;
        }

        return Has(RepeatSummaryColumns.Age) ? SummaryTableKind.RepeatSummaries
            : Has(["periods"]) ? SummaryTableKind.OpportunityPatterns
            : SummaryTableKind.None;
    }

    /// <summary>
    /// Survivor counts in long form: columns <c>cohort, period, survivors</c>, one row per cohort and period,
    /// periods consecutive within a cohort; <paramref name="groupColumn"/>, when given, names each cohort's
    /// acquisition channel (or other grouping) and must be constant within a cohort.
    /// </summary>
    public static IReadOnlyList<SurvivorCounts> ReadSurvivorCounts(string path, string? groupColumn = null)
    {
        using var table = Table.Open(path, groupColumn is null ? ["cohort", "period", "survivors"] : ["cohort", "period", "survivors", groupColumn]);
        var order = new List<string>();
        var rows = new Dictionary<string, (int First, List<double> Counts, string? Group)>();
        while (table.Next())
        {
            var cohort = table.Text("cohort");
            var period = table.Integer("period");
            var survivors = table.Count("survivors");
            var group = groupColumn is null ? null : table.Text(groupColumn);
            if (!rows.TryGetValue(cohort, out var seen))
            {
                order.Add(cohort);
                rows[cohort] = (period, [survivors], group);
                continue;
            }

            var expected = seen.First + seen.Counts.Count;
            if (period != expected)
            {
                throw table.Error("period", $"cohort '{cohort}' needs period {expected} next (periods consecutive, in order), got {period}");
            }

            if (group != seen.Group)
            {
                throw table.Error(groupColumn, $"cohort '{cohort}' was in group '{seen.Group}' on an earlier row, here '{group}'");
            }

            if (survivors > seen.Counts[^1])
            {
                throw table.Error("survivors", $"cohort '{cohort}' had {seen.Counts[^1]} at period {period - 1}; survivors cannot rise to {survivors}");
            }

            seen.Counts.Add(survivors);
        }

        var cohorts = order.Select(c => new SurvivorCounts(c, rows[c].First, rows[c].Counts, rows[c].Group)).ToList();
        var single = cohorts.FirstOrDefault(c => c.Survivors.Count < 2);
        if (single is not null)
        {
            throw new InvalidDataException($"{path}: cohort '{single.Cohort}' has one period only; a retention model needs at least two per cohort");
        }

        if (cohorts.Count == 0)
        {
            throw new InvalidDataException($"{path}: no rows");
        }

        return cohorts;
    }

    /// <summary>
    /// A snapshot of current and just-ended contracts (the Telco table): each row a customer with
    /// <paramref name="tenureColumn"/> whole periods so far and <paramref name="churnColumn"/> equal to
    /// <paramref name="churnValue"/> when they left in the last period. Assumed: every row was a subscriber at
    /// the start of the last period, tenure counts periods since acquisition including the last, and nobody who
    /// left before the last period is in the file. Customers with tenure t then form a cohort first counted
    /// after t − 1 renewals and counted again after t: <c>SurvivorCounts(t − 1, [all, stayed])</c>, left-truncated
    /// at t − 1. Rows with tenure 0 (acquired in the last period, no renewal yet) carry no retention information
    /// and are counted in <paramref name="skippedNew"/>.
    /// </summary>
    public static IReadOnlyList<SurvivorCounts> SurvivorCountsFromContracts(string path, string tenureColumn, string churnColumn,
        string churnValue, string? groupColumn, out int skippedNew)
    {
        string[] required = groupColumn is null ? [tenureColumn, churnColumn] : [tenureColumn, churnColumn, groupColumn];
        using var table = Table.Open(path, required);
        var cells = new SortedDictionary<(string Group, int Tenure), (double All, double Stayed)>();
        skippedNew = 0;
        while (table.Next())
        {
            var tenure = table.Integer(tenureColumn);
            var churned = string.Equals(table.Text(churnColumn), churnValue, StringComparison.OrdinalIgnoreCase);
            if (tenure == 0)
            {
                skippedNew++;
                continue;
            }

            var key = (groupColumn is null ? "" : table.Text(groupColumn), tenure);
            var (all, stayed) = cells.GetValueOrDefault(key);
            cells[key] = (all + 1, stayed + (churned ? 0 : 1));
        }

        if (cells.Count == 0)
        {
            throw new InvalidDataException($"{path}: no customer with a tenure of at least one period");
        }

        return cells.Select(c => new SurvivorCounts(
            groupColumn is null ? $"tenure {c.Key.Tenure}" : $"{c.Key.Group}, tenure {c.Key.Tenure}",
            c.Key.Tenure - 1, [c.Value.All, c.Value.Stayed], groupColumn is null ? null : c.Key.Group)).ToList();
    }

    /// <summary>A header-addressed view of a comma-separated file, with errors that name file, line and column.</summary>
    sealed class Table : IDisposable
    {
        readonly string path;
        readonly SourceRows reader;
        readonly Dictionary<string, int> columns;

        Table(string path, SourceRows reader, Dictionary<string, int> columns) =>
            (this.path, this.reader, this.columns) = (path, reader, columns);

        public static Table Open(string path, string[] required)
        {
            var reader = SourceRows.Open(path, new SourceSpec());
            if (!reader.Read())
            {
                reader.Dispose();
                throw new InvalidDataException($"{path}: the file is empty; expected a header with {string.Join(", ", required)}");
            }

            var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                columns.TryAdd(reader[i].Trim().ToString(), i);
            }

            var missing = required.Where(c => !columns.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                reader.Dispose();
                throw new InvalidDataException(
                    new RowError(path, 1, missing[0], $"missing from the header (columns needed: {string.Join(", ", required)}; found: {string.Join(", ", columns.Keys)})", null).ToString());
            }

            return new Table(path, reader, columns);
        }

        public bool Next()
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.Malformed is { } problem)
            {
                throw Error(null, problem);
            }

            return true;
        }

        public bool Has(string column) => columns.ContainsKey(column);

        /// <summary>The header line's number until the first row is read, then the row's.</summary>
        public long Line => reader.Line;

        /// <summary>The first of <paramref name="aliases"/> the header has, as the header writes it; null for none.</summary>
        public string? Optional(IReadOnlyList<string> aliases)
        {
            foreach (var alias in aliases)
            {
                if (columns.ContainsKey(alias))
                {
                    return columns.Keys.First(k => string.Equals(k, alias, StringComparison.OrdinalIgnoreCase));
                }
            }

            return null;
        }

        /// <summary>As <see cref="Optional"/>, for a column the table needs.</summary>
        public string Column(IReadOnlyList<string> aliases) =>
            Optional(aliases) ?? throw new InvalidDataException(new RowError(path, 1, aliases[0],
                $"missing from the header (named {string.Join(" or ", aliases)}; found: {string.Join(", ", columns.Keys)})", null).ToString());

        public string Text(string column)
        {
            var index = columns[column];
            if (index >= reader.FieldCount)
            {
                throw Error(column, $"the row has {reader.FieldCount} fields; this column is field {index + 1}");
            }

            var value = reader[index].Trim().ToString();
            return value.Length == 0 ? throw Error(column, "empty") : value;
        }

        public int Integer(string column)
        {
            var text = Text(column);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? value
                : throw Error(column, $"'{text}' is not a whole number ≥ 0");
        }

        public double Count(string column)
        {
            var text = Text(column);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
                ? value
                : throw Error(column, $"'{text}' is not a number ≥ 0");
        }

        public InvalidDataException Error(string? column, string reason) =>
            new(new RowError(path, reader.Line, column, reason, null).ToString());

        public void Dispose() => reader.Dispose();
    }
}

/// <summary>What a table of customers' counts is (<see cref="SummaryTableReader.KindOf"/>).</summary>
internal enum SummaryTableKind
{
    None,
    RepeatSummaries,
    OpportunityPatterns,
}

/// <summary>The names a customer summary's columns go by in the libraries that write one.</summary>
internal static class RepeatSummaryColumns
{
    public static IReadOnlyList<string> Frequency { get; } = ["frequency", "frequency_cal", "x"];
    public static IReadOnlyList<string> Recency { get; } = ["recency", "recency_cal", "t_x"];
    public static IReadOnlyList<string> Age { get; } = ["T", "T_cal"];
    public static IReadOnlyList<string> Spend { get; } = ["monetary_value", "monetary_value_cal", "zbar"];
    public static IReadOnlyList<string> HoldoutPurchases { get; } = ["frequency_holdout", "x_star"];
    public static IReadOnlyList<string> HoldoutLength { get; } = ["duration_holdout"];
    public static IReadOnlyList<string> CustomerId { get; } = ["customer_id", "id", "customerid"];
}

/// <summary>A customer summary table (<see cref="SummaryTableReader.ReadRepeatSummaries"/>), in the file's order.</summary>
/// <param name="SpendColumn">The column of the mean repeat spend; null when the file has none.</param>
/// <param name="HoldoutPurchases">Each customer's purchases in the holdout; null without a holdout column.</param>
/// <param name="HoldoutLength">The holdout's length in the unit of T; null without a holdout column.</param>
public sealed record CustomerSummaryTable(
    string File, string[] CustomerIds, RepeatSummary[] Customers, string? SpendColumn, double[]? HoldoutPurchases, double? HoldoutLength)
{
    public int RepeatCustomers => Customers.Count(c => c.Frequency > 0);
}
