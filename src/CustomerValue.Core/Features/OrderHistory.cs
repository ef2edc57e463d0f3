using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Features;

/// <summary>
/// The order history kept with a scored customer for the console's chart: monthly totals over the last
/// <see cref="Months"/> calendar months up to the as-of date, only months with activity stored.
/// </summary>
/// <remarks>
/// Monthly totals rather than the orders themselves: a customer's stored history is then bounded (at most
/// <see cref="Months"/> entries, however often they buy), the store keeps one row per customer, and a chart of
/// spend by month is what a marketer reads at a glance; the order lines stay in the source system.
/// </remarks>
public static class OrderHistory
{
    /// <summary>Two years: enough to see a yearly rhythm twice.</summary>
    public const int Months = 24;

    /// <summary>The first month of the window that ends with <paramref name="asOf"/>'s month.</summary>
    public static DateOnly FirstMonth(DateOnly asOf) => new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(1 - Months);

    /// <summary>Months with a purchase or a non-zero net amount in the window, oldest first, from days in ascending order (a ledger's); days after the as-of are left out.</summary>
    internal static MonthlyOrders[] Of(ReadOnlySpan<DayAmount> days, DateOnly asOf)
    {
        var first = FirstMonth(asOf).DayNumber;
        var last = asOf.DayNumber;
        // The window spans Months calendar months, so that many entries at most: no list to grow for each of a million customers.
        Span<MonthlyOrders> months = stackalloc MonthlyOrders[Months];
        var count = 0;
        DateOnly current = default;
        int orders = 0;
        double amount = 0;
        foreach (var day in days)
        {
            if (day.Day < first || day.Day > last)
                continue;
            var date = DateOnly.FromDayNumber(day.Day);
            var month = new DateOnly(date.Year, date.Month, 1);
            if (month != current)
            {
                Flush(months);
                current = month;
                orders = 0;
                amount = 0;
            }
            orders += day.IsPurchase ? 1 : 0;
            amount += day.Amount;
        }
        Flush(months);
        return count == 0 ? [] : months[..count].ToArray();

        void Flush(Span<MonthlyOrders> months)
        {
            if (current != default && (orders > 0 || Math.Abs(amount) > DayAmount.NetZeroTolerance))
                months[count++] = new MonthlyOrders(current, orders, amount);
        }
    }

    /// <summary>
    /// Every month from the first stored one (or the window's start, whichever is later) to the as-of's month, the
    /// months without activity as zeros: the points of the chart. Empty when nothing is stored.
    /// </summary>
    public static IReadOnlyList<MonthlyOrders> Filled(IReadOnlyList<MonthlyOrders> stored, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Count == 0)
            return [];
        var windowStart = FirstMonth(asOf);
        var start = stored[0].Month > windowStart ? stored[0].Month : windowStart;
        var end = new DateOnly(asOf.Year, asOf.Month, 1);
        var byMonth = stored.ToDictionary(m => m.Month);
        var filled = new List<MonthlyOrders>();
        for (var month = start; month <= end; month = month.AddMonths(1))
            filled.Add(byMonth.TryGetValue(month, out var m) ? m : new MonthlyOrders(month, 0, 0));
        return filled;
    }
}
