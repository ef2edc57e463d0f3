using System.Globalization;

namespace CustomerValue.Core.Data;

/// <summary>
/// Runs of days within a file's dates that hold far fewer rows than the weeks before them held on the same weekdays: an
/// export that missed days (a migration between shops, a sync that failed for a month) or was taken before its last
/// orders were in. Such a run reads as customers who stopped buying: every feature and label window across it is
/// undercounted, and a total calibrated on it is too low. Nothing is rejected; the commands say where the run is.
/// The reverse, one day holding a large share of the file (<see cref="Crowded"/>), is orders imported with the day of
/// the import as their date: their customers' histories collapse into that day.
/// </summary>
/// <remarks>
/// The rule, day by day from the first date on which the eight weeks before it are in the data: a day's expected rows
/// are the median of the rows on its weekday in those eight weeks (0 on a weekday the business is closed, which neither
/// starts nor breaks a run). A run starts at a day holding less than <see cref="ThinShare"/> of its expected rows and
/// goes on, against the weekdays' medians of the eight weeks before its start, while the days stay so. A run is
/// reported when it covers at least <see cref="FewestDays"/> open days, holds at most <see cref="ReportedShare"/> of
/// its expected rows and lacks at least <see cref="FewestMissingRows"/> rows; within the data, only when the weeks
/// after it are back at the level before it (a lasting drop is a business that changed), and at the data's end only
/// when it is shorter than those eight weeks (an incomplete export misses days or weeks; a year at a fifth of the level
/// is a cohort whose acquisition ended, as CDNOW's in March 1997); and not when the same days 52 weeks earlier or later
/// were as thin against their own weeks before (a yearly closure, a season). The first eight weeks are never looked
/// at: a young business's growth is no gap.
/// </remarks>
public sealed record DateCoverage(IReadOnlyList<ThinDays> Runs, CrowdedDay? Crowded = null)
{
    /// <summary>The share of its expected rows under which a day is thin.</summary>
    public const double ThinShare = 0.5;

    /// <summary>Weeks before a day whose same weekdays give its expected rows.</summary>
    public const int WeeksBefore = 8;

    /// <summary>
    /// The share of its expected rows a reported run holds at most: a dip to half (a strike, a holiday weekend) is the
    /// business's own; an export that missed days holds next to none of them.
    /// </summary>
    public const double ReportedShare = 0.4;

    /// <summary>Weeks after a run within the data that must hold the business's level again for it to be a gap.</summary>
    public const int WeeksAfter = 4;

    /// <summary>Open days a reported run covers at least: a day or two missing moves no total that matters.</summary>
    public const int FewestDays = 3;

    /// <summary>Rows a reported run lacks at least: fewer are within the day-to-day noise of a small business.</summary>
    public const long FewestMissingRows = 50;

    const int DaysPerWeek = 7, WeeksPerYear = 52, WeeksBeforeOtherYear = 2;

    /// <summary>The run that reaches the data's last day, if any: the export's last days are incomplete.</summary>
    public ThinDays? Tail => Runs.FirstOrDefault(r => r.AtEnd);

    /// <summary>The runs within the data.</summary>
    public IEnumerable<ThinDays> Gaps => Runs.Where(r => !r.AtEnd);

