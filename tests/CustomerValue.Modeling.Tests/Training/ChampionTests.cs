using System.Globalization;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>Promotion never makes things worse: the champion / challenger decision on cards of known figures.</summary>
public sealed class ChampionTests : IDisposable
{
    readonly string _models = Directory.CreateTempSubdirectory("cvml-champion-").FullName;

    public void Dispose() => Directory.Delete(_models, recursive: true);

    /// <summary>The shipped bundle's card: grade B, out-of-time, 365 days, transactions.</summary>
    static readonly Lazy<ModelCard> Shipped = new(() =>
    {
        var bundle = ModelPointer.CurrentBundle(RepositoryPaths.Of("models"))!;
        return ModelCard.FromJson(File.ReadAllText(Path.Combine(bundle, ModelCard.FileName)), bundle);
    });

    static ModelCard Card(string version, string? dataHash = null) => Shipped.Value with
    {
        Version = version,
        Data = Shipped.Value.Data with { Inputs = [.. Shipped.Value.Data.Inputs.Select(i => dataHash is null ? i : i with { Sha256 = dataHash })] },
    };

    void Current(ModelCard card)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_models, card.Version)).FullName;
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName), card.ToJson());
        ModelPointer.Write(_models, card.Version);
    }

    TrainingOptions Options(PromotionPolicy promote = PromotionPolicy.Auto) => new() { ModelsDirectory = _models, Promote = promote };

    [Fact]
    public void AChallengerOnOtherDataGradedCIsNotPromotedAndTheFailedGateIsNamed()
    {
        Current(Card("champion"));

        var decision = Champion.Decide(Options(), Card("challenger", dataHash: "ab12") with { Grade = "C", GradeReason = "CLV Gini 0.1 vs 0.2" });

        Assert.False(decision.Promoted);
        Assert.Equal(["grade C is below B (CLV Gini 0.1 vs 0.2)"], decision.GateFailures);
        Assert.StartsWith("not comparable with the current model champion (different data), and it fails the promotion gates", decision.Reason);
        Assert.Equal(("champion", "auto"), (decision.PreviousVersion, decision.Policy));
    }

    [Fact]
    public void AChallengerWithAnotherHorizonGradedBIsPromoted()
    {
        Current(Card("champion"));

        var decision = Champion.Decide(Options(), Card("challenger") with { HorizonDays = 180, Grade = "B" });

        Assert.True(decision.Promoted);
        Assert.Empty(decision.GateFailures);
        Assert.StartsWith("not comparable with the current model champion (horizon 180 days, current 365); promoted because it passes the promotion gates", decision.Reason);
    }

    [Fact]
    public void OnContractDataANotComparableChallengerMustBeatTheBestChurnBaseline()
    {
        Current(Card("champion") with { Mode = "contract" });
        var challenger = Card("challenger", dataHash: "ab12") with
        {
            Mode = "contract",
            Grade = "B",
            Churn = Shipped.Value.Churn with { Metrics = Shipped.Value.Churn.Metrics with { Auc = 0.93 } },
        };

        var decision = Champion.Decide(Options(), challenger);

        var best = Shipped.Value.ChurnBaselines.MaxBy(b => b.Auc)!;
        Assert.InRange(best.Auc!.Value, 0.9300001, 1);
        Assert.False(decision.Promoted);
        Assert.Equal([string.Create(CultureInfo.InvariantCulture, $"churn AUC 0.9300 is not above the best baseline '{best.Name}' at {best.Auc:0.0000}")], decision.GateFailures);
    }

    [Fact]
    public void PromoteAlwaysPromotesAFailingChallengerAndTheCardSaysWhatItOverrode()
    {
        Current(Card("champion"));

        var decision = Champion.Decide(Options(PromotionPolicy.Always), Card("challenger", dataHash: "ab12") with { Grade = "C" });

        Assert.True(decision.Promoted);
        Assert.Empty(decision.GateFailures);
        Assert.Equal("always", decision.Policy);
        Assert.StartsWith("--promote always, overriding: not comparable with the current model champion (different data)", decision.Reason);
    }

    [Fact]
    public void ARequestedQualityGateHoldsEvenWithPromoteAlways()
    {
        Current(Card("champion"));

        var decision = Champion.Decide(Options(PromotionPolicy.Always) with { MinimumGrade = "A" }, Card("challenger") with { Grade = "B" });

        Assert.False(decision.Promoted);
        Assert.Equal(["grade B is below --min-grade A"], decision.GateFailures);
    }

    [Fact]
    public void AnUnreadableCurrentCardIsNotComparableSoTheGatesDecide()
    {
        Directory.CreateDirectory(Path.Combine(_models, "broken"));
        File.WriteAllText(Path.Combine(_models, "broken", ModelCard.FileName), "{ not json");
        ModelPointer.Write(_models, "broken");

        var decision = Champion.Decide(Options(), Card("challenger") with { Grade = "C" });

        Assert.False(decision.Promoted);
        Assert.Contains("the current model's card cannot be read", decision.Reason);
        Assert.Equal("broken", decision.PreviousVersion);
    }

    [Fact]
    public void WithNoCurrentModelTheFirstBundleIsPromotedWhateverItsGrade()
    {
        var decision = Champion.Decide(Options(), Card("first") with { Grade = "C" });

        Assert.True(decision.Promoted);
        Assert.Equal("no current model", decision.Reason);
    }

    /// <summary>A churn table trained on one class measured nothing (AUC NaN): it was promoted as the first bundle.</summary>
    [Fact]
    public void AChallengerWhoseHeldOutFigureIsUndefinedIsNotPromotedEvenAsTheFirstBundle()
    {
        var clv = Shipped.Value.Clv!;
        var undefined = Card("undefined") with { Clv = clv with { Metrics = clv.Metrics with { NormalizedGini = double.NaN } } };

        var first = Champion.Decide(Options(), undefined);
        Current(Card("champion"));
        var later = Champion.Decide(Options(), undefined);
        var forced = Champion.Decide(Options(PromotionPolicy.Always), undefined);

        Assert.False(first.Promoted);
        Assert.StartsWith("its held-out CLV normalized Gini is undefined", first.Reason, StringComparison.Ordinal);
        Assert.Contains("no model is current", first.Reason, StringComparison.Ordinal);
        Assert.Single(first.GateFailures);
        Assert.False(later.Promoted);
        Assert.Contains("champion stays current", later.Reason, StringComparison.Ordinal);
        Assert.True(forced.Promoted);
    }

    [Fact]
    public void OnTheSameDataAWorseChallengerStaysOutWithoutFailingAGate()
    {
        Current(Card("champion"));
        var worse = Card("challenger") with { Clv = Shipped.Value.Clv! with { Metrics = Shipped.Value.Clv.Metrics with { NormalizedGini = 0.5 } } };

        var decision = Champion.Decide(Options(), worse);

        Assert.False(decision.Promoted);
        Assert.Empty(decision.GateFailures);
        Assert.StartsWith("worse than the current model on the same held-out data (CLV normalized Gini 0.5000 <", decision.Reason);
    }
}
