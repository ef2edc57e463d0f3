using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Core.Tests.Models;

public sealed class PredictionIntervalTests
{
    /// <summary>
    /// Ten held-out customers, predictions 1 to 10, half of whom bought nothing. The top band used to end at
    /// double.MaxValue, so Olist's most valuable customer (88.76, far above every held-out prediction) was served the
    /// top band's residuals as [86.94, 87.25] with nothing to say the band never saw a prediction like it.
    /// </summary>
    [Fact]
    public void TheTopBandKeepsItsLargestPredictionAndAPredictionAboveItIsBeyondTheBands()
    {
        double[] predicted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        double[] actual = [0, 4, 0, 6, 0, 8, 0, 12, 0, 15];

        var card = new IntervalCard(PredictionInterval.FitBands(predicted, actual, bands: 2), 0, 0, "");

        Assert.Equal([5.0, 10.0], card.Bands.Select(b => b.UpperPrediction));
        Assert.False(PredictionInterval.BeyondBands(card, 10));
        Assert.True(PredictionInterval.BeyondBands(card, 10.01));
        var top = card.Bands[^1];
        Assert.Equal((40 + top.ResidualP10, 40 + top.ResidualP90), PredictionInterval.Of(card, 40));
    }

    [Fact]
    public void CoverageByDecileSaysWhereTheIntervalsHold()
    {
        // One band of width [−1, +1]: the lower half's actuals are within it, the upper half's are 5 above.
        var card = new IntervalCard([new IntervalBand(100, -1, 1, 20)], 0, 0, "");
        double[] predicted = [.. Enumerable.Range(1, 20).Select(i => (double)i)];
        double[] actual = [.. predicted.Select(p => p <= 10 ? p + 0.5 : p + 5)];

        var deciles = PredictionInterval.CoverageByGroup(card, predicted, actual);

        Assert.Equal([1.0, 1, 1, 1, 1, 0, 0, 0, 0, 0], deciles);
        Assert.Equal(0.5, PredictionInterval.Coverage(card, predicted, actual));
        Assert.Empty(PredictionInterval.CoverageByGroup(card, predicted[..9], actual[..9]));
    }

    [Fact]
    public void BandsWrittenWithAnOpenTopBandHaveNothingBeyondThem()
    {
        var card = new IntervalCard([new IntervalBand(5, -1, 2, 5), new IntervalBand(double.MaxValue * 0.726, -6, 4, 5)], 0, 0, "");

        Assert.False(PredictionInterval.BeyondBands(card, 1e300));
        Assert.Equal((94.0, 104.0), PredictionInterval.Of(card, 100));
    }
}
