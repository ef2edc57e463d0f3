using System.Text.Json.Nodes;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>The hybrid's blend partner (BTYD + Gamma-Gamma or the historic formula) is what serving blends the trees with.</summary>
public sealed class BlendPartnerTests : IDisposable
{
    readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cvml-blend-" + Guid.NewGuid().ToString("N"))).FullName;

    readonly List<IDisposable> _sources = [];

    public void Dispose()
    {
        foreach (var source in _sources)
            source.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The shipped bundle, copied with its card's clv block edited.</summary>
    async Task<ModelBundle> ShippedWith(string name, Action<JsonObject> edit)
    {
        var shipped = ModelPointer.CurrentBundle(RepositoryPaths.Of("models"))!;
        var models = Path.Combine(_folder, name);
        var bundle = Path.Combine(models, Path.GetFileName(shipped));
        Directory.CreateDirectory(bundle);
        foreach (var file in Directory.GetFiles(shipped))
            File.Copy(file, Path.Combine(bundle, Path.GetFileName(file)));
        var cardPath = Path.Combine(bundle, "model-card.json");
        var card = JsonNode.Parse(File.ReadAllText(cardPath))!.AsObject();
        var clv = card["clv"]!.AsObject();
        clv["candidate"] = ClvCandidates.Hybrid;
        clv["scale"] = 1.0;
        edit(clv);
        File.WriteAllText(cardPath, card.ToJsonString());
        File.WriteAllText(Path.Combine(models, "current"), Path.GetFileName(shipped));
        var source = new ModelSource<ModelBundle>(new ModelSourceOptions { ModelsDirectory = models, WatchForChanges = false }, ModelBundle.Load);
        _sources.Add(source);
        var loaded = await source.StartAsync();
        if (loaded.Outcome != ModelLoadOutcome.Loaded)
            throw new InvalidDataException(loaded.Error);
        using var lease = source.Acquire();
        return lease.Bundle;
    }

    [Fact]
    public async Task AHybridBlendedWithTheHistoricFormulaServesTheWeightedSumOfTreesAndFormula()
    {
        var treesAlone = await ShippedWith("trees", clv => clv["blendWeight"] = 1.0);
        var blended = await ShippedWith("blended", clv => { clv["blendWeight"] = 0.6; clv["blendPartner"] = ClvCandidates.Historic; });
        var cutoff = treesAlone.Card.Cutoff;
        var row = FeatureBuilder.Snapshot(
            new CustomerProfile("c1") { PostalCode = "10115", Device = "ios", Channel = "organic" },
            [new Transaction("c1", cutoff.AddDays(-200).ToDateTime(TimeOnly.MinValue), 80), new Transaction("c1", cutoff.AddDays(-30).ToDateTime(TimeOnly.MinValue), 120)],
            cutoff, treesAlone.FeatureOptions);

        var ml = treesAlone.Predict(row, explain: false).PredictedValue;
        var historic = HistoricFormula.Value(row, treesAlone.Card.HorizonDays);

        Assert.True(historic > 0);
        Assert.Equal((0.6 * ml) + (0.4 * historic), blended.Predict(row, explain: false).PredictedValue, 9);
    }

    [Fact]
    public async Task AProspectHasNoFormulaValueSoTheTreesServeAlone()
    {
        var treesAlone = await ShippedWith("trees", clv => clv["blendWeight"] = 1.0);
        var blended = await ShippedWith("blended", clv => { clv["blendWeight"] = 0.3; clv["blendPartner"] = ClvCandidates.Historic; });
        var row = FeatureBuilder.Snapshot(new CustomerProfile("p1") { PostalCode = "10115" }, [], treesAlone.Card.Cutoff, treesAlone.FeatureOptions);

        Assert.True(row.IsProspect);
        Assert.Equal(treesAlone.Predict(row, explain: false).PredictedValue, blended.Predict(row, explain: false).PredictedValue, 12);
    }

    [Fact]
    public async Task AnUnknownBlendPartnerIsRefusedAtLoadNamingTheField()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ShippedWith("bad", clv => clv["blendPartner"] = "crystal-ball"));
        Assert.Contains("clv.blendPartner 'crystal-ball'", error.Message, StringComparison.Ordinal);
    }
}
