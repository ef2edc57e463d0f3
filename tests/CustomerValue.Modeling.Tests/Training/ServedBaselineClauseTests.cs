using CustomerValue.Core.Btyd;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class ServedBaselineClauseTests
{
    static readonly BaselineResult[] Baselines =
    [
        new("paretonbd-gamma-gamma", "", 0.904, 145, 341),
        new("rfm-cell-mean", "", 0.866, 165, 382),
    ];

    [Fact]
    public void AGradeOfTheServedBtydModelAgainstItselfSaysSo()
    {
        var clause = ModelTrainer.ServedBaselineClause(contract: false, ClvCandidates.Btyd, BtydModelKind.ParetoNbd, Baselines);

        Assert.StartsWith("; the model served is that baseline itself (BTYD + Gamma-Gamma", clause, StringComparison.Ordinal);
        // The hybrid, or BTYD of another kind than the best baseline's, is graded against a model of its own.
        Assert.Equal("", ModelTrainer.ServedBaselineClause(contract: false, ClvCandidates.Hybrid, BtydModelKind.ParetoNbd, Baselines));
        Assert.Equal("", ModelTrainer.ServedBaselineClause(contract: false, ClvCandidates.Btyd, BtydModelKind.BgNbd, Baselines));
    }
}
