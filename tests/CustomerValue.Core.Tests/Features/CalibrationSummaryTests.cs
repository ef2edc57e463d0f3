using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Features;

public sealed class CalibrationSummaryTests
{
    static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    static readonly DateOnly ObservationEnd = new(1998, 6, 30);

    static IReadOnlyList<CalibrationRow> CdnowWeeks() =>
        CalibrationSummary.Build(CdnowSample.Transactions(), CalibrationEnd, ObservationEnd, TimeUnit.Weeks);

    [Fact]
    public void CdnowSampleHas2357CustomersOf946RepeatBuyers()
    {
        var rows = CdnowWeeks();

        Assert.Equal(2357, rows.Count);
        Assert.Equal(946, rows.Count(r => r.Summary.Frequency > 0));
    }

    [Fact]
    public void CdnowSummaryReproducesThePublishedFrequencyRecencyAndAge()
    {
        var published = CdnowSample.Summary("cdnow_customers_summary.csv");

        var rows = CdnowWeeks();

        var mismatches = rows
            .Where(r => published[r.CustomerId] is var p
                && (r.Summary.Frequency != p[0] || Math.Abs(r.Summary.Recency - p[1]) > 0.01 || Math.Abs(r.Summary.Age - p[2]) > 0.01))
            .Select(r => $"{r.CustomerId}: {r.Summary} vs [{string.Join(", ", published[r.CustomerId])}]")
            .ToList();
        Assert.Equal(published.Count, rows.Count);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void CdnowMeanRepeatSpendReproducesThePublishedZbar()
    {
        var published = CdnowSample.Summary("cdnow_customers_summary_with_transactions.csv");

        var rows = CdnowWeeks();

        var mismatches = rows
            .Where(r => Math.Abs(r.Summary.MeanRepeatSpend - published[r.CustomerId][3]) > 0.01)
            .Select(r => $"{r.CustomerId}: {r.Summary.MeanRepeatSpend} vs {published[r.CustomerId][3]}")
            .ToList();
        Assert.Empty(mismatches);
    }

    [Fact]
    public void CdnowSameDayPurchasesCollapseToThePublishedCustomerDays()
    {
        var rows = CdnowWeeks();

        Assert.Equal(4814, rows.Sum(r => r.Summary.Frequency + 1));
        Assert.Equal(1882, rows.Sum(r => r.HoldoutPurchaseDays));
    }

    [Fact]
    public void DayUnitCountsWholeDaysToTheEndOfCalibration()
    {
        // Customer 1 bought on 1997-01-01, 01-18, 08-02 (calibration) and 12-12 (holdout, $26.48).
        var rows = CalibrationSummary.Build(CdnowSample.Transactions(), CalibrationEnd, ObservationEnd, TimeUnit.Days);

        var first = rows.Single(r => r.CustomerId == "0001");
        Assert.Equal(2, first.Summary.Frequency);
        Assert.Equal(213, first.Summary.Recency);
        Assert.Equal(272, first.Summary.Age);
        Assert.Equal((29.73 + 14.96) / 2, first.Summary.MeanRepeatSpend, 1e-9);
        Assert.Equal(1, first.HoldoutPurchaseDays);
        Assert.Equal(26.48, first.HoldoutSpend, 1e-9);
    }

    [Fact]
    public void PurchasesOnTheCalibrationEndDateAreCalibrationPurchases()
    {
        // Customer 59 bought on 1997-01-04 and on 1997-09-30, the last calibration day.
        var row = CdnowWeeks().Single(r => r.CustomerId == "0059");

        Assert.Equal(1, row.Summary.Frequency);
        Assert.Equal(row.Summary.Age, row.Summary.Recency);
        Assert.Equal(6.49, row.Summary.MeanRepeatSpend, 1e-9);
    }

    [Fact]
    public void WholeCdnowSampleSpendIsThePublishedTotal()
    {
        var set = FeatureBuilder.Build(CdnowSample.Transactions(), profiles: null, ObservationEnd);

        Assert.Equal(2357, set.Rows.Count);
        Assert.Equal(6919, set.TransactionsRead);
        Assert.Equal(244_091.94, set.Rows.Sum(r => r.Features.TotalSpend), 1e-6);
    }
}
