namespace CustomerValue.Core.Features;

/// <summary>
/// The purchase statistics of one customer's collapsed days up to and including a cutoff day:
/// the one computation behind both the feature row and the BTYD repeat summary.
/// </summary>
internal readonly record struct HistoryStats(
    int PurchaseDays,
    int FirstPurchaseDay,
    int LastPurchaseDay,
    double FirstTicket,
    double RepeatSpend,
    double TotalSpend,
    int PurchaseDays30,
    int PurchaseDays90,
    int PurchaseDays365,
    double MeanGap,
    double StdGap,
    double Spend90,
    double SpendPrior90,
    double Spend365,
    double SpendLastHorizon,
    int PurchaseDaysLastHorizon)
{
    public int RepeatPurchaseDays => PurchaseDays == 0 ? 0 : PurchaseDays - 1;

    public double MeanRepeatSpend => PurchaseDays <= 1 ? 0 : RepeatSpend / (PurchaseDays - 1);

    /// <param name="days">Collapsed days in ascending order; days after the cutoff are ignored.</param>
    public static HistoryStats Of(ReadOnlySpan<DayAmount> days, int cutoffDay, int horizonDays)
    {
        int purchaseDays = 0, first = 0, last = 0, within30 = 0, within90 = 0, within365 = 0, withinHorizon = 0;
        double firstTicket = 0, repeatSpend = 0, total = 0, spend90 = 0, spendPrior90 = 0, spend365 = 0, spendHorizon = 0;
        double gapMean = 0, gapSquares = 0;

        foreach (var entry in days)
        {
            var (day, amount) = entry;
            if (day > cutoffDay)
                break;
            var age = cutoffDay - day;
            total += amount;
            if (age < 90)
                spend90 += amount;
            else if (age < 180)
                spendPrior90 += amount;
            if (age < 365)
                spend365 += amount;
            if (age < horizonDays)
                spendHorizon += amount;

            if (!entry.IsPurchase)
                continue;

            if (purchaseDays == 0)
            {
                first = day;
                firstTicket = amount;
            }
            else
            {
                repeatSpend += amount;
                // Welford's update: one pass, no list of gaps.
                var gap = day - last;
                var gapCount = purchaseDays;
                var delta = gap - gapMean;
                gapMean += delta / gapCount;
                gapSquares += delta * (gap - gapMean);
            }
            last = day;
            purchaseDays++;
            if (age < 30)
                within30++;
            if (age < 90)
                within90++;
            if (age < 365)
                within365++;
            if (age < horizonDays)
                withinHorizon++;
        }

        var gaps = purchaseDays - 1;
        return new HistoryStats(
            purchaseDays, first, last, firstTicket, repeatSpend, total, within30, within90, within365,
            MeanGap: gaps >= 1 ? gapMean : double.NaN,
            StdGap: gaps >= 1 ? Math.Sqrt(gapSquares / gaps) : double.NaN,
            spend90, spendPrior90, spend365, spendHorizon, withinHorizon);
    }
}
