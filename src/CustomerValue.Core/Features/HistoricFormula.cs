namespace CustomerValue.Core.Features;

/// <summary>
/// The simple formula a marketer reaches for first (average ticket × purchase frequency × lifespan): a baseline in
/// training and a derived model input at scoring time, so it lives with the features.
/// </summary>
public static class HistoricFormula
{
    /// <summary>Average ticket × purchase rate × horizon; the rate is purchase days per day of tenure, tenure floored at 30 days.</summary>
    public static double Value(FeatureRow row, int horizonDays)
    {
        if (row.IsProspect)
            return 0;
        var purchaseDays = row.Frequency + 1;
        var averageTicket = Math.Max(0, row.TotalSpend) / purchaseDays;
        var ratePerDay = purchaseDays / (double)Math.Max(row.TenureDays, 30);
        return averageTicket * ratePerDay * horizonDays;
    }
}
