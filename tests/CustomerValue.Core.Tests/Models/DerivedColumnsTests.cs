using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Models;

public sealed class DerivedColumnsTests
{
    static readonly Lazy<IReadOnlyList<FeatureRow>> CdnowRows = new(() =>
        [.. FeatureBuilder.Build(CdnowSample.Transactions(), profiles: null, new DateOnly(1997, 9, 30)).Rows.Select(r => r.Features)]);

    [Theory]
    [InlineData(BtydModelKind.BgNbd)]
    [InlineData(BtydModelKind.ParetoNbd)]
    [InlineData(BtydModelKind.MbgNbd)]
    [InlineData(null)]
    public void OneDerivedColumnIsThatColumnOfTheWholeDerivation(BtydModelKind? kind)
    {
        var rows = CdnowRows.Value;
        var scorer = DerivedColumns.Fit(rows, kind, horizonDays: 365);

        Assert.Equal(kind is null ? 1 : 4, scorer.Columns.Count);
        Assert.All(rows, row =>
        {
            var whole = scorer.Derive(row).Values;
            for (var column = 0; column < whole.Length; column++)
                Assert.True(whole[column].Equals(scorer.Derive(row, column)), $"{row.CustomerId} {scorer.Columns[column]}: {whole[column]} vs {scorer.Derive(row, column)}");
        });
    }

    [Fact]
    public void ExpectedSpendColumnIsTheBtydModelsExpectedSpend()
    {
        var rows = CdnowRows.Value;
        var scorer = DerivedColumns.Fit(rows, BtydModelKind.BgNbd, horizonDays: 365);

        var buyers = rows.Where(r => !r.IsProspect).ToList();

        Assert.All(buyers, row => Assert.Equal(scorer.Btyd!.ExpectedSpend(row, 365), scorer.Derive(row).ExpectedSpend));
    }

    [Fact]
    public void AColumnPastTheLastIsRefused()
    {
        var scorer = DerivedColumns.Fit(CdnowRows.Value, kind: null, horizonDays: 365);

        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Derive(CdnowRows.Value[0], 1));
    }
}
