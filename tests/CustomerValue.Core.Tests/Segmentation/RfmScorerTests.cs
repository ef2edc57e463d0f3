using System.Text.Json;
using CustomerValue.Core.Segmentation;

namespace CustomerValue.Core.Tests.Segmentation;

public sealed class RfmScorerTests
{
    static List<double> Values(params double[] values) => [.. values];

    [Fact]
    public void TenDistinctValuesAreCutAfterEverySecondOne()
    {
        var cuts = RfmScorer.Cuts(Values(7, 3, 10, 1, 5, 2, 9, 4, 8, 6));

        Assert.Equal([2.0, 4.0, 6.0, 8.0], cuts);
    }

    [Fact]
    public void TwelveDistinctValuesSplitTwoThreeTwoThreeTwo()
    {
        // Targets: 12/5 = 2.4 → 2, 10/4 = 2.5 → 3, 7/3 ≈ 2.3 → 2, 5/2 = 2.5 → 3, leaving 2.
        var cuts = RfmScorer.Cuts(Values(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));

        Assert.Equal([2.0, 5.0, 7.0, 10.0], cuts);
    }

    [Fact]
    public void MostlyZeroFrequenciesGetOneBinAndTheRestSplitEvenly()
    {
        // 14 zeros fill bin 1; the 6 buyers who came back share bins 2–5.
        var frequencies = Values(Enumerable.Repeat(0.0, 14).Concat([1, 1, 2, 3, 5, 8]).ToArray());

        var cuts = RfmScorer.Cuts(frequencies);

        Assert.Equal([0.0, 1.0, 2.0, 5.0], cuts);
    }

    [Fact]
    public void ABinClosesBeforeALargeTieWhenThatLandsNearerItsTargetSize()
    {
        // Bin 2 aims at 2 values: stopping before the six 4s gives 1, taking them gives 7.
        var cuts = RfmScorer.Cuts(Values(1, 2, 3, 4, 4, 4, 4, 4, 4, 5));

        Assert.Equal([2.0, 3.0, 4.0, 5.0], cuts);
    }

    [Fact]
    public void LeftoverCutPointsRepeatTheLargestValue()
    {
        var cuts = RfmScorer.Cuts(Values(0, 0, 0, 1));

        Assert.Equal([0.0, 1.0, 1.0, 1.0], cuts);
    }

    [Fact]
    public void ASingleCustomerPopulationStillFits()
    {
        var cuts = RfmScorer.Cuts(Values(42));

        Assert.Equal([42.0, 42.0, 42.0, 42.0], cuts);
    }

    [Theory]
    [InlineData(10.0, 5)]
    [InlineData(20.0, 5)]  // at the first cut
    [InlineData(20.5, 4)]
    [InlineData(80.0, 2)]
    [InlineData(80.5, 1)]
    [InlineData(500.0, 1)]
    public void RecencyScoresInverselyWithTheMostRecentAtFive(double days, int expected)
    {
        var scorer = new RfmScorer(new RfmBreakpoints([20, 40, 60, 80], [1, 2, 3, 4], [10, 20, 30, 40]));

        Assert.Equal(expected, scorer.Score(new RfmValues(days, 1, 10)).Recency);
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(1.0, 2)]
    [InlineData(2.0, 3)]
    [InlineData(3.0, 4)]
    [InlineData(5.0, 4)]
    [InlineData(6.0, 5)]
    public void FrequencyScoresCountTheCutPointsExceeded(double frequency, int expected)
    {
        var scorer = new RfmScorer(new RfmBreakpoints([20, 40, 60, 80], [0, 1, 2, 5], [10, 20, 30, 40]));

        Assert.Equal(expected, scorer.Score(new RfmValues(30, frequency, 10)).Frequency);
    }

    [Fact]
    public void AFittedPopulationScoresAHandComputedCustomer()
    {
        // Recency 5…50 → cuts 10, 20, 30, 40; frequency 0,0,0,0,0,0,1,2,3,4 → 0, 1, 2, 3;
        // monetary 10…100 → 20, 40, 60, 80.
        var population = Enumerable.Range(1, 10)
            .Select(i => new RfmValues(5.0 * i, Math.Max(0, i - 6), 10.0 * i))
            .Append(RfmValues.Prospect)
            .ToList();

        var scorer = RfmScorer.Fit(population);
        var score = scorer.Score(new RfmValues(12, 3, 75));

        Assert.Equal([10.0, 20.0, 30.0, 40.0], scorer.Breakpoints.Recency);
        Assert.Equal([0.0, 1.0, 2.0, 3.0], scorer.Breakpoints.Frequency);
        Assert.Equal([20.0, 40.0, 60.0, 80.0], scorer.Breakpoints.Monetary);
        Assert.Equal(new RfmScore(4, 4, 4, RfmSegment.LoyalCustomers), score);
        Assert.Equal(12, score.Total);
        Assert.Equal(444, score.Cell);
    }

    [Fact]
    public void AProspectScoresZeroInTheProspectSegment()
    {
        var scorer = new RfmScorer(new RfmBreakpoints([20, 40, 60, 80], [0, 1, 2, 5], [10, 20, 30, 40]));

        var score = scorer.Score(RfmValues.Prospect);

        Assert.Equal(new RfmScore(0, 0, 0, RfmSegment.Prospect), score);
        Assert.Equal(0, score.Total);
    }

    [Fact]
    public void BreakpointsSurviveAJsonRoundTripAndScoreTheSame()
    {
        var fitted = RfmScorer.Fit(Enumerable.Range(1, 25).Select(i => new RfmValues(i * 3.5, i % 4, i * 12.25)));
        var customer = new RfmValues(30, 2, 150);

        var json = JsonSerializer.Serialize(fitted.Breakpoints);
        var restored = new RfmScorer(JsonSerializer.Deserialize<RfmBreakpoints>(json)!);

        Assert.Equal(fitted.Breakpoints.Recency, restored.Breakpoints.Recency);
        Assert.Equal(fitted.Breakpoints.Frequency, restored.Breakpoints.Frequency);
        Assert.Equal(fitted.Breakpoints.Monetary, restored.Breakpoints.Monetary);
        Assert.Equal(fitted.Score(customer), restored.Score(customer));
    }

    [Fact]
    public void FittingWithoutAnyPurchaserIsRefused()
    {
        Assert.Throws<ArgumentException>(() => RfmScorer.Fit([RfmValues.Prospect, RfmValues.Prospect]));
    }

    [Fact]
    public void ANonFiniteValueIsRefused()
    {
        Assert.Throws<ArgumentException>(() => RfmScorer.Fit([new RfmValues(3, double.NaN, 10)]));
    }

    [Fact]
    public void BreakpointsOfTheWrongLengthOrOrderAreRefused()
    {
        var breakpoints = new RfmBreakpoints([20, 40, 60], [3, 2, 1, 0], [10, 20, 30, 40]);

        var error = Assert.Throws<ArgumentException>(() => new RfmScorer(breakpoints));

        Assert.Contains("Recency needs exactly 4 cut points, had 3.", error.Message);
        Assert.Contains("Frequency cut points must not decrease (3 then 2).", error.Message);
    }

    [Fact]
    public void TheScorerIsNotChangedByLaterEditsToTheBreakpointArrays()
    {
        double[] recency = [20, 40, 60, 80];
        var scorer = new RfmScorer(new RfmBreakpoints(recency, [0, 1, 2, 5], [10, 20, 30, 40]));
        recency[0] = 1;

        Assert.Equal(5, scorer.Score(new RfmValues(15, 0, 5)).Recency);
    }
}
