using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class ShippedBundleTests
{
    [Fact]
    public async Task TheShippedDefaultBundleLoadsAndScoresThroughTheServingPool()
    {
        var models = RepositoryPaths.Of("models");
        Assert.NotNull(ModelPointer.CurrentBundle(models));
        using var source = new ModelSource<ModelBundle>(new ModelSourceOptions { ModelsDirectory = models, WatchForChanges = false }, ModelBundle.Load);

        var loaded = await source.StartAsync();
        using var lease = source.Acquire();
        var bundle = lease.Bundle;
        var row = FeatureBuilder.Snapshot(
            new CustomerProfile("new") { PostalCode = "10115", Device = "ios", Channel = "organic" },
            [new Transaction("new", bundle.Card.Cutoff.ToDateTime(TimeOnly.MinValue), 80)],
            bundle.Card.Cutoff,
            bundle.FeatureOptions);
        var prediction = bundle.Predict(row, explain: true);

        Assert.Equal(ModelLoadOutcome.Loaded, loaded.Outcome);
        Assert.Equal(bundle.Vectorizer.SlotCount, bundle.Vectorizer.SlotFeature.Count);
        Assert.Equal(bundle.Card.Features.Select(f => f.Name), FeatureCatalog.For(bundle.FeatureOptions.Attributes!).Select(f => f.Name));
        Assert.True(prediction.PredictedValue >= 0);
        Assert.InRange(prediction.ChurnProbability, 0, 1);
        Assert.True(prediction.ValueP10 <= prediction.PredictedValue && prediction.PredictedValue <= prediction.ValueP90 + 1e-9);
        Assert.NotEmpty(prediction.Contributions);
    }
}
