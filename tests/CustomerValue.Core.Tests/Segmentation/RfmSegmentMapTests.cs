using CustomerValue.Core.Segmentation;

namespace CustomerValue.Core.Tests.Segmentation;

public sealed class RfmSegmentMapTests
{
    [Theory]
    [InlineData(5, 1, RfmSegment.NewCustomers)]
    [InlineData(5, 2, RfmSegment.PotentialLoyalists)]
    [InlineData(5, 3, RfmSegment.PotentialLoyalists)]
    [InlineData(5, 4, RfmSegment.Champions)]
    [InlineData(5, 5, RfmSegment.Champions)]
    [InlineData(4, 1, RfmSegment.Promising)]
    [InlineData(4, 2, RfmSegment.PotentialLoyalists)]
    [InlineData(4, 3, RfmSegment.PotentialLoyalists)]
    [InlineData(4, 4, RfmSegment.LoyalCustomers)]
    [InlineData(4, 5, RfmSegment.LoyalCustomers)]
    [InlineData(3, 1, RfmSegment.AboutToSleep)]
    [InlineData(3, 2, RfmSegment.AboutToSleep)]
    [InlineData(3, 3, RfmSegment.NeedAttention)]
    [InlineData(3, 4, RfmSegment.LoyalCustomers)]
    [InlineData(3, 5, RfmSegment.LoyalCustomers)]
    [InlineData(2, 1, RfmSegment.Hibernating)]
    [InlineData(2, 2, RfmSegment.Hibernating)]
    [InlineData(2, 3, RfmSegment.AtRisk)]
    [InlineData(2, 4, RfmSegment.AtRisk)]
    [InlineData(2, 5, RfmSegment.CantLoseThem)]
    [InlineData(1, 1, RfmSegment.Lost)]
    [InlineData(1, 2, RfmSegment.Lost)]
    [InlineData(1, 3, RfmSegment.AtRisk)]
    [InlineData(1, 4, RfmSegment.AtRisk)]
    [InlineData(1, 5, RfmSegment.CantLoseThem)]
    public void EveryRecencyAndFrequencyCellMapsToItsSegment(int recency, int frequency, RfmSegment expected)
    {
        Assert.Equal(expected, RfmScorer.Segment(recency, frequency));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(6, 3)]
    [InlineData(3, 0)]
    [InlineData(3, 6)]
    public void ScoresOutsideOneToFiveHaveNoSegment(int recency, int frequency)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RfmScorer.Segment(recency, frequency));
    }

    [Fact]
    public void EverySegmentHasADisplayName()
    {
        var names = Enum.GetValues<RfmSegment>().Select(s => s.DisplayName()).ToArray();

        Assert.Equal(
            ["Prospect", "Champions", "Loyal Customers", "Potential Loyalists", "New Customers", "Promising",
             "Need Attention", "About To Sleep", "At Risk", "Can't Lose Them", "Hibernating", "Lost"],
            names);
    }
}
