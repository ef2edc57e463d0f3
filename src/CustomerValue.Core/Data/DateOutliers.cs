using System.Globalization;

namespace CustomerValue.Core.Data;

/// <summary>
/// The last rows of a file when they sit far beyond the rest: the mistyped year (2099, or 2026 in a 2019 file) that
/// would move a cutoff or as-of date taken from the data's end past everything else in it.
/// </summary>
/// <remarks>
/// The rule, on the loaded rows' dates in order: among the latest <see cref="TailShare"/> of the rows (at least one
/// row), find the first gap between consecutive dates longer than <c>gapDays</c> (the horizon). The rows after that
/// gap are the outliers; the rows up to it are the bulk. A horizon is the scale that matters: a cutoff taken as the
/// last date minus the horizon lands past the bulk's end exactly when the tail is more than a horizon beyond it, and
/// then there are no labels to learn from. A sparse but continuous tail (Olist's last order five days after the rest)
/// has no such gap; a sparse start is never looked at; a business that paused longer than the horizon and came back
/// with more than the tail share of its rows is not a tail.
/// </remarks>
public sealed record DateOutliers(DateSpan Bulk, DateSpan? Outliers, IReadOnlyList<DatedRow> Named, int GapDays)
{
    /// <summary>The share of the latest rows in which a gap is looked for.</summary>
    public const double TailShare = 0.01;

    public bool Found => Outliers is not null;

    /// <exception cref="ArgumentException">The profile has no rows.</exception>
    public static DateOutliers Find(DateProfile profile, int gapDays)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegative(gapDays);
        if (profile.Rows == 0)
            throw new ArgumentException($"{profile.File}: no dated rows to look at.", nameof(profile));
        var days = profile.RowsPerDay.OrderBy(d => d.Key).ToArray();
        var allowance = Math.Max(1, (long)Math.Ceiling(profile.Rows * TailShare));

        var split = -1;
        long after = 0;
        for (var j = days.Length - 1; j >= 1; j--)
        {
            after += days[j].Value;
            if (after > allowance)
                break;
            if (days[j].Key.DayNumber - days[j - 1].Key.DayNumber > gapDays)
                split = j;
        }

        var bulkEnd = split < 0 ? days.Length : split;
        var bulk = new DateSpan(days[0].Key, days[bulkEnd - 1].Key, days[..bulkEnd].Sum(d => d.Value));
        if (split < 0)
            return new DateOutliers(bulk, null, [], gapDays);
        var outliers = new DateSpan(days[split].Key, days[^1].Key, days[split..].Sum(d => d.Value));
        var named = profile.LatestRows.Where(r => r.Date >= outliers.First).OrderBy(r => r.Line).ToList();
        return new DateOutliers(bulk, outliers, named, gapDays);
    }

    /// <summary>
    /// Why a date taken from the data's end cannot be trusted, naming the rows, and the way out:
    /// <paramref name="option"/> is the command's explicit date (<c>--cutoff</c>, <c>--as-of</c>).
    /// </summary>
    public string Explain(string file, string option)
    {
        if (Outliers is not { } tail)
            return $"{file}: no rows sit far beyond the rest.";
        var inv = CultureInfo.InvariantCulture;
        var rows = tail.Rows == 1 ? "1 row is" : string.Create(inv, $"{tail.Rows:N0} rows are");
        var lines = string.Join("", Named.Select(r => $"\n  {r}"));
        var more = tail.Rows > Named.Count ? string.Create(inv, $"\n  … and {tail.Rows - Named.Count:N0} more dated {tail.First:yyyy-MM-dd} .. {tail.Last:yyyy-MM-dd}") : "";
        return string.Create(inv,
            $"{file}: {rows} dated far beyond the rest of the data, more than {GapDays} days (the horizon) after the bulk, which runs {Bulk.First:yyyy-MM-dd} .. {Bulk.Last:yyyy-MM-dd} ({Bulk.Rows:N0} rows):{lines}{more}\n"
            + $"A date taken from the data's end would fall past everything else. Correct or remove {(tail.Rows == 1 ? "this row" : "these rows")} (a mistyped year?), or give an explicit {option}.");
    }
}

/// <summary>The first and last date of some rows, and how many there are.</summary>
public sealed record DateSpan(DateOnly First, DateOnly Last, long Rows);
