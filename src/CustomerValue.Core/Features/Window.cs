namespace CustomerValue.Core.Features;

/// <summary>Net spend (floored at 0) and purchase days in the days (start, start + length].</summary>
internal readonly record struct Window(double Spend, int PurchaseDays)
{
    public static Window Of(ReadOnlySpan<DayAmount> days, int startDay, int length)
    {
        var end = startDay + length;
        double net = 0;
        var purchaseDays = 0;
        foreach (var entry in days)
        {
            var (day, amount) = entry;
            if (day <= startDay)
                continue;
            if (day > end)
                break;
            net += amount;
            if (entry.IsPurchase)
                purchaseDays++;
        }
        return new Window(net > DayAmount.NetZeroTolerance ? net : 0, purchaseDays);
    }
}
