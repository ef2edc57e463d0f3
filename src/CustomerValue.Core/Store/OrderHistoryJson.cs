using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Store;

/// <summary>
/// How <c>scored_customer.order_history</c> holds a customer's monthly totals: a JSON array of
/// <c>{"month":"2025-03","orders":2,"amount":84.9}</c>, oldest first, the same text in SQLite and PostgreSQL.
/// </summary>
internal static partial class OrderHistoryJson
{
    sealed record Entry(string Month, int Orders, double Amount);

    [JsonSerializable(typeof(Entry[]))]
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    sealed partial class Context : JsonSerializerContext;

    public static string Write(IReadOnlyList<MonthlyOrders> months)
    {
        if (months.Count == 0)
            return "[]";
        var buffer = new ArrayBufferWriter<byte>(64 * months.Count);
        using (var writer = new Utf8JsonWriter(buffer))
            Write(months, writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The same text as <see cref="Write(IReadOnlyList{MonthlyOrders})"/>, straight into <paramref name="writer"/>
    /// (default escaping, as the serializer's), for a bulk write that binds the UTF-8 bytes.
    /// </summary>
    public static void Write(IReadOnlyList<MonthlyOrders> months, Utf8JsonWriter writer)
    {
        // "O" is yyyy-MM-dd for a DateOnly, formatted without parsing a custom pattern per value; the month is its first 7 characters.
        Span<char> date = stackalloc char[10];
        writer.WriteStartArray();
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            if (!double.IsFinite(m.Amount) || m.Orders < 0)
                throw new InvalidDataException($"The order history for {m.Month:yyyy-MM} has {m.Orders} orders and amount {m.Amount}: not a count and a finite amount.");
            m.Month.TryFormat(date, out _, "O", CultureInfo.InvariantCulture);
            writer.WriteStartObject();
            writer.WriteString(MonthName, date[..7]);
            writer.WriteNumber(OrdersName, m.Orders);
            writer.WriteNumber(AmountName, Math.Round(m.Amount, 2));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    static readonly JsonEncodedText MonthName = JsonEncodedText.Encode("month");
    static readonly JsonEncodedText OrdersName = JsonEncodedText.Encode("orders");
    static readonly JsonEncodedText AmountName = JsonEncodedText.Encode("amount");

    public static IReadOnlyList<MonthlyOrders> Read(string json)
    {
        if (json == "[]")
            return [];
        var entries = JsonSerializer.Deserialize(json, Context.Default.EntryArray) ?? [];
        return [.. entries.Select(e => new MonthlyOrders(
            DateOnly.ParseExact(e.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), e.Orders, e.Amount))];
    }
}
