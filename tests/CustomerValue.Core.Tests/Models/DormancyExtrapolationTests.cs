using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Models;

public sealed class DormancyExtrapolationTests
{
    static readonly Lazy<IReadOnlyList<FeatureRow>> Cdnow = new(() =>
        FeatureBuilder.Build(CdnowSample.Transactions(), profiles: null, new DateOnly(1997, 9, 30)).Rows.Select(r => r.Features).ToList());

    static readonly Lazy<BtydFeatureModel> ParetoNbd = new(() => BtydFeatureModel.Fit(Cdnow.Value, TimeUnit.Weeks, BtydModelKind.ParetoNbd));

    [Fact]
    public void TheEdgeIsTheDaysAwayThatNinetyNineInAHundredBuyersOfTheTrainingRowsStayWithin()
    {
        var rows = Cdnow.Value;
        var edge = DormancyExtrapolation.EdgeOf(rows);

        Assert.NotNull(edge);
        var buyers = rows.Where(r => !r.IsProspect).ToList();
        Assert.InRange(buyers.Count(r => r.RecencyDays <= edge) / (double)buyers.Count, 0.99, 0.9999);
        Assert.Null(DormancyExtrapolation.EdgeOf(rows.Where(r => r.IsProspect)));
    }

    [Fact]
    public void WithinTheEdgeOrWithoutABtydModelTheTreesValueStands()
    {
        var row = Cdnow.Value.First(r => !r.IsProspect && r.RecencyDays > 100);

        Assert.Equal(1, DormancyExtrapolation.Factor(ParetoNbd.Value, row, row.RecencyDays, 273));
        Assert.Equal(1, DormancyExtrapolation.Factor(null, row, 30, 273));
        Assert.Equal(1, DormancyExtrapolation.Factor(ParetoNbd.Value, row, edgeDays: null, 273));
    }

    [Fact]
    public void PastTheEdgeTheValueFallsAsBtydsExpectedPurchasesFallFromTheEdgeToTheDaysAway()
    {
        var btyd = ParetoNbd.Value;
        var repeat = Cdnow.Value.First(r => !r.IsProspect && r.Frequency >= 2 && r.RecencyDays > 150);
        const int edge = 60;

        var factor = DormancyExtrapolation.Factor(btyd, repeat, edge, 273);

        // At the edge: the same purchases, the last one edge days before the cutoff, the first as far before it as ever.
        var atEdge = repeat with { RecencyDays = edge, TenureDays = repeat.TenureDays - (repeat.RecencyDays - edge) };
        Assert.Equal(btyd.ExpectedPurchases(atEdge, 273), btyd.ExpectedPurchasesLastSeen(repeat, 273, edge), 12);
        Assert.Equal(btyd.ExpectedPurchases(repeat, 273) / btyd.ExpectedPurchases(atEdge, 273), factor, 12);
        Assert.InRange(factor, 0.01, 0.99);
        // Longer away, lower; the row's own recency asked of ExpectedPurchasesLastSeen is the row itself.
        Assert.True(DormancyExtrapolation.Factor(btyd, repeat with { RecencyDays = repeat.RecencyDays + 200, TenureDays = repeat.TenureDays + 200 }, edge, 273) < factor);
        Assert.Equal(btyd.ExpectedPurchases(repeat, 273), btyd.ExpectedPurchasesLastSeen(repeat, 273, repeat.RecencyDays), 12);
    }
}
