using CustomerValue.Core.Btyd;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Btyd;

public sealed class GammaGammaTests
{
    [Fact]
    public void FitReproducesThePublishedParametersOnTheRepeatCustomers()
    {
        var model = GammaGamma.Fit(SharedDatasets.CdnowSummaryWithSpend());

        Assert.True(model.Diagnostics.Converged, model.Diagnostics.Message);
        Assert.Equal(946, model.CustomersUsed);
        Assert.Equal(1411, model.ExcludedWithoutRepeats);
        Assert.Equal(6.25, model.Parameters["p"], 0.005);
        Assert.Equal(3.74, model.Parameters["q"], 0.005);
        Assert.Equal(15.44, model.Parameters["gamma"], 0.01);
    }

    /// <summary>lifetimes' documentation checks the assumption on this table: monetary_value and frequency correlate at 0.113884.</summary>
    [Fact]
    public void TheFitReportsHowFrequencyAndSpendCorrelateAndStaysQuietWhereTheyHardlyDo()
    {
        var model = GammaGamma.Fit(SharedDatasets.CdnowSummaryWithSpend());

        Assert.Equal(0.113884, model.FrequencySpendCorrelation, 1e-6);
        Assert.DoesNotContain(model.Diagnostics.Warnings, w => w.Contains("correlated", StringComparison.Ordinal));
    }

    [Fact]
    public void FrequentBuyersWhoSpendMoreEachTimeAreWarnedOf()
    {
        RepeatSummary[] customers = [.. Enumerable.Range(1, 40).Select(i => new RepeatSummary(1 + (i % 8), 10, 20, 20 + (6 * (i % 8)) + (i % 3)))];

        var model = GammaGamma.Fit(customers);

        Assert.True(model.FrequencySpendCorrelation > 0.99, $"r = {model.FrequencySpendCorrelation}");
        Assert.Contains(model.Diagnostics.Warnings, w => w.Contains("repeat purchases and mean repeat spend are correlated (r = 1.00 over 40 customers)", StringComparison.Ordinal)
            && w.Contains("its expected spend is low for frequent buyers", StringComparison.Ordinal));
    }

    [Fact]
    public void CustomersWithNonPositiveMeanSpendAreCountedAndLeftOut()
    {
        RepeatSummary[] customers =
        [
            new(2, 10, 20, 30), new(3, 12, 20, 45), new(1, 5, 20, 25), new(4, 18, 20, 38), new(2, 9, 20, 0), new(1, 3, 20, -12),
        ];

        var model = GammaGamma.Fit(customers);

        Assert.Equal(4, model.CustomersUsed);
        Assert.Equal(2, model.ExcludedNonPositiveSpend);
        Assert.Contains(model.Diagnostics.Warnings, w => w.Contains("zero or negative"));
    }

    [Fact]
    public void ConditionalSpendShrinksTheCustomerMeanTowardThePopulationMean()
    {
        var model = new GammaGamma(6.25, 3.74, 15.44);

        var spend = model.ConditionalExpectedSpend(new RepeatSummary(2, 30.43, 38.86, 22.35));

        Assert.Equal(6.25 * (15.44 + 2 * 22.35) / (6.25 * 2 + 3.74 - 1), spend, 1e-12);
        Assert.InRange(spend, 22.35, model.PopulationMeanSpend);
    }

    [Fact]
    public void SpendModelWithQAtMostOneRefusesExpectations()
    {
        var model = new GammaGamma(2, 0.8, 10);

        Assert.False(model.MeanSpendDefined);
        Assert.Throws<InvalidOperationException>(() => model.ConditionalExpectedSpend(new RepeatSummary(2, 5, 10, 20)));
    }
}
