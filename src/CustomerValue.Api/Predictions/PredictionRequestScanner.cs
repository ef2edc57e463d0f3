using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// The first tier of <see cref="PredictionRequestReader.TryRead"/>: a request body of the plainest shape read by
/// scanning its bytes once, without a <see cref="System.Text.Json.Utf8JsonReader"/> (whose token machinery is
/// most of the cost of reading a request). It takes exactly what the grammar below allows and gives up on
/// everything else, for the reader's next tier (and then the serializer) to read as before:
/// <list type="bullet">
/// <item>JSON whitespace, objects, arrays of orders, <c>null</c>, <c>true</c>, <c>false</c>;</item>
/// <item>the members customerId, asOf, profile (postalCode, device, channel, newsletter, signupDate) and
/// history (orders of date and amount), named in ASCII without escapes, in any case, in any order, repeated
/// (the last one counts, as in the serializer);</item>
/// <item>strings of printable ASCII without escapes; dates written exactly YYYY-MM-DD;</item>
/// <item>numbers of at most 15 digits without an exponent, in JSON's own grammar (no leading zero, no bare
/// point), read by <see cref="PredictionRequestReader.TryReadShortDecimal"/>.</item>
/// </list>
/// Any other member (attributes, a summary, an unknown name), an escape, a non-ASCII byte, a control character,
/// a comment, a trailing comma or anything after the body ends the scan with false.
/// </summary>
internal ref struct PredictionRequestScanner
{
    /// <summary>The nesting the grammar reaches (request, history, orders, order): the reader's depth limit must allow it.</summary>
    public const int Depth = 4;

    /// <summary>The bytes a scanned string may hold: printable ASCII but the quote and the backslash.</summary>
    static readonly SearchValues<byte> Plain = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Where(b => b is not ('"' or '\\')).Select(b => (byte)b)]);

    readonly ReadOnlySpan<byte> _json;
    int _at;

    PredictionRequestScanner(ReadOnlySpan<byte> json)
    {
        _json = json;
        _at = 0;
    }

    /// <summary>The request, when <paramref name="utf8Json"/> is of the plain shape; false to read it otherwise.</summary>
    public static bool TryScan(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out PredictionRequest? request)
    {
        var scanner = new PredictionRequestScanner(utf8Json);
        request = null;
        if (!scanner.TryRequest(out var read))
            return false;
        scanner.SkipWhitespace();
        if (scanner._at != utf8Json.Length)
            return false;
        request = read;
        return true;
    }

    bool TryRequest([NotNullWhen(true)] out PredictionRequest? request)
    {
        request = null;
        string? customerId = null;
        DateOnly? asOf = null;
        ProfileRequest? profile = null;
        HistoryRequest? history = null;
        if (!TryOpen((byte)'{', out var empty))
            return false;
        while (!empty)
        {
            if (!TryName(out var name))
                return false;
            var read = name switch
            {
                _ when Is(name, "customerId"u8) => TryString(out customerId),
                _ when Is(name, "asOf"u8) => TryDate(out asOf),
                _ when Is(name, "profile"u8) => TryProfile(out profile),
                _ when Is(name, "history"u8) => TryHistory(out history),
                _ => false,
            };
            if (!read || !TryNext((byte)'}', out empty))
                return false;
        }
        request = new PredictionRequest { CustomerId = customerId, AsOf = asOf, Profile = profile, History = history };
        return true;
    }

    bool TryProfile(out ProfileRequest? profile)
    {
        profile = null;
        if (TryNull())
            return true;
        string? postalCode = null, device = null, channel = null;
        bool? newsletter = null;
        DateOnly? signupDate = null;
        if (!TryOpen((byte)'{', out var empty))
            return false;
        while (!empty)
        {
            if (!TryName(out var name))
                return false;
            var read = name switch
            {
                _ when Is(name, "postalCode"u8) => TryString(out postalCode),
                _ when Is(name, "device"u8) => TryString(out device),
                _ when Is(name, "channel"u8) => TryString(out channel),
                _ when Is(name, "newsletter"u8) => TryBoolean(out newsletter),
                _ when Is(name, "signupDate"u8) => TryDate(out signupDate),
                _ => false,
            };
            if (!read || !TryNext((byte)'}', out empty))
                return false;
        }
        profile = new ProfileRequest { PostalCode = postalCode, Device = device, Channel = channel, Newsletter = newsletter, SignupDate = signupDate };
        return true;
    }

    bool TryHistory(out HistoryRequest? history)
    {
        history = null;
        if (TryNull())
            return true;
        List<OrderRequest?>? orders = null;
        if (!TryOpen((byte)'{', out var empty))
            return false;
        while (!empty)
        {
            if (!TryName(out var name) || !Is(name, "orders"u8) || !TryOrders(out orders) || !TryNext((byte)'}', out empty))
                return false;
        }
        history = new HistoryRequest { Orders = orders };
        return true;
    }

    bool TryOrders(out List<OrderRequest?>? orders)
    {
        orders = null;
        if (TryNull())
            return true;
        if (!TryOpen((byte)'[', out var empty))
            return false;
        var read = new List<OrderRequest?>();
        while (!empty)
        {
            if (!TryOrder(out var order))
                return false;
            read.Add(order);
            if (!TryNext((byte)']', out empty))
                return false;
        }
        orders = read;
        return true;
    }

    bool TryOrder(out OrderRequest? order)
    {
        order = null;
        if (TryNull())
            return true;
        DateOnly? date = null;
        double? amount = null;
        if (!TryOpen((byte)'{', out var empty))
            return false;
        while (!empty)
        {
            if (!TryName(out var name))
                return false;
            var read = name switch
            {
                _ when Is(name, "date"u8) => TryDate(out date),
                _ when Is(name, "amount"u8) => TryNumber(out amount),
                _ => false,
            };
            if (!read || !TryNext((byte)'}', out empty))
                return false;
        }
        order = new OrderRequest { Date = date, Amount = amount };
        return true;
    }

    /// <summary>The opening <paramref name="open"/>; <paramref name="empty"/> when the closing one follows at once.</summary>
    bool TryOpen(byte open, out bool empty)
    {
        empty = false;
        SkipWhitespace();
        if (!TryTake(open))
            return false;
        SkipWhitespace();
        empty = TryTake(open == '{' ? (byte)'}' : (byte)']');
        return true;
    }

    /// <summary>
    /// After a member or item: a comma (then another member or item, which a closer is not: "[1,]" fails there),
    /// or <paramref name="close"/> and the end. Every value is followed by this check, so a value that runs on
    /// ("nullx", "1e3", "1.5.3") fails here too, and the value readers need not look past their own text.
    /// </summary>
    bool TryNext(byte close, out bool end)
    {
        SkipWhitespace();
        end = TryTake(close);
        return end || TryTake((byte)',');
    }

    /// <summary>A member name and its colon: plain ASCII, no escape, not "$…" (which the serializer may read as metadata).</summary>
    bool TryName(out ReadOnlySpan<byte> name)
    {
        SkipWhitespace();
        if (!TryPlainString(out name) || name is [(byte)'$', ..])
            return false;
        SkipWhitespace();
        return TryTake((byte)':');
    }

    bool TryString(out string? value)
    {
        value = null;
        if (TryNull())
            return true;
        if (!TryPlainString(out var text))
            return false;
        value = Encoding.ASCII.GetString(text);
        return true;
    }

    bool TryDate(out DateOnly? value)
    {
        value = null;
        if (TryNull())
            return true;
        return TryPlainString(out var text) && PredictionRequestReader.TryParseDate(text, out value);
    }

    bool TryBoolean(out bool? value)
    {
        SkipWhitespace();
        value = null;
        if (TryLiteral("null"u8))
            return true;
        if (TryLiteral("true"u8))
            value = true;
        else if (TryLiteral("false"u8))
            value = false;
        return value is not null;
    }

    /// <summary>-?(0|[1-9][0-9]*)(\.[0-9]+)? of at most 15 digits; an exponent or more digits make the scan give up.</summary>
    bool TryNumber(out double? value)
    {
        value = null;
        if (TryNull())
            return true;
        var start = _at;
        var at = _at;
        if (at < _json.Length && _json[at] == '-')
            at++;
        var integer = at;
        while (at < _json.Length && char.IsAsciiDigit((char)_json[at]))
            at++;
        // No digits, or a leading zero before another digit.
        if (at == integer || (_json[integer] == '0' && at - integer > 1))
            return false;
        if (at < _json.Length && _json[at] == '.')
        {
            var fraction = ++at;
            while (at < _json.Length && char.IsAsciiDigit((char)_json[at]))
                at++;
            if (at == fraction)
                return false;
        }
        if (!PredictionRequestReader.TryReadShortDecimal(_json[start..at], out var number))
            return false;
        _at = at;
        value = number;
        return true;
    }

    /// <summary>A string of plain bytes (see <see cref="Plain"/>), without its quotes.</summary>
    bool TryPlainString(out ReadOnlySpan<byte> text)
    {
        text = default;
        if (!TryTake((byte)'"'))
            return false;
        var rest = _json[_at..];
        var length = rest.IndexOfAnyExcept(Plain);
        if (length < 0 || rest[length] != '"')
            return false;
        text = rest[..length];
        _at += length + 1;
        return true;
    }

    bool TryNull()
    {
        SkipWhitespace();
        return TryLiteral("null"u8);
    }

    bool TryLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_json[_at..].StartsWith(literal))
            return false;
        _at += literal.Length;
        return true;
    }

    bool TryTake(byte expected)
    {
        if (_at >= _json.Length || _json[_at] != expected)
            return false;
        _at++;
        return true;
    }

    void SkipWhitespace()
    {
        while (_at < _json.Length && _json[_at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            _at++;
    }

    static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> member) => PredictionRequestReader.Is(name, member);
}
