using CustomerValue.Core.Models;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>The validation winner ships; trees without BTYD columns must lead the hybrid by more than a tie to drop BTYD.</summary>
public sealed class CandidateWinnerTests
{
    static Dictionary<string, double> Ginis(double hybrid, double trees, double historic) => new()
    {
        [ClvCandidates.Hybrid] = hybrid,
        [ClvCandidates.Trees] = trees,
        [ClvCandidates.Btyd] = 0.60,
        [ClvCandidates.Historic] = historic,
    };

    [Fact]
    public void TreesWithinTheTieMarginOfTheHybridLeaveTheHybridShipped()
    {
        Assert.Equal((ClvCandidates.Hybrid, true), HyperparameterSearch.Winner(Ginis(hybrid: 0.717, trees: 0.718, historic: 0.697)));
    }

    [Fact]
    public void TreesClearlyAheadShip()
    {
        Assert.Equal((ClvCandidates.Trees, false), HyperparameterSearch.Winner(Ginis(hybrid: 0.717, trees: 0.717 + (2 * HyperparameterSearch.GiniTie), historic: 0.697)));
    }

    [Fact]
    public void TheHybridIsNotKeptWhenABaselineBeatsIt()
    {
        Assert.Equal((ClvCandidates.Trees, false), HyperparameterSearch.Winner(Ginis(hybrid: 0.715, trees: 0.718, historic: 0.716)));
    }

    [Fact]
    public void TheHighestGiniShipsAndExactTiesGoToTheSimpler()
    {
        Assert.Equal((ClvCandidates.Historic, false), HyperparameterSearch.Winner(Ginis(hybrid: 0.70, trees: 0.69, historic: 0.72)));
        Assert.Equal((ClvCandidates.Btyd, false), HyperparameterSearch.Winner(new Dictionary<string, double> { [ClvCandidates.Hybrid] = 0.7, [ClvCandidates.Btyd] = 0.7 }));
    }
}
