using System.Globalization;
using System.Text.RegularExpressions;

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
/// A text is parsed once. The two common ISO shapes, a day (<c>2024-03-31</c>) and a day with a time to the second
/// (<c>2024-03-31T14:05:00</c>, or a space for the T), are read as their two halves: the day with
/// <c>yyyy-MM-dd</c> and the time with <c>HH:mm</c> and <c>ss</c>, each through <c>TryParseExact</c> once per distinct
/// value and remembered by its digits as a number. A file of timestamps seldom repeats a whole text but repeats its days and its
/// times of day all the time, so on the 10.4-million-row generated file a row costs two dictionary look-ups instead of
/// a parse (about 200 ns). A text of any other shape, or whose halves do not parse, goes through the full list as
/// before, so what is accepted or rejected, and why, does not change.
/// </para>
/// <para>
/// Other texts (a spec's own formats) are remembered whole, keyed by their characters packed into 128 bits when they
/// are short ASCII, so a column of days (a signup date, a yyyyMMdd file) that repeats a few thousand values over a
/// million rows costs a look-up per row and no string. A column whose texts seldom repeat turns that memory off after
/// its first few thousand rows.
/// </para>
/// </remarks>
internal sealed partial class DateParser
{
    internal static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        // An offset of whole hours written as two digits: PostgreSQL's text for timestamptz (COPY, psql), "…+00".
        "yyyy-MM-dd HH:mm:sszz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzz", "yyyy-MM-ddTHH:mm:sszz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzz",
        // The zone spelled out: BigQuery's text for a TIMESTAMP (CSV exports, GA4), "2024-02-11 23:30:00 UTC".
        "yyyy-MM-dd HH:mm:ss 'UTC'", "yyyy-MM-dd HH:mm:ss.FFFFFFF 'UTC'",
    ];

    const DateTimeStyles Styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;

    const int MemoBits = 12;
    const int MemoSlots = 1 << MemoBits;
    const int MemoTrial = 4096;
    /// <summary>Texts up to this many ASCII characters (a length byte rides in the 16th) are remembered by their packed value.</summary>
    const int MemoChars = 15;
    /// <summary>
    /// Distinct ISO days remembered; past this a new one is parsed each time. Days of a century fit; it bounds what a
    /// file of nonsense can make the parser hold.
    /// </summary>
    const int DaysRemembered = 1 << 17;

    /// <summary>A <c>dateFormats</c> entry for seconds since 1970-01-01 UTC (a Unix time, e.g. <c>1291191960</c>; a fraction is allowed).</summary>
    public const string UnixSeconds = "unix-seconds";
    /// <summary>A <c>dateFormats</c> entry for milliseconds since 1970-01-01 UTC (JavaScript's and many event logs' time).</summary>
    public const string UnixMilliseconds = "unix-milliseconds";
    /// <summary>A <c>dateFormats</c> entry for microseconds since 1970-01-01 UTC (Google Analytics 4's event_timestamp, BigQuery's).</summary>
    public const string UnixMicroseconds = "unix-microseconds";
    /// <summary>The start of a <c>dateFormats</c> entry for whole days counted from an ISO day: <c>days-since:2019-12-31</c> reads 1 as 2020-01-01.</summary>
    public const string DaysSincePrefix = "days-since:";

    readonly string[] _formats;
    /// <summary>The spec's formats with day and month the other way round (null when none has both, or for ISO and counted ones).</summary>
    readonly string[]? _swapped;
    /// <summary>The spec's formats in its order, each a .NET format (Unit 0) or a count of units since an origin.</summary>
    readonly (string Format, long TicksPerUnit, DateTime Origin)[]? _counted;
    (UInt128 Key, DateTime Value)[]? _memo = new (UInt128, DateTime)[MemoSlots];
    int _memoLookups, _memoHits;
    readonly Dictionary<int, DateTime> _isoDays = [];
    readonly long[] _isoMinutes = new long[10_000];
    readonly long[] _isoSeconds = new long[100];
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
        if (!_iso && _formats.Any(f => Counted(f) is not null))
            _counted = [.. _formats.Select(f => Counted(f) is { } c ? (f, c.TicksPerUnit, c.Origin) : (f, 0L, default(DateTime)))];
        if (!_iso && _counted is null)
        {
            var swapped = _formats.Select(SwapDayAndMonth).ToArray();
            _swapped = swapped.SequenceEqual(_formats, StringComparer.Ordinal) ? null : swapped;
        }
        Expected = formats is { Count: > 0 }
            ? string.Join(" or ", formats.Select(Describe))
            : "an ISO date such as 2024-03-31 or date-time such as 2024-03-31T14:05:00";
    }

    /// <summary>
    /// The unit and origin of a counted format (<see cref="UnixSeconds"/>, <see cref="UnixMilliseconds"/>,
    /// <see cref="DaysSincePrefix"/>), null for a .NET format; an unreadable <c>days-since:</c> origin is null too
    /// (<see cref="SourceSpec"/> refuses it before any row is read).
    /// </summary>
    internal static (long TicksPerUnit, DateTime Origin)? Counted(string format)
    {
        if (format.Equals(UnixSeconds, StringComparison.OrdinalIgnoreCase))
            return (TimeSpan.TicksPerSecond, DateTime.UnixEpoch);
        if (format.Equals(UnixMilliseconds, StringComparison.OrdinalIgnoreCase))
            return (TimeSpan.TicksPerMillisecond, DateTime.UnixEpoch);
        if (format.Equals(UnixMicroseconds, StringComparison.OrdinalIgnoreCase))
            return (TimeSpan.TicksPerMicrosecond, DateTime.UnixEpoch);
        if (format.StartsWith(DaysSincePrefix, StringComparison.OrdinalIgnoreCase)
            && DateTime.TryParseExact(format.AsSpan(DaysSincePrefix.Length).Trim(), IsoFormats[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var origin))
            return (TimeSpan.TicksPerDay, origin);
        return null;
    }

    /// <summary>Whether a format is meant as a counted one (by its name or prefix), readable or not.</summary>
    internal static bool LooksCounted(string format) =>
        format.StartsWith("unix", StringComparison.OrdinalIgnoreCase) || format.StartsWith(DaysSincePrefix, StringComparison.OrdinalIgnoreCase);

    static string Describe(string format) => Counted(format) switch
    {
        { TicksPerUnit: TimeSpan.TicksPerSecond } => "seconds since 1970-01-01 UTC (unix-seconds)",
        { TicksPerUnit: TimeSpan.TicksPerMillisecond } => "milliseconds since 1970-01-01 UTC (unix-milliseconds)",
        { TicksPerUnit: TimeSpan.TicksPerMicrosecond } => "microseconds since 1970-01-01 UTC (unix-microseconds)",
        { } days => $"days since {days.Origin:yyyy-MM-dd} ({format})",
        null => format,
    };

    /// <summary>
    /// <paramref name="format"/> with its day and month in each other's place (<c>d/M/yyyy H:mm</c> → <c>M/d/yyyy H:mm</c>);
    /// names of days and months (<c>ddd</c>, <c>MMM</c>) and quoted text are left as they are.
    /// </summary>
    internal static string SwapDayAndMonth(string format)
    {
        var swapped = new System.Text.StringBuilder(format.Length);
        var quoted = false;
        for (var i = 0; i < format.Length;)
        {
            var c = format[i];
            if (c == '\'')
                quoted = !quoted;
            var run = 1;
            while (!quoted && c is 'd' or 'M' && i + run < format.Length && format[i + run] == c)
                run++;
            swapped.Append(!quoted && run <= 2 && c is 'd' or 'M' ? new string(c == 'd' ? 'M' : 'd', run) : format.Substring(i, run));
            i += run;
        }
        return swapped.ToString();
    }

    /// <summary>
    /// The spec's format, with day and month the other way round, that reads <paramref name="text"/>, when none of the
    /// spec's own formats does; null otherwise. A file that puts the month first, read with a day-first format, loads the
    /// dates whose day is 12 or lower with day and month swapped (12/1/2022 as 12 January) and rejects the rest
    /// (12/13/2022): such a rejected text says the spec has the order wrong, and the dates it read are wrong too.
    /// </summary>
    public string? SwappedFormat(ReadOnlySpan<char> text)
    {
        if (_swapped is null)
            return null;
        text = text.Trim();
        for (var i = 0; i < _swapped.Length; i++)
        {
            if (DateTime.TryParseExact(text, _swapped[i], _culture, Styles, out _))
                return _swapped[i];
        }
        return null;
    }

    /// <summary>
    /// Read with the ISO default, the one format that reads a day-month-year <paramref name="text"/> whose numbers tell day
    /// from month (12/13/2022 only month first, 13/12/2022 only day first); null for a spec's own formats, another shape,
    /// or a text that cannot tell (12/1/2022).
    /// </summary>
    public string? DecidedOrder(ReadOnlySpan<char> text) =>
        _iso && SuggestFormat(text.Trim()) is { MonthFirst: null, Format: ['d' or 'M', ..] format } ? format : null;

    /// <summary>What the parser accepts, for error messages.</summary>
    public string Expected { get; }

    /// <summary>
    /// The reason a text was not read: what is expected and, for a text of a common non-ISO shape read with the ISO
    /// default, the <c>dateFormats</c> that would read it, since every row of such a file is rejected the same way.
    /// </summary>
    public string Unparseable(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        var reason = $"unparseable date '{text}' (expected {Expected})";
        if (_iso && UnixSuggestion(text) is { } unix)
            return $"{reason}; if these are Unix times give a source spec with \"dateFormats\": [\"{unix}\"]";
        if (_iso && IsSpreadsheetSerial(text))
            return $"{reason}; if these are a spreadsheet's serial day numbers give a source spec with \"dateFormats\": [\"{SpreadsheetDays}\"]";
        // A study's DAY column (Dunnhumby's Complete Journey counts 1 to 711) holds no calendar date at all.
        if (_iso && text.Length is >= 1 and <= 4 && !text.ContainsAnyExceptInRange('0', '9'))
            return $"{reason}; if these number the days from a start (a DAY column), give a source spec with \"dateFormats\": [\"{DaysSincePrefix}YYYY-MM-DD\"] naming the day before day 1; when it is unknown, a date that puts the last day before today keeps every gap, though calendar months and seasons then follow that choice";
        if (!_iso && SwappedFormat(text) is { } swappedFormat)
            return $"{reason}; it reads as {swappedFormat}, with day and month the other way round: if the file writes them in that order, give \"dateFormats\": [\"{swappedFormat}\"], since the dates read so far with the spec's order are wrong wherever the day was 12 or lower";
        if (_iso && MonthNameFormat(text) is { } named)
            return $"{reason}; for dates like this give a source spec with \"dateFormats\": [\"{named}\"]";
        if (_iso && MonthOnlyFormat(text) is { } month)
            return $"{reason}; a month without a day: if each row is a month's total, give a source spec with \"dateFormats\": [\"{month}\"], which dates a row on its month's first day (purchases then count as months with a purchase)";
        if (!_iso || SuggestFormat(text) is not { } suggestion)
            return reason;
        return $"{reason}; for dates like this give a source spec with \"dateFormats\": [\"{suggestion.Format}\"]"
            + (suggestion.MonthFirst is { } monthFirst ? $" (day first; [\"{monthFirst}\"] if the month comes first)" : "");
    }

    /// <summary>
    /// A .NET format for a day-month-year or year-month-day text with separators other than ISO's, or eight digits
    /// (null for any other shape), and the month-first alternative when the text cannot tell (04/10/2016). A two-digit
    /// year (21/9/16, as spreadsheets shorten dates) reads as .NET's <c>yy</c> does: 00–49 as 2000–2049, 50–99 as 1950–1999.
    /// </summary>
    internal static (string Format, string? MonthFirst)? SuggestFormat(ReadOnlySpan<char> text)
    {
        var match = NonIsoDate().Match(text.ToString());
        if (!match.Success)
            return null;
        var ampm = match.Groups["ampm"];
        string clock = ampm.Success ? "h" : "H";
        string time = !match.Groups["time"].Success ? "" : match.Groups["sec"].Success ? $" {clock}:mm:ss" : $" {clock}:mm";
        if (ampm.Success)
            time += ampm.Value.StartsWith(' ') ? " tt" : "tt";
        if (match.Groups["compact"].Success)
            return ("yyyyMMdd" + time, null);
        if (match.Groups["y4"].Success)
            return ($"yyyy{match.Groups["t"].Value}M{match.Groups["t"].Value}d{time}", null);
        string sep = match.Groups["s"].Value, year = match.Groups["y2"].Success ? "yy" : "yyyy";
        string dayFirst = $"d{sep}M{sep}{year}{time}", monthFirst = $"M{sep}d{sep}{year}{time}";
        int first = int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture);
        int second = int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture);
        return second > 12 ? (monthFirst, null) : first > 12 ? (dayFirst, null) : (dayFirst, monthFirst);
    }

    /// <summary>Dates with English month names as databases and spreadsheets write them: Oracle's 01-MAR-23, Mar 1, 2023, 1 March 2023, eBay's Jan-05-24, and HTTP's Fri, 15 Mar 2024 10:00:00 GMT.</summary>
    static readonly string[] MonthNameFormats =
    [
        "d-MMM-yy", "d-MMM-yyyy", "d MMM yyyy", "d MMMM yyyy", "MMM d, yyyy", "MMMM d, yyyy", "MMM d yyyy",
        "d-MMM-yy HH:mm:ss", "d-MMM-yyyy HH:mm:ss", "d MMM yyyy HH:mm", "d MMM yyyy HH:mm:ss",
        "MMM d, yyyy h:mm tt", "MMM d, yyyy h:mm:ss tt", "MMM d, yyyy HH:mm", "MMM d, yyyy HH:mm:ss",
        // eBay's order reports (Jan-05-24), web servers' logs (05/Jan/2024:10:00:00), SQL dumps (2024-Jan-05).
        "MMM-d-yy", "MMM-d-yyyy", "d/MMM/yyyy", "d/MMM/yyyy:HH:mm:ss", "yyyy-MMM-d",
        // HTTP's and JavaScript's toUTCString(): Fri, 15 Mar 2024 10:00:00 GMT, a UTC time as written.
        "ddd, d MMM yyyy HH:mm:ss 'GMT'",
    ];

    /// <summary>The first of <see cref="MonthNameFormats"/> that reads the text with English month names, in any case; null when none does.</summary>
    internal static string? MonthNameFormat(ReadOnlySpan<char> text)
    {
        foreach (var format in MonthNameFormats)
        {
            if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                return format;
        }
        return null;
    }

    /// <summary>
    /// The format of a month without a day, as a file of monthly totals writes it: <c>2023-08</c> (<c>yyyy-MM</c>),
    /// <c>2023/8</c>, <c>08/2023</c> (<c>MM/yyyy</c>), <c>08.2023</c>; a year from 1900 to 2099 and a month from 1 to 12.
    /// Null for any other text. Read with it, a row is dated on the month's first day.
    /// </summary>
    internal static string? MonthOnlyFormat(ReadOnlySpan<char> text)
    {
        var separator = text.IndexOfAny('-', '/', '.');
        if (separator <= 0 || text[(separator + 1)..].IndexOfAny('-', '/', '.') >= 0)
            return null;
        ReadOnlySpan<char> first = text[..separator], second = text[(separator + 1)..];
        if (first.ContainsAnyExceptInRange('0', '9') || second.ContainsAnyExceptInRange('0', '9'))
            return null;
        var yearFirst = first.Length == 4;
        var year = yearFirst ? first : second;
        var month = yearFirst ? second : first;
        if (year.Length != 4 || month.Length is < 1 or > 2
            || int.Parse(year, CultureInfo.InvariantCulture) is < 1900 or > 2099 || int.Parse(month, CultureInfo.InvariantCulture) is < 1 or > 12)
            return null;
        var m = month.Length == 2 ? "MM" : "M";
        var sep = text[separator];
        return yearFirst ? $"yyyy{sep}{m}" : $"{m}{sep}yyyy";
    }

    /// <summary>
    /// <see cref="UnixSeconds"/> for a whole number of 9 or 10 digits (1973 to 2286 as seconds), <see cref="UnixMilliseconds"/>
    /// for 12 or 13, <see cref="UnixMicroseconds"/> for 15 or 16, null for any other text.
    /// </summary>
    internal static string? UnixSuggestion(ReadOnlySpan<char> text)
    {
        var digits = text.StartsWith("-") ? text[1..] : text;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
            return null;
        return digits.Length switch { 9 or 10 => UnixSeconds, 12 or 13 => UnixMilliseconds, 15 or 16 => UnixMicroseconds, _ => null };
    }

    /// <summary>Excel's and LibreOffice's day numbers: day 1 is 1899-12-31 (Excel's leap day of 1900 is before any data).</summary>
    internal const string SpreadsheetDays = DaysSincePrefix + "1899-12-30";

    /// <summary>
    /// A whole number of five digits, as a date cell exported without its format is (45361 is 2024-03-10; 10000 to 99999
    /// spans 1927 to 2173), or with a fraction of a day after a point, as a date-time cell is (45361.75).
    /// </summary>
    internal static bool IsSpreadsheetSerial(ReadOnlySpan<char> text)
    {
        var point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? "0" : text[(point + 1)..];
        return whole.Length == 5 && whole[0] != '0' && !whole.ContainsAnyExceptInRange('0', '9')
            && fraction.Length > 0 && !fraction.ContainsAnyExceptInRange('0', '9');
    }

    [GeneratedRegex(@"^(?:(?<a>\d{1,2})(?<s>[./-])(?<b>\d{1,2})\k<s>(?:\d{4}|(?<y2>\d{2}))|\d{4}(?<y4>(?<t>[./]))\d{1,2}\k<t>\d{1,2}|(?<compact>\d{8}))(?<time>[ T]\d{1,2}:\d{2}(?<sec>:\d{2})?(?<ampm> ?[AP]M)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex NonIsoDate();

    public bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        if (_iso && TryIsoHalves(text, out value))
            return true;
        if (_memo is null || !TryPack(text, out var key))
            return TryParseExact(text, out value);
        var memo = _memo;
        if (++_memoLookups == MemoTrial && _memoHits < MemoTrial / 2)
            _memo = null;
        ref var slot = ref memo[Slot(key)];
        if (slot.Key == key)
        {
            _memoHits++;
            value = slot.Value;
            return true;
        }
        if (!TryParseExact(text, out value))
            return false;
        slot = (key, value);
        return true;
    }

    /// <summary>
    /// <c>yyyy-MM-dd</c>, or <c>yyyy-MM-dd</c> + T or space + <c>HH:mm:ss</c>, read as a remembered day plus a
    /// remembered time of day; false for any other shape or a half that does not parse (the caller then parses the
    /// whole text with the list, which answers the same for these shapes).
    /// </summary>
    bool TryIsoHalves(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length is not (10 or 19) || !TryDigits(text, "dddd-dd-dd", out int dayKey))
            return false;
        if (!_isoDays.TryGetValue(dayKey, out var day))
        {
            if (!DateTime.TryParseExact(text[..10], IsoFormats[0], _culture, Styles, out day))
                return false;
            if (_isoDays.Count < DaysRemembered)
                _isoDays[dayKey] = day;
        }
        if (text.Length == 10)
        {
            value = day;
            return true;
        }
        if (text[10] is not ('T' or ' ') || !TryDigits(text[11..], "dd:dd:dd", out int timeKey))
            return false;
        if (!TryRemembered(_isoMinutes, timeKey / 100, text.Slice(11, 5), "HH:mm", out var minute)
            || !TryRemembered(_isoSeconds, timeKey % 100, text.Slice(17, 2), "ss", out var second))
            return false;
        value = _dayResolution ? day : day + minute + second;
        return true;
    }

    /// <summary>
    /// A time of day parsed with <paramref name="format"/> once per key and remembered in <paramref name="known"/> (its
    /// ticks + 1; 0 for not yet): a time to the second is read as its minute of the day and its second, 10,000 and 100
    /// slots that stay in the cache, where one slot per second of the day (86,400) would miss it on most rows.
    /// </summary>
    bool TryRemembered(long[] known, int key, ReadOnlySpan<char> text, string format, out TimeSpan time)
    {
        if (known[key] != 0)
        {
            time = new TimeSpan(known[key] - 1);
            return true;
        }
        if (!DateTime.TryParseExact(text, format, _culture, Styles, out var clock))
        {
            time = default;
            return false;
        }
        time = clock.TimeOfDay;
        known[key] = time.Ticks + 1;
        return true;
    }

    /// <summary>The digits of <paramref name="text"/> as one number when it has <paramref name="shape"/>'s length, a digit at each d and the other characters as written.</summary>
    static bool TryDigits(ReadOnlySpan<char> text, ReadOnlySpan<char> shape, out int number)
    {
        number = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] != 'd')
            {
                if (text[i] != shape[i])
                    return false;
                continue;
            }
            uint digit = (uint)(text[i] - '0');
            if (digit > 9)
                return false;
            number = number * 10 + (int)digit;
        }
        return true;
    }

    /// <summary>A short ASCII text as one number: its characters byte by byte and its length on top (so never 0, the empty slot).</summary>
    static bool TryPack(ReadOnlySpan<char> text, out UInt128 key)
    {
        key = 0;
        if (text.Length is 0 or > MemoChars)
            return false;
        for (int i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] > 0x7F)
                return false;
            key = key << 8 | text[i];
        }
        key |= (UInt128)(uint)text.Length << 120;
        return true;
    }

    static int Slot(UInt128 key) =>
        (int)(((ulong)key ^ (ulong)(key >> 64)) * 0x9E3779B97F4A7C15UL >> (64 - MemoBits));

    bool TryParseExact(ReadOnlySpan<char> text, out DateTime value)
    {
        if (!(_iso ? TryIso(text, out value) : _counted is not null ? TryInOrder(text, out value) : DateTime.TryParseExact(text, _formats, _culture, Styles, out value)))
            return false;
        if (_dayResolution)
            value = value.Date;
        return true;
    }

    /// <summary>The spec's formats one by one in its order, counted ones among them: the first that reads the text wins.</summary>
    bool TryInOrder(ReadOnlySpan<char> text, out DateTime value)
    {
        foreach (var (format, ticksPerUnit, origin) in _counted!)
        {
            if (ticksPerUnit == 0 ? DateTime.TryParseExact(text, format, _culture, Styles, out value) : TryCount(text, ticksPerUnit, origin, out value))
                return true;
        }
        value = default;
        return false;
    }

    /// <summary>
    /// A number of units after <paramref name="origin"/>: Unix times in UTC, day counts as days, a fraction of a unit its
    /// part (a spreadsheet's date-time cell exported without its format is 45361.75, 2024-03-10 18:00). The number is
    /// read with the invariant culture, as such counts are written by programs.
    /// </summary>
    static bool TryCount(ReadOnlySpan<char> text, long ticksPerUnit, DateTime origin, out DateTime value)
    {
        value = default;
        // More units than any date has (milliseconds up to the year 9999 are 3.2e14) would overflow the decimal product.
        const decimal MostUnits = 1e16m;
        decimal ticks;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long whole) && Math.Abs((decimal)whole) < MostUnits)
            ticks = (decimal)whole * ticksPerUnit + origin.Ticks;
        else if (decimal.TryParse(text, NumberStyles.Integer | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal units)
            && Math.Abs(units) < MostUnits)
            ticks = Math.Round(units * ticksPerUnit) + origin.Ticks;
        else
            return false;
        if (ticks < 0 || ticks > DateTime.MaxValue.Ticks)
            return false;
        value = new DateTime((long)ticks, origin.Kind);
        return true;
    }

    bool TryIso(ReadOnlySpan<char> text, out DateTime value)
    {
        if (!TryIsoFormats(text, out value))
            return false;
        // A literal 'UTC' carries no offset for TryParseExact to see, so the time comes back unspecified: it is UTC.
        if (_lastIsoFormat.EndsWith("'UTC'", StringComparison.Ordinal))
            value = DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return true;
    }

    bool TryIsoFormats(ReadOnlySpan<char> text, out DateTime value)
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
    public bool TryRead(RowReader row, int column, ReadOnlySpan<char> text, out DateTime value) =>
        TryReadValue(row, column, out value) || TryParse(text, out value);

    /// <summary>The field as the date-time the source already holds (a typed source, or one that parsed it ahead); false when it is text still to parse.</summary>
    public bool TryReadValue(RowReader row, int column, out DateTime value)
    {
        if (!row.TryGetTimestamp(column, out value))
            return false;
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
