using CustomerValue.Core.Scoring;

namespace CustomerValue.Core.Tests.Scoring;

public sealed class LifecycleSignalsTests
{
    [Theory]
    [InlineData(0.0, 0.0)]        // a = b
    [InlineData(1.0 / 9, 0.25)]   // a = 1.25 b
    [InlineData(-0.25, -0.4)]     // a = 0.6 b
    [InlineData(-1.0, -1.0)]      // nothing spent recently: −100 %
    [InlineData(0.9999, 10.0)]    // a tiny earlier period: capped at +1000 %
    public void RelativeTrendTurnsTheSymmetricFeatureIntoTheChangeOverTheEarlierPeriod(double symmetric, double relative)
    {
        Assert.Equal(relative, LifecycleSignals.RelativeTrend(symmetric), 12);
    }

    [Fact]
    public void ANothingSpentEarlierTrendIsUnknownRatherThanGrowth()
    {
        Assert.Equal(0, LifecycleSignals.RelativeTrend(1));
    }
}
