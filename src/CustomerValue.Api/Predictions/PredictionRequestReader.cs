using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Reads a <see cref="PredictionRequest"/> with a <see cref="Utf8JsonReader"/>, without the serializer's
/// reflection metadata: the request body is on the path of every prediction.
/// </summary>
/// <remarks>
/// The fast path takes the common shape only and gives up on anything unusual (an escaped or non-ASCII
/// property name, a token of another type, a date not written exactly YYYY-MM-DD, a number the
/// serializer's own reader calls refuse, a repeated attribute name, bad JSON…). <see cref="Read(ReadOnlySpan{byte}, JsonSerializerOptions)"/>
/// then hands the same bytes to <see cref="JsonSerializer"/>, so a body reads exactly as the serializer
/// reads it and every error is the serializer's own. Values are read with the calls the serializer's
/// converters make (GetString, TryGetDouble, TryGetInt32, JsonElement.ParseValue), so they are equal too; a short
/// decimal amount is read by an exact shortcut that gives TryGetDouble's double. Before the token reader,
/// <see cref="PredictionRequestScanner"/> reads the plainest bodies in one pass over their bytes.
/// </remarks>
public static class PredictionRequestReader
{
    static JsonSerializerOptions? s_supported;

    /// <summary>What <c>JsonSerializer.Deserialize&lt;PredictionRequest&gt;(utf8Json, options)</c> returns or throws.</summary>
    public static PredictionRequest? Read(ReadOnlySpan<byte> utf8Json, JsonSerializerOptions options) =>
        TryRead(utf8Json, options, out var request)
            ? request
            : (PredictionRequest?)JsonSerializer.Deserialize(utf8Json, options.GetTypeInfo(typeof(PredictionRequest)));

