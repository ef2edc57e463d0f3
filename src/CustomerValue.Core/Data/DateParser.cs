using System.Globalization;

namespace CustomerValue.Core.Data;

/// <summary>
/// Reads dates with <see cref="DateTime.TryParseExact(ReadOnlySpan{char}, string[], IFormatProvider, DateTimeStyles, out DateTime)"/>
/// and the formats of a source spec, or ISO 8601 ones by default. Times with a UTC offset are converted to UTC;
/// times without one are kept as written.
/// </summary>
/// <remarks>
/// A spec's formats are tried in its order, so the first that matches wins (it matters for day/month orders).
/// Any ISO format that matches a text reads it as the same instant, so for the ISO list the format that matched
/// the previous row is tried first: a file keeps one shape, and one format costs a third of trying the list.
/// <para>
/// A text is parsed once: the results of recent texts are remembered, so a column of days (a signup date, a
/// yyyyMMdd file) that repeats a few thousand values over a million rows costs a look-up per row instead of a
/// parse (about 230 ns). A column whose texts seldom repeat (timestamps to the second) turns the memory off after
/// its first few thousand rows, having spent a string on each of them.
/// </para>
/// </remarks>
internal sealed class DateParser
{
    internal static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
    ];

    const DateTimeStyles Styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;

    const int MemoSlots = 4096;
    const int MemoTrial = 4096;

    readonly string[] _formats;
    (string Text, DateTime Value)[]? _memo = new (string, DateTime)[MemoSlots];
    int _memoLookups, _memoHits;
    readonly CultureInfo _culture;
    readonly bool _dayResolution;
    readonly bool _iso;
    string _lastIsoFormat;

    public DateParser(IReadOnlyList<string>? formats, CultureInfo culture, bool dayResolution)
    {
        _formats = formats is { Count: > 0 } ? [.. formats] : IsoFormats;
        _culture = culture;
        _dayResolution = dayResolution;
        _iso = ReferenceEquals(_formats, IsoFormats);
        _lastIsoFormat = IsoFormats[0];
        Expected = formats is { Count: > 0 }
            ? string.Join(" or ", formats)
            : "an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00";
    }

    /// <summary>What the parser accepts, for error messages.</summary>
    public string Expected { get; }

    public bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        if (_memo is null)
            return TryParseExact(text, out value);
        var memo = _memo;
        if (++_memoLookups == MemoTrial && _memoHits < MemoTrial / 2)
            _memo = null;
        ref var slot = ref memo[string.GetHashCode(text) & (MemoSlots - 1)];
        if (slot.Text is { } remembered && text.SequenceEqual(remembered))
        {
            _memoHits++;
            value = slot.Value;
            return true;
        }
        if (!TryParseExact(text, out value))
            return false;
        slot = (text.ToString(), value);
        return true;
    }

    bool TryParseExact(ReadOnlySpan<char> text, out DateTime value)
    {
        if (!(_iso ? TryIso(text, out value) : DateTime.TryParseExact(text, _formats, _culture, Styles, out value)))
            return false;
        if (_dayResolution)
            value = value.Date;
        return true;
    }

    bool TryIso(ReadOnlySpan<char> text, out DateTime value)
    {
        if (DateTime.TryParseExact(text, _lastIsoFormat, _culture, Styles, out value))
            return true;
        foreach (var format in IsoFormats)
        {
            if (!ReferenceEquals(format, _lastIsoFormat) && DateTime.TryParseExact(text, format, _culture, Styles, out value))
            {
                _lastIsoFormat = format;
                return true;
            }
        }
        return false;
    }

    /// <summary>A field of a row: the source's own date-time when it stores one, else its text parsed.</summary>
    public bool TryRead(RowReader row, int column, ReadOnlySpan<char> text, out DateTime value)
    {
        if (!row.TryGetTimestamp(column, out value))
            return TryParse(text, out value);
        if (_dayResolution)
            value = value.Date;
        return true;
    }

    public bool TryReadDate(RowReader row, int column, ReadOnlySpan<char> text, out DateOnly value)
    {
        bool read = TryRead(row, column, text, out var timestamp);
        value = read ? DateOnly.FromDateTime(timestamp) : default;
        return read;
    }

    public bool TryParseDate(ReadOnlySpan<char> text, out DateOnly value)
    {
        bool parsed = TryParse(text, out var timestamp);
        value = parsed ? DateOnly.FromDateTime(timestamp) : default;
        return parsed;
    }
}
