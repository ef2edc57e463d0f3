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
