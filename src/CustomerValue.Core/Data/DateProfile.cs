using System.Runtime.InteropServices;

namespace CustomerValue.Core.Data;

/// <summary>
/// The dates of a file's loaded rows: how many rows fall on each day, and the latest and earliest rows with their lines,
/// so that a check on the whole range (<see cref="DateOutliers"/>) can name the rows it is about. The loader adds each row as it
/// is accepted; the profile is complete when the load ends.
/// </summary>
public sealed class DateProfile
{
    readonly Dictionary<DateOnly, long> _days = [];
    // The earliest of the kept rows on top, so a later row replaces it; among rows of one day the later line goes first.
    readonly PriorityQueue<long, (DateOnly Date, long NegativeLine)> _latest = new();
    // The latest of the kept rows on top, so an earlier row replaces it; among rows of one day the later line goes first.
    readonly PriorityQueue<long, (DateOnly Date, long Line)> _earliest = new(Comparer<(DateOnly Date, long Line)>.Create((x, y) => y.CompareTo(x)));

    internal DateProfile(string file, string column) => (File, Column) = (file, column);

    /// <summary>Rows kept with their line at each end: the latest and the earliest ones, enough to name what a report lists.</summary>
    public const int KeptRows = LoadOptions.ListedErrors;

    public string File { get; }

    /// <summary>The source column the dates come from.</summary>
    public string Column { get; }

    public long Rows { get; private set; }

    public IReadOnlyDictionary<DateOnly, long> RowsPerDay => _days;

    /// <summary>The <see cref="KeptRows"/> latest rows (ties by line order), latest first.</summary>
    public IReadOnlyList<DatedRow> LatestRows =>
        [.. _latest.UnorderedItems
            .OrderByDescending(r => r.Priority)
            .Select(r => new DatedRow(File, -r.Priority.NegativeLine, Column, r.Priority.Date))];

    /// <summary>The <see cref="KeptRows"/> earliest rows (ties by line order), earliest first.</summary>
    public IReadOnlyList<DatedRow> EarliestRows =>
        [.. _earliest.UnorderedItems
            .OrderBy(r => r.Priority)
            .Select(r => new DatedRow(File, r.Priority.Line, Column, r.Priority.Date))];

    /// <summary>Rows dated after <paramref name="date"/>.</summary>
    public long RowsAfter(DateOnly date) => _days.Where(d => d.Key > date).Sum(d => d.Value);

    internal void Add(DateOnly date, long line)
    {
        Rows++;
        CollectionsMarshal.GetValueRefOrAddDefault(_days, date, out _)++;
        if (_latest.Count < KeptRows)
            _latest.Enqueue(line, (date, -line));
        else if (_latest.TryPeek(out _, out var earliest) && date > earliest.Date)
            _latest.DequeueEnqueue(line, (date, -line));
        if (_earliest.Count < KeptRows)
            _earliest.Enqueue(line, (date, line));
        else if (_earliest.TryPeek(out _, out var latest) && date < latest.Date)
            _earliest.DequeueEnqueue(line, (date, line));
    }
}

/// <summary>A loaded row named by where it is and the date it carries.</summary>
public sealed record DatedRow(string File, long Line, string Column, DateOnly Date)
{
    /// <summary><c>FILE:LINE: column 'X': yyyy-MM-dd</c>, as <see cref="RowError"/> reads.</summary>
    public override string ToString() => $"{File}:{Line}: column '{Column}': {Date:yyyy-MM-dd}";
}
