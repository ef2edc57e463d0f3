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
        Assert.Equal((Math.Max(0, 40 * (1 + top.RatioP10!.Value)), 40 * (1 + top.RatioP90!.Value)), PredictionInterval.Of(card, 40));
    }

    /// <summary>
    /// The top band spans the largest predictions, from a few hundred to ten thousand in the shipped bundle, where one
    /// absolute width served [9,227, 10,799] to a customer predicted at 10,000 and [0, 1,199] to one at 400.
    /// </summary>
    [Fact]
    public void TheTopBandsIntervalGrowsWithThePredictionWhileTheOthersKeepTheirWidth()
    {
        // Below 10: actual = predicted ± 2. From 100 to 10,000: actual between half and one and a half times the prediction.
        double[] predicted = [1, 2, 3, 4, 5, 100, 300, 1000, 3000, 10_000];
        double[] actual = [3, 0, 5, 2, 7, 50, 450, 500, 4500, 5000];

        var card = new IntervalCard(PredictionInterval.FitBands(predicted, actual, bands: 2), 0, 0, "");

        var (low, top) = (card.Bands[0], card.Bands[1]);
        Assert.Null(low.RatioP10);
        Assert.Equal(-0.5, top.RatioP10!.Value, 12);
        Assert.Equal(0.5, top.RatioP90!.Value, 12);
        Assert.Equal((Math.Max(0, 4 + low.ResidualP10), 4 + low.ResidualP90), PredictionInterval.Of(card, 4));
        Assert.Equal((200.0, 600.0), PredictionInterval.Of(card, 400));
        Assert.Equal((5000.0, 15_000.0), PredictionInterval.Of(card, 10_000));
        Assert.Equal(1.0, PredictionInterval.Coverage(card, predicted, actual));
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
