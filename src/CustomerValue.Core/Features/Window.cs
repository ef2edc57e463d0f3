namespace CustomerValue.Core.Features;

/// <summary>Net spend (floored at 0) and purchase days in the days (start, start + length].</summary>
/// <param name="FirstPurchaseDay">Days after the start of the first purchase day in the window; null when there is none.</param>
internal readonly record struct Window(double Spend, int PurchaseDays, int? FirstPurchaseDay = null)
{
    public static Window Of(ReadOnlySpan<DayAmount> days, int startDay, int length)
    {
        var end = startDay + length;
        double net = 0;
        var purchaseDays = 0;
        int? first = null;
        foreach (var entry in days)
        {
            var (day, amount) = entry;
            if (day <= startDay)
                continue;
            if (day > end)
                break;
            net += amount;
            if (entry.IsPurchase)
            {
                purchaseDays++;
                first ??= day - startDay;
            }
        }
        return new Window(net > DayAmount.NetZeroTolerance ? net : 0, purchaseDays, first);
    }
}
