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
        var (days, allowance) = DaysInOrder(profile, gapDays, TailShare);

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

    /// <summary>The share of the earliest rows in which <see cref="FindEarly"/> looks for a gap.</summary>
    public const double HeadShare = 0.05;

    /// <summary>
    /// The shortest gap <see cref="FindEarly"/> splits at, whatever the horizon: a launch that paused for weeks is
    /// history (Olist's first orders in September and October 2016, then almost none until 2017), while a placeholder
    /// or a mistyped year sits years off.
    /// </summary>
    public const int EarlyGapDays = 365;

    /// <summary>
    /// The first rows of a file when they sit far before the rest: a placeholder written for a missing date
    /// (1970-01-01, 1900-01-01) or a mistyped year. Among the earliest <see cref="HeadShare"/> of the rows (at least
    /// one), the last gap between consecutive dates longer than <paramref name="gapDays"/> (and than
    /// <see cref="EarlyGapDays"/>) splits them off; the bulk runs
    /// from the first date after it. Such rows move no date a command takes by default (those come from the data's
    /// end), so they stop nothing: training places its periods within the bulk and says so (<see cref="NoteEarly"/>).
    /// The share is larger than the tail's because one placeholder can stand in for many missing dates.
    /// </summary>
    /// <exception cref="ArgumentException">The profile has no rows.</exception>
    public static DateOutliers FindEarly(DateProfile profile, int gapDays)
    {
        var (days, allowance) = DaysInOrder(profile, gapDays, HeadShare);
        gapDays = Math.Max(gapDays, EarlyGapDays);

        var split = -1;
        long before = 0;
        for (var j = 0; j < days.Length - 1; j++)
        {
            before += days[j].Value;
            if (before > allowance)
                break;
            if (days[j + 1].Key.DayNumber - days[j].Key.DayNumber > gapDays)
                split = j + 1;
        }

        var bulkStart = split < 0 ? 0 : split;
        var bulk = new DateSpan(days[bulkStart].Key, days[^1].Key, days[bulkStart..].Sum(d => d.Value));
        if (split < 0)
            return new DateOutliers(bulk, null, [], gapDays);
        var early = new DateSpan(days[0].Key, days[split - 1].Key, days[..split].Sum(d => d.Value));
        var named = profile.EarliestRows.Where(r => r.Date <= early.Last).OrderBy(r => r.Line).ToList();
        return new DateOutliers(bulk, early, named, gapDays);
    }

    /// <summary>The profile's days in date order with their row counts, and how many rows <paramref name="share"/> of them is (at least one).</summary>
    static (KeyValuePair<DateOnly, long>[] Days, long Allowance) DaysInOrder(DateProfile profile, int gapDays, double share)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegative(gapDays);
        if (profile.Rows == 0)
            throw new ArgumentException($"{profile.File}: no dated rows to look at.", nameof(profile));
        return ([.. profile.RowsPerDay.OrderBy(d => d.Key)], Math.Max(1, (long)Math.Ceiling(profile.Rows * share)));
    }

    /// <summary>"1 row is" or "N rows are", and the named rows one per line, with the count of those not named.</summary>
    (string Rows, string Lines) Listing(DateSpan found)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = found.Rows == 1 ? "1 row is" : string.Create(inv, $"{found.Rows:N0} rows are");
        var more = found.Rows > Named.Count ? string.Create(inv, $"\n  … and {found.Rows - Named.Count:N0} more dated {found.First:yyyy-MM-dd} .. {found.Last:yyyy-MM-dd}") : "";
        return (rows, string.Join("", Named.Select(r => $"\n  {r}")) + more);
    }

    /// <summary>What rows found by <see cref="FindEarly"/> do to a run, naming them, and the way out.</summary>
    public string NoteEarly(string file)
    {
        if (Outliers is not { } head)
            return $"{file}: no rows sit far before the rest.";
        var (rows, lines) = Listing(head);
        return string.Create(CultureInfo.InvariantCulture,
            $"{file}: {rows} dated far before the rest of the data, more than {GapDays} days before the bulk, which runs {Bulk.First:yyyy-MM-dd} .. {Bulk.Last:yyyy-MM-dd} ({Bulk.Rows:N0} rows):{lines}\n"
            + $"{(head.Rows == 1 ? "It stays in its customer's history" : "They stay in their customers' histories")} (a placeholder for a missing date, or a mistyped year, makes a customer look years older), and the evaluation's periods are placed within the bulk. "
            + $"Correct or remove {(head.Rows == 1 ? "this row" : "these rows")}; if the date stands for a missing one, list it as the file writes it in the source spec's \"nullValues\", and --on-bad-row skip sets those rows aside as missing a timestamp (docs/data.md).");
    }

    /// <summary>
    /// Why a date taken from the data's end cannot be trusted, naming the rows, and the way out:
    /// <paramref name="option"/> is the command's explicit date (<c>--cutoff</c>, <c>--as-of</c>).
    /// </summary>
    public string Explain(string file, string option)
    {
        if (Outliers is not { } tail)
            return $"{file}: no rows sit far beyond the rest.";
        var (rows, lines) = Listing(tail);
        return string.Create(CultureInfo.InvariantCulture,
            $"{file}: {rows} dated far beyond the rest of the data, more than {GapDays} days (the horizon) after the bulk, which runs {Bulk.First:yyyy-MM-dd} .. {Bulk.Last:yyyy-MM-dd} ({Bulk.Rows:N0} rows):{lines}\n"
            + $"A date taken from the data's end would fall past everything else. Correct or remove {(tail.Rows == 1 ? "this row" : "these rows")} (a mistyped year?), or give an explicit {option}.");
    }
}

/// <summary>The first and last date of some rows, and how many there are.</summary>
public sealed record DateSpan(DateOnly First, DateOnly Last, long Rows);