    /// <summary>The thin runs of <paramref name="profile"/>'s days from <paramref name="first"/> to <paramref name="last"/> (the bulk: rows far outside it are another check's).</summary>
    public static DateCoverage Find(DateProfile profile, DateOnly first, DateOnly last)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (last < first)
            return new DateCoverage([]);
        var rows = new long[last.DayNumber - first.DayNumber + 1];
        foreach (var (day, count) in profile.RowsPerDay)
        {
            if (day >= first && day <= last)
                rows[day.DayNumber - first.DayNumber] = count;
        }
        var runs = new List<ThinDays>();
        var start = WeeksBefore * DaysPerWeek;
        for (var i = start; i < rows.Length; i++)
        {
            if (RunFrom(rows, i) is not { } run)
                continue;
            var atEnd = run.End == rows.Length - 1;
            if (run.OpenDays >= FewestDays && run.Expected - run.Rows >= FewestMissingRows && run.Rows <= ReportedShare * run.Expected
                && (atEnd ? run.End - run.Start < WeeksBefore * DaysPerWeek : Recovers(rows, run)) && !Recurs(rows, run))
                runs.Add(new ThinDays(first.AddDays(run.Start), first.AddDays(run.End), run.Rows, run.Expected, atEnd));
            i = run.End;
        }
        return new DateCoverage(runs, CrowdedDayOf(rows, first)) { First = first };
    }

    /// <summary>The first day looked at (the bulk's first date): a suggested cutoff leaves history before it.</summary>
    public DateOnly? First { get; init; }

    /// <summary>
    /// Days of history a suggested cutoff leaves before it at least: training's least (<c>TrainingOptions.MinimumHistoryDays</c>'s
    /// default).
    /// </summary>
    public const int HistoryBeforeCutoff = 90;

    /// <summary>Horizons offered, longest first, where the labels the run asks for do not fit before a thin tail.</summary>
    static readonly int[] ShorterHorizons = [180, 90, 60, 30, 14, 7];

    /// <summary>The share of the rows the most crowded day holds at least to be reported.</summary>
    public const double CrowdedShare = 0.05;

    /// <summary>How many times the median day with rows the most crowded day holds at least to be reported.</summary>
    public const double CrowdedTimes = 20;

    /// <summary>
    /// The day holding at least <see cref="CrowdedShare"/> of the rows, <see cref="CrowdedTimes"/> times the median day
    /// with rows and three times the next most crowded day: an import that stamped old orders with its own date. A
    /// sale's day holds a few times an ordinary one; billing runs on the first of each month crowd many days alike.
    /// </summary>
    static CrowdedDay? CrowdedDayOf(long[] rows, DateOnly first)
    {
        var days = rows.Where(r => r > 0).ToArray();
        if (days.Length < 3)
            return null;
        var top = Array.IndexOf(rows, rows.Max());
        Array.Sort(days);
        var total = days.Sum();
        var median = days[days.Length / 2];
        var next = days[^2];
        return rows[top] >= CrowdedShare * total && rows[top] >= CrowdedTimes * median && rows[top] >= 3 * next
            ? new CrowdedDay(first.AddDays(top), rows[top], (double)rows[top] / total, median)
            : null;
    }

    /// <summary>The run that starts at day <paramref name="start"/>, or null when that day is not thin.</summary>
    static Run? RunFrom(long[] rows, int start)
    {
        var expected = WeekdayMedians(rows, start);
        if (expected[start % DaysPerWeek] is var first && (first <= 0 || rows[start] >= ThinShare * first))
            return null;
        var end = start;
        for (var j = start + 1; j < rows.Length; j++)
        {
            var e = expected[j % DaysPerWeek];
            if (e <= 0)
                continue;
            if (rows[j] >= ThinShare * e)
                break;
            end = j;
        }
        var (observed, sum, open) = Tally(rows, expected, start, end);
        return new Run(start, end, observed, sum, open);
    }

    /// <summary>The rows of days <paramref name="from"/> to <paramref name="to"/> (within the data), those expected of them, and how many of them are open.</summary>
    static (long Observed, double Expected, int Open) Tally(long[] rows, double[] expected, int from, int to)
    {
        long observed = 0;
        double sum = 0;
        var open = 0;
        for (var j = from; j <= to && j < rows.Length; j++)
        {
            observed += rows[j];
            sum += expected[j % DaysPerWeek];
            open += expected[j % DaysPerWeek] > 0 ? 1 : 0;
        }
        return (observed, sum, open);
    }

    /// <summary>
    /// Whether the <see cref="WeeksAfter"/> weeks after the run hold at least <see cref="ThinShare"/> of what the weeks
    /// before it did: days an export missed are followed by the business as it was, while a business that changed (a
    /// cohort whose acquisition ended) stays at its new level, which is no gap.
    /// </summary>
    static bool Recovers(long[] rows, Run run)
    {
        var (observed, sum, _) = Tally(rows, WeekdayMedians(rows, run.Start), run.End + 1, run.End + WeeksAfter * DaysPerWeek);
        return sum > 0 && observed >= ThinShare * sum;
    }

    /// <summary>
    /// Whether the run's days 52 weeks before or after it were as thin against their own eight weeks before: a shop
    /// closed every Christmas, a season. Where neither year is in the data, it cannot be told, and the run stands.
    /// </summary>
    static bool Recurs(long[] rows, Run run)
    {
        foreach (var shift in (int[])[-WeeksPerYear * DaysPerWeek, WeeksPerYear * DaysPerWeek])
        {
            var start = run.Start + shift;
            var end = run.End + shift;
            // Weeks before the other year's days, as many as the data holds: a file that starts in the December before
            // the first Christmas it closed for (Online Retail II, 2009-12-01) still shows that closure a year earlier.
            if (start < WeeksBeforeOtherYear * DaysPerWeek || end >= rows.Length)
                continue;
            var (observed, sum, _) = Tally(rows, WeekdayMedians(rows, start), start, end);
            if (sum > 0 && observed < ThinShare * sum)
                return true;
        }
        return false;
    }

    /// <summary>The median rows of each weekday (by day index modulo 7) over the <see cref="WeeksBefore"/> weeks before day <paramref name="day"/>.</summary>
    static double[] WeekdayMedians(long[] rows, int day)
    {
        var medians = new double[DaysPerWeek];
        var values = new long[WeeksBefore];
        for (var w = 0; w < DaysPerWeek; w++)
        {
            // The latest day before `day` on weekday w, then the weeks before it.
            var latest = day - 1 - ((day - 1 - w) % DaysPerWeek + DaysPerWeek) % DaysPerWeek;
            var n = 0;
            for (var k = 0; k < WeeksBefore && latest - k * DaysPerWeek >= 0; k++)
                values[n++] = rows[latest - k * DaysPerWeek];
            if (n == 0)
                continue;
            Array.Sort(values, 0, n);
            medians[w] = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
        }
        return medians;
    }

    readonly record struct Run(int Start, int End, long Rows, double Expected, int OpenDays);

    /// <summary>What the runs do to a run of training or scoring, and the way out; null when there are none.</summary>
    /// <param name="labelDays">The days of labels after a cutoff (the horizon, or a longer churn window), for the <c>--cutoff</c> that ends them before a thin tail.</param>
    /// <param name="labelsEnd">Where an explicit cutoff ends training's labels; before a thin tail, only the snapshot as of the data's end reads it.</param>
    public string? Explain(string file, int labelDays, DateOnly? labelsEnd = null)
    {
        if (Runs.Count == 0 && Crowded is null)
            return null;
        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (Crowded is { } crowded)
        {
            parts.Add(string.Create(inv, $"{file}: {crowded.Date:yyyy-MM-dd} holds {crowded.Rows:N0} rows, {crowded.Share:0.0%} of the file and {crowded.Rows / (double)crowded.UsualRows:N0} times a usual day's {crowded.UsualRows:N0}: ")
                + "orders imported or migrated with the day of the import as their date, or a date written for missing ones? Then each of their customers' purchases before it counts as one purchase on that day, and their history starts there. "
                + "If so, export the orders' own dates (a created or paid date column), or list a placeholder date in the source spec's \"nullValues\"; a one-day event this large is otherwise rare.");
        }
        var gaps = Gaps.ToList();
        if (gaps.Count > 0)
        {
            parts.Add(string.Create(inv, $"{file}: {(gaps.Count == 1 ? "a run of days holds" : $"{gaps.Count} runs of days hold")} far fewer rows than the same weekdays of the {WeeksBefore} weeks before: ")
                + string.Join("; ", gaps.Select(g => g.Describe()))
                + ". If the export missed those days, the customers who bought then look as if they had stopped, and every feature and label window across them is undercounted: export them again. If the business was closed, nothing is wrong.");
        }
        if (Tail is { } handled && labelsEnd < handled.First)
        {
            parts.Add(string.Create(inv, $"{file}: the last days, {handled.Describe()}: the labels end on {labelsEnd:yyyy-MM-dd}, before them, so only the snapshot as of the data's end, which serving starts from, reads them (customers who bought then may look as if they had not)."));
        }
        else if (Tail is { } tail)
        {
            var lastComplete = tail.First.AddDays(-1);
            parts.Add(string.Create(inv, $"{file}: the last days, {tail.Describe()}: an export taken before the last orders were in, or a business that stopped selling? ")
                + string.Create(inv, $"The models read those customers as having stopped buying, and the last period's totals, which calibrate the forecast, as too low. ")
                + EndLabels(lastComplete, labelDays));
        }
        return string.Join("\n", parts);
    }

    /// <summary>
    /// The way out of a thin tail: export again, or end labels of <paramref name="labelDays"/> days on
    /// <paramref name="lastComplete"/> with a cutoff that leaves <see cref="HistoryBeforeCutoff"/> days of history before it,
    /// with the longest shorter horizon that does where the data is too short for the run's own.
    /// </summary>
    string EndLabels(DateOnly lastComplete, int labelDays)
    {
        var inv = CultureInfo.InvariantCulture;
        bool Fits(int days) => First is not { } first || lastComplete.AddDays(-days).DayNumber - first.DayNumber >= HistoryBeforeCutoff;
        var end = string.Create(inv, $"end the labels on the last complete day, {lastComplete:yyyy-MM-dd}");
        if (Fits(labelDays))
            return string.Create(inv, $"Export again once they are complete, or {end}, with --cutoff {lastComplete.AddDays(-labelDays):yyyy-MM-dd} (labels over the {labelDays} days after it).");
        var history = lastComplete.DayNumber - First!.Value.DayNumber + 1;
        string TooShort(string labels) => string.Create(inv, $"the {history} days from {First:yyyy-MM-dd} to it are too short for {labels} days of labels after a cutoff with {HistoryBeforeCutoff} days of history before it");
        return ShorterHorizons.Where(h => h < labelDays && Fits(h)).Select(h => (int?)h).FirstOrDefault() is { } shorter
            ? string.Create(inv, $"Export again once they are complete, or {end}, with a shorter horizon: {TooShort(labelDays.ToString(inv))}; --horizon-days {shorter} --cutoff {lastComplete.AddDays(-shorter):yyyy-MM-dd} (and --churn-days {shorter} if it is longer) ends labels of {shorter} days there.")
            : string.Create(inv, $"Export again once they are complete: to {end} instead, {TooShort(string.Create(inv, $"even {ShorterHorizons[^1]}"))}.");
    }
}

