using System.Globalization;

namespace CustomerValue.Core.Data;

/// <summary>
/// Parses dates with the formats of a source spec, or ISO 8601 by default. The two formats seen
/// most (yyyy-MM-dd and yyyyMMdd, and ISO date-times to the second without an offset) are parsed by hand
/// because this runs once per row.
/// Times with a UTC offset are converted to UTC; times without one are kept as written.
/// </summary>
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

    readonly string[] _formats;
    readonly CultureInfo _culture;
    readonly bool _dayResolution;
    readonly bool _iso;

    public DateParser(IReadOnlyList<string>? formats, CultureInfo culture, bool dayResolution)
    {
        _formats = formats is { Count: > 0 } ? [.. formats] : IsoFormats;
        _culture = culture;
        _dayResolution = dayResolution;
        _iso = ReferenceEquals(_formats, IsoFormats);
        Expected = formats is { Count: > 0 }
            ? string.Join(" or ", formats)
            : "an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00";
    }

    /// <summary>What the parser accepts, for error messages.</summary>
    public string Expected { get; }

    public bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        text = text.Trim();
        // Only shapes the format list would read the same way take the shortcut; anything else (an offset, a
        // fraction, an out-of-range field) goes through the formats, so what is accepted does not change.
        if (_iso && TryParseIsoDateTime(text, out value))
        {
            if (_dayResolution)
                value = value.Date;
            return true;
        }
        foreach (var format in _formats)
        {
            bool parsed = format switch
            {
                "yyyy-MM-dd" => TryParseDigits(text, dashes: true, out value),
                "yyyyMMdd" => TryParseDigits(text, dashes: false, out value),
                _ => DateTime.TryParseExact(text, format, _culture, Styles, out value),
            };
            if (parsed)
            {
                if (_dayResolution)
                    value = value.Date;
                return true;
            }
        }
        value = default;
        return false;
    }

    public bool TryParseDate(ReadOnlySpan<char> text, out DateOnly value)
    {
        bool parsed = TryParse(text, out var timestamp);
        value = parsed ? DateOnly.FromDateTime(timestamp) : default;
        return parsed;
    }

    static bool TryParseDigits(ReadOnlySpan<char> text, bool dashes, out DateTime value)
    {
        value = default;
        if (text.Length != (dashes ? 10 : 8) || (dashes && (text[4] != '-' || text[7] != '-')))
            return false;
        int monthAt = dashes ? 5 : 4, dayAt = dashes ? 8 : 6;
        if (!TryDigits(text[..4], out int year) || !TryDigits(text.Slice(monthAt, 2), out int month)
            || !TryDigits(text.Slice(dayAt, 2), out int day))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        value = new DateTime(year, month, day);
        return true;
    }

    /// <summary>yyyy-MM-ddTHH:mm[:ss] or with a space for the T: no offset, so the time is kept as written.</summary>
    static bool TryParseIsoDateTime(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if ((text.Length != 16 && text.Length != 19) || (text[10] != 'T' && text[10] != ' ') || text[13] != ':'
            || (text.Length == 19 && text[16] != ':'))
            return false;
        int second = 0;
        if (!TryParseDigits(text[..10], dashes: true, out var date) || !TryDigits(text.Slice(11, 2), out int hour)
            || !TryDigits(text.Slice(14, 2), out int minute) || (text.Length == 19 && !TryDigits(text.Slice(17, 2), out second)))
            return false;
        if (hour > 23 || minute > 59 || second > 59)
            return false;
        value = date.Add(new TimeSpan(hour, minute, second));
        return true;
    }

    static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
                return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
