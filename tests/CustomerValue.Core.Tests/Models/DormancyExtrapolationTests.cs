using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
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

    [Fact]
    public void TheExplanationPutsTheFallPastTheEdgeOnTheDaysSinceTheLastPurchase()
    {
        IReadOnlyList<FeatureContribution> trees = [new("frequency", -0.8), new(FeatureColumns.RecencyDays, -0.3), new("monetary", 0.2)];

        var explained = DormancyExtrapolation.Explained(trees, 0.25);

        // ln 0.25 = -1.386: the time away now lowers the value most; the contributions still add up to ln(value) with the factor.
        Assert.Equal([FeatureColumns.RecencyDays, "frequency", "monetary"], explained.Select(c => c.Feature));
        Assert.Equal(-0.3 + Math.Log(0.25), explained[0].Contribution, 12);
        Assert.Equal(trees.Sum(c => c.Contribution) + Math.Log(0.25), explained.Sum(c => c.Contribution), 12);
        Assert.Same(trees, DormancyExtrapolation.Explained(trees, 1));
        var without = DormancyExtrapolation.Explained([new FeatureContribution("frequency", 0.1)], 0.5);
        Assert.Equal([FeatureColumns.RecencyDays, "frequency"], without.Select(c => c.Feature));
    }

    [Fact]
    public void PastTheEdgeTheChanceOfBuyingInTheChurnWindowFallsAsBtydsDoes()
    {
        var btyd = ParetoNbd.Value;
        var repeat = Cdnow.Value.First(r => !r.IsProspect && r.Frequency >= 2 && r.RecencyDays > 150);
        const int edge = 60;
        var atEdge = repeat with { RecencyDays = edge, TenureDays = repeat.TenureDays - (repeat.RecencyDays - edge) };
        double Buys(FeatureRow row) => 1 - ChurnBlend.NoPurchase(btyd, row, 90);

        var churn = DormancyExtrapolation.Churn(0.6, btyd, repeat, edge, 90);

        Assert.Equal(1 - (0.4 * Buys(repeat) / Buys(atEdge)), churn, 12);
        Assert.InRange(churn, 0.61, 0.999);
        Assert.Equal(0.6, DormancyExtrapolation.Churn(0.6, btyd, repeat, repeat.RecencyDays, 90));
        Assert.Equal(0.6, DormancyExtrapolation.Churn(0.6, null, repeat, edge, 90));
    }
}