    /// <inheritdoc cref="Read(ReadOnlySpan{byte}, JsonSerializerOptions)"/>
    public static PredictionRequest? Read(ReadOnlySequence<byte> utf8Json, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (utf8Json.IsSingleSegment)
            return Read(utf8Json.FirstSpan, options);
        // A body over several buffers is rare and the serializer has no overload for it: one copy.
        var length = checked((int)utf8Json.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            utf8Json.CopyTo(rented);
            return Read(rented.AsSpan(0, length), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The request in <paramref name="utf8Json"/> when it has the common shape; false, for
    /// <see cref="JsonSerializer"/> to read it instead, on anything else.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, JsonSerializerOptions options, [NotNullWhen(true)] out PredictionRequest? request)
    {
        ArgumentNullException.ThrowIfNull(options);
        request = null;
        if (!Supports(options))
            return false;
        // The plainest bodies (the benchmark's among them) need no token reader at all.
        if ((options.MaxDepth == 0 || options.MaxDepth > PredictionRequestScanner.Depth) && PredictionRequestScanner.TryScan(utf8Json, out request))
            return true;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = options.MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !TryReadRequest(ref reader, out var read))
                return false;
            // Only whitespace may follow; the reader throws on anything else.
            if (reader.Read())
                return false;
            request = read;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // GetString on a string that is not valid UTF-8.
            return false;
        }
    }

    /// <summary>
    /// The fast path reads as the serializer does under the HTTP JSON options of ApiDefaults: names matched
    /// case-insensitively, strict numbers, unknown members skipped, a repeated property's last value kept,
    /// no comments, no trailing commas, no reference metadata, no converter for a request member.
    /// </summary>
    static bool Supports(JsonSerializerOptions options)
    {
        if (ReferenceEquals(options, Volatile.Read(ref s_supported)))
            return true;
        var supported = options is
        {
            PropertyNameCaseInsensitive: true,
            NumberHandling: JsonNumberHandling.Strict,
            ReferenceHandler: null,
            UnmappedMemberHandling: JsonUnmappedMemberHandling.Skip,
            PreferredObjectCreationHandling: JsonObjectCreationHandling.Replace,
            AllowDuplicateProperties: true,
            RespectNullableAnnotations: false,
            ReadCommentHandling: JsonCommentHandling.Disallow,
            AllowTrailingCommas: false,
        }
            && ReferenceEquals(options.PropertyNamingPolicy, JsonNamingPolicy.CamelCase)
            && options.Converters.All(c => c is JsonStringEnumConverter);
        // Options can change until first used; only then is the answer worth keeping.
        if (supported && options.IsReadOnly)
            Volatile.Write(ref s_supported, options);
        return supported;
    }

    static bool TryReadRequest(ref Utf8JsonReader reader, [NotNullWhen(true)] out PredictionRequest? request)
    {
        request = null;
        string? customerId = null;
        DateOnly? asOf = null;
        ProfileRequest? profile = null;
        HistoryRequest? history = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
                return false;
            reader.Read();
            var read = name switch
            {
                _ when Is(name, "customerId"u8) => TryReadString(ref reader, out customerId),
                _ when Is(name, "asOf"u8) => TryReadDate(ref reader, out asOf),
                _ when Is(name, "profile"u8) => TryReadProfile(ref reader, out profile),
                _ when Is(name, "history"u8) => TryReadHistory(ref reader, out history),
                _ => Skip(ref reader),
            };
            if (!read)
                return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            return false;
        request = new PredictionRequest { CustomerId = customerId, AsOf = asOf, Profile = profile, History = history };
        return true;
    }

    static bool TryReadProfile(ref Utf8JsonReader reader, out ProfileRequest? profile)
    {
        profile = null;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        if (reader.TokenType != JsonTokenType.StartObject)
            return false;
        string? postalCode = null, device = null, channel = null;
        bool? newsletter = null;
        DateOnly? signupDate = null;
        Dictionary<string, JsonElement>? attributes = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
                return false;
            reader.Read();
            var read = name switch
            {
                _ when Is(name, "postalCode"u8) => TryReadString(ref reader, out postalCode),
                _ when Is(name, "device"u8) => TryReadString(ref reader, out device),
                _ when Is(name, "channel"u8) => TryReadString(ref reader, out channel),
                _ when Is(name, "newsletter"u8) => TryReadBoolean(ref reader, out newsletter),
                _ when Is(name, "signupDate"u8) => TryReadDate(ref reader, out signupDate),
                _ when Is(name, "attributes"u8) => TryReadAttributes(ref reader, out attributes),
                _ => Skip(ref reader),
            };
            if (!read)
                return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            return false;
        profile = new ProfileRequest
        {
            PostalCode = postalCode, Device = device, Channel = channel, Newsletter = newsletter, SignupDate = signupDate, Attributes = attributes,
        };
        return true;
    }

    static bool TryReadAttributes(ref Utf8JsonReader reader, out Dictionary<string, JsonElement>? attributes)
    {
        attributes = null;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        if (reader.TokenType != JsonTokenType.StartObject)
            return false;
        var read = new Dictionary<string, JsonElement>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Keys are taken as written, escapes and all, as the serializer's dictionary converter takes them.
            var key = reader.GetString()!;
            if (key.StartsWith('$'))
                return false;
            reader.Read();
            // A repeated name: the serializer keeps the last value; rare enough to leave to it.
            if (!read.TryAdd(key, JsonElement.ParseValue(ref reader)))
                return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            return false;
        attributes = read;
        return true;
    }

    static bool TryReadHistory(ref Utf8JsonReader reader, out HistoryRequest? history)
    {
        history = null;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        if (reader.TokenType != JsonTokenType.StartObject)
            return false;
        List<OrderRequest?>? orders = null;
        HistorySummaryRequest? summary = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
                return false;
            reader.Read();
            var read = name switch
            {
                _ when Is(name, "orders"u8) => TryReadOrders(ref reader, out orders),
                _ when Is(name, "summary"u8) => TryReadSummary(ref reader, out summary),
                _ => Skip(ref reader),
            };
            if (!read)
                return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            return false;
        history = new HistoryRequest { Orders = orders, Summary = summary };
        return true;
    }

    static bool TryReadOrders(ref Utf8JsonReader reader, out List<OrderRequest?>? orders)
    {
        orders = null;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        if (reader.TokenType != JsonTokenType.StartArray)
            return false;
        var read = new List<OrderRequest?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryReadOrder(ref reader, out var order))
                return false;
            read.Add(order);
        }
        orders = read;
        return true;
    }

    static bool TryReadOrder(ref Utf8JsonReader reader, out OrderRequest? order)
    {
        order = null;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        if (reader.TokenType != JsonTokenType.StartObject)
            return false;
        DateOnly? date = null;
        double? amount = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
                return false;
            reader.Read();
            var read = name switch
            {
                _ when Is(name, "date"u8) => TryReadDate(ref reader, out date),
                _ when Is(name, "amount"u8) => TryReadDouble(ref reader, out amount),
                _ => Skip(ref reader),
            };
            if (!read)
                return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            return false;
        order = new OrderRequest { Date = date, Amount = amount };
        return true;
    }

    static bool TryReadSummary(ref Utf8JsonReader reader, out HistorySummaryRequest? summary)
    {
        summary = null;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        if (reader.TokenType != JsonTokenType.StartObject)
            return false;
        int? orders = null;
        double? totalSpend = null, firstOrderValue = null;
        DateOnly? firstOrderDate = null, lastOrderDate = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
                return false;
            reader.Read();
            var read = name switch
            {
                _ when Is(name, "orders"u8) => TryReadInt32(ref reader, out orders),
                _ when Is(name, "totalSpend"u8) => TryReadDouble(ref reader, out totalSpend),
                _ when Is(name, "firstOrderDate"u8) => TryReadDate(ref reader, out firstOrderDate),
                _ when Is(name, "lastOrderDate"u8) => TryReadDate(ref reader, out lastOrderDate),
                _ when Is(name, "firstOrderValue"u8) => TryReadDouble(ref reader, out firstOrderValue),
                _ => Skip(ref reader),
            };
            if (!read)
                return false;
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            return false;
        summary = new HistorySummaryRequest
        {
            Orders = orders, TotalSpend = totalSpend, FirstOrderDate = firstOrderDate, LastOrderDate = lastOrderDate, FirstOrderValue = firstOrderValue,
        };
        return true;
    }

    /// <summary>
    /// A property name the fast path can match: unescaped ASCII. The serializer matches names with
    /// OrdinalIgnoreCase after unescaping, under which e.g. "customerıd" (dotless i) is customerId.
    /// "$…" names are left to it too, in case it reads them as metadata.
    /// </summary>
    static bool TryName(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        name = reader.ValueSpan;
        return !reader.ValueIsEscaped && Ascii.IsValid(name) && name is not [(byte)'$', ..];
    }

    /// <summary>
    /// Equal names for ASCII, which <see cref="TryName"/> ensures: OrdinalIgnoreCase folds only A-Z there. Names
    /// come camelCased as documented nearly always, so the exact comparison goes first.
    /// </summary>
    internal static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> member) =>
        name.Length == member.Length && (name.SequenceEqual(member) || Ascii.EqualsIgnoreCase(name, member));

    /// <summary>An unknown member, skipped as the serializer skips it.</summary>
    static bool Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return true;
    }

    static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        if (reader.TokenType != JsonTokenType.String)
            return false;
        value = reader.GetString();
        return true;
    }

    static bool TryReadBoolean(ref Utf8JsonReader reader, out bool? value)
    {
        value = reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        return value is not null || reader.TokenType == JsonTokenType.Null;
    }

    static bool TryReadDouble(ref Utf8JsonReader reader, out double? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        if (reader.TokenType != JsonTokenType.Number)
            return false;
        if (reader.HasValueSequence || !TryReadShortDecimal(reader.ValueSpan, out var number))
        {
            if (!reader.TryGetDouble(out number))
                return false;
        }
        value = number;
        return true;
    }

    static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// A number of at most 15 digits without an exponent (an amount as written nearly always), by Clinger's fast
    /// path: it is m / 10^k with m below 10^15 &lt; 2^53 and k at most 15, both exact doubles, so one IEEE division
    /// gives the correctly rounded value — the double any correct parser, the reader's TryGetDouble among them,
    /// returns. Anything else (more digits, an exponent) is left to TryGetDouble. The caller has already checked
    /// the text is a JSON number (the token reader, or <see cref="PredictionRequestScanner"/>'s own grammar).
    /// </summary>
    internal static bool TryReadShortDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var negative = text is [(byte)'-', ..];
        long mantissa = 0;
        int digits = 0, fraction = -1;
        for (var i = negative ? 1 : 0; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                if (++digits > 15)
                    return false;
                mantissa = mantissa * 10 + digit;
                if (fraction >= 0)
                    fraction++;
            }
            else if (text[i] == '.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0)
            return false;
        var magnitude = fraction > 0 ? mantissa / PowersOfTen[fraction] : mantissa;
        value = negative ? -magnitude : magnitude;
        return true;
    }

    static bool TryReadInt32(ref Utf8JsonReader reader, out int? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var number))
            return false;
        value = number;
        return true;
    }

    /// <summary>
    /// Exactly <c>YYYY-MM-DD</c>, unescaped, a day of the calendar: a subset of what the serializer's
    /// DateOnly converter accepts, read to the same date.
    /// </summary>
    static bool TryReadDate(ref Utf8JsonReader reader, out DateOnly? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && TryParseDate(reader.ValueSpan, out value);
    }

    /// <summary>Exactly <c>YYYY-MM-DD</c>, a day of the calendar.</summary>
    internal static bool TryParseDate(ReadOnlySpan<byte> text, out DateOnly? value)
    {
        value = null;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        value = new DateOnly(year, month, day);
        return true;
    }

    static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (!char.IsAsciiDigit((char)b))
                return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }
}
