namespace CustomerValue.Core.Data;

/// <summary>
/// The rules every loaded date meets, shared by the loaders and applied to parsed values, whatever reads the file: a
/// date that no place on Earth has reached yet is in the future and rejects its row; a date after the as-of date is
/// counted, not rejected (training takes its labels from those rows; scoring leaves them out); a date before 1900 is a
/// placeholder or a typo (<see cref="ValueBounds"/>) and rejects its row too.
/// </summary>
internal sealed class DateRules
{
    /// <summary>The furthest ahead of UTC a civil time zone runs (Kiribati, UTC+14).</summary>
    static readonly TimeSpan AheadOfUtc = TimeSpan.FromHours(14);

    readonly DateOnly _latest;

    public DateRules(LoadOptions options)
    {
        var now = options.Clock.GetUtcNow().UtcDateTime;
        Today = DateOnly.FromDateTime(now);
        // Times without an offset are kept as written, in the shop's own zone, where it may already be tomorrow.
        _latest = DateOnly.FromDateTime(now + AheadOfUtc);
        AsOf = options.AsOf;
    }

    public DateOnly Today { get; }
    public DateOnly? AsOf { get; }

    /// <summary>Why a row with this date is rejected, or null.</summary>
    public string? Reject(DateOnly date) =>
        date > _latest ? $"date {date:yyyy-MM-dd} is in the future (today is {Today:yyyy-MM-dd} UTC)" : ValueBounds.DateProblem(date);

    public bool AfterAsOf(DateOnly date) => AsOf is { } asOf && date > asOf;
}