/// <summary>A run of days holding <see cref="Rows"/> rows where the same weekdays of the weeks before held <see cref="Expected"/>.</summary>
public sealed record ThinDays(DateOnly First, DateOnly Last, long Rows, double Expected, bool AtEnd)
{
    /// <summary>Calendar days from <see cref="First"/> to <see cref="Last"/>.</summary>
    public int Days => Last.DayNumber - First.DayNumber + 1;

    /// <summary>The rows as a share of those expected.</summary>
    public double Share => Expected > 0 ? Rows / Expected : 0;

    /// <summary>"2018-08-24 .. 2018-09-03 (11 days) hold 356 rows where the same weekdays before held 2,488 (14%)".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{First:yyyy-MM-dd} .. {Last:yyyy-MM-dd} ({Days} {(Days == 1 ? "day" : "days")}) {(Rows == 0 ? "hold no rows" : $"hold {Rows:N0} {(Rows == 1 ? "row" : "rows")}")} where the same weekdays before held {Expected:N0} ({Share:0%})");
}

/// <summary>A day holding <see cref="Rows"/> rows, <see cref="Share"/> of the file, where the median day with rows holds <see cref="UsualRows"/>.</summary>
public sealed record CrowdedDay(DateOnly Date, long Rows, double Share, long UsualRows);
