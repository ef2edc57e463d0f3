using System.Globalization;
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
        var entries = new Entry[months.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var m = months[i];
            if (!double.IsFinite(m.Amount) || m.Orders < 0)
                throw new InvalidDataException($"The order history for {m.Month:yyyy-MM} has {m.Orders} orders and amount {m.Amount}: not a count and a finite amount.");
            entries[i] = new Entry(m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.Orders, Math.Round(m.Amount, 2));
        }
        return JsonSerializer.Serialize(entries, Context.Default.EntryArray);
    }

    public static IReadOnlyList<MonthlyOrders> Read(string json)
    {
        if (json == "[]")
            return [];
        var entries = JsonSerializer.Deserialize(json, Context.Default.EntryArray) ?? [];
        return [.. entries.Select(e => new MonthlyOrders(
            DateOnly.ParseExact(e.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), e.Orders, e.Amount))];
    }
}
