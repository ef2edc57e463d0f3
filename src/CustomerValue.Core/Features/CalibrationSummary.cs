using CustomerValue.Core.Btyd;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Features;

/// <summary>A customer's BTYD calibration summary and what they did in the holdout.</summary>
/// <param name="HoldoutPurchaseDays">Purchase days in (calibration end, observation end].</param>
/// <param name="HoldoutSpend">Net spend in (calibration end, observation end], floored at 0.</param>
/// <param name="PurchaseSpend">Spend of the calibration purchase days (the first and the repeats): what was bought.</param>
/// <param name="NetSpend">Calibration spend net of returns.</param>
public readonly record struct CalibrationRow(string CustomerId, RepeatSummary Summary, int HoldoutPurchaseDays, double HoldoutSpend, double PurchaseSpend, double NetSpend);

/// <summary>
/// Transactions to the frequency / recency / T / z̄ summary the BTYD models fit, with the day
/// convention of Fader, Hardie and Lee's CDNOW analyses (and lifetimes): the calibration period ends
/// at the end of <c>calibrationEnd</c>, so purchases on that date are calibration purchases, and T
/// counts whole days from the first purchase date to the calibration end date. Reproduces the
/// published cdnow_customers_summary.csv from CDNOW_sample.txt.
/// </summary>
public static class CalibrationSummary
{
    /// <summary>
    /// One row per customer with a purchase day on or before <paramref name="calibrationEnd"/>, ordered
    /// by customer id. Same-day transactions are netted and count once; a day netting to zero or less
    /// (returns) is not a purchase day.
    /// </summary>
    public static IReadOnlyList<CalibrationRow> Build(
        IEnumerable<Transaction> transactions,
        DateOnly calibrationEnd,
        DateOnly observationEnd,
        TimeUnit unit = TimeUnit.Weeks)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationEnd, calibrationEnd);
        var unitDays = unit.Days();
        var holdoutDays = observationEnd.DayNumber - calibrationEnd.DayNumber;
        var endDay = calibrationEnd.DayNumber;

        var book = new LedgerBook(calibrationEnd, holdoutDays);
        book.AddAll(transactions);

        var rows = new List<CalibrationRow>(book.CustomerCount);
        book.ForEach((customerId, _, days) =>
        {
            var stats = HistoryStats.Of(days, endDay, holdoutDays);
            if (stats.PurchaseDays == 0)
                return;
            var summary = new RepeatSummary(
                Frequency: stats.RepeatPurchaseDays,
                Recency: (stats.LastPurchaseDay - stats.FirstPurchaseDay) / unitDays,
                Age: (endDay - stats.FirstPurchaseDay) / unitDays,
                MeanRepeatSpend: stats.MeanRepeatSpend);
            var holdout = Window.Of(days, endDay, holdoutDays);
            rows.Add(new CalibrationRow(customerId, summary, holdout.PurchaseDays, holdout.Spend, stats.FirstTicket + stats.RepeatSpend, stats.TotalSpend));
        });

        rows.Sort(static (a, b) => string.CompareOrdinal(a.CustomerId, b.CustomerId));
        return rows;
    }

    /// <summary>The share of what <paramref name="rows"/>' customers bought on their calibration purchase days that they kept (<see cref="KeptShareTally"/>).</summary>
    public static double KeptShare(IEnumerable<CalibrationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var kept = new KeptShareTally();
        foreach (var row in rows)
            kept.Add(row.PurchaseSpend, row.NetSpend);
        return kept.Share;
    }
}
