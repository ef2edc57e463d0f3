namespace CustomerValue.Core.Data;

/// <summary>
/// A load that cannot go on: a file-level problem (empty, missing column, wrong delimiter) or bad
/// rows under <see cref="BadRowPolicy.Fail"/>. The message lists the first errors as
/// <c>FILE:LINE: column 'X': reason</c> and the total.
/// </summary>
public sealed class DataLoadException : Exception
{
    public DataLoadException(LoadReport report)
        : base(Describe(report)) => Report = report;

    /// <summary>Counts and the listed errors; for a file-level problem, one error and no rows.</summary>
    public LoadReport Report { get; }

    public IReadOnlyList<RowError> Errors => Report.Errors;

    static string Describe(LoadReport report)
    {
        if (report.RowsRejected == 0 && report.Errors.Count == 1)
            return report.Errors[0].ToString();
        var lines = new List<string>
        {
            $"{report.File}: {report.RowsRejected} of {report.RowsRead} rows rejected " + (report.RowsRejected >= report.RowsRead
                ? "(every row: the file does not fit how it is read; see the reasons below and the source spec, docs/data.md)"
                : report.SwappedDates > 0 ? "(bad rows fail the load; skipping them would load the rest misdated: see the last line)"
                : "(bad rows fail the load; skip them to load the rest)"),
        };
        lines.AddRange(report.Errors.Select(e => "  " + e));
        if (report.RowsRejected > report.Errors.Count)
            lines.Add($"  … and {report.RowsRejected - report.Errors.Count} more");
        if (report.Hint is { } hint)
            lines.Add(hint);
        return string.Join(Environment.NewLine, lines);
    }
}
