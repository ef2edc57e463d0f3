using System.Security.Cryptography;
using System.Text;
using CustomerValue.Core.Serving;

namespace CustomerValue.Core.Tests.Serving;

[Collection(TinyModelsCollection.Name)]
public sealed class ModelSourceTests(TinyModels models)
{
    [Fact]
    public async Task StartLoadsThePointedVersionAndReportsItsHashAndGeneration()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        var now = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        using var source = folder.CreateSource(watch: false, new FixedTimeProvider(now));

        var result = await source.StartAsync();

        var clvHash = Convert.ToHexStringLower(SHA256.HashData(models.V1.Clv));
        var churnHash = Convert.ToHexStringLower(SHA256.HashData(models.V1.Churn));
        var manifest = $"{churnHash}  churn.zip\n{clvHash}  clv.zip\n";
        var expected = new ModelInfo("v1", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest))),
            new Dictionary<string, string> { ["clv.zip"] = clvHash, ["churn.zip"] = churnHash }, now, 1);
        Assert.Equal(ModelLoadOutcome.Loaded, result.Outcome);
        Assert.Equal(expected with { FileSha256 = result.Model!.FileSha256 }, result.Model);
        Assert.Equal(expected.FileSha256.OrderBy(p => p.Key), result.Model.FileSha256.OrderBy(p => p.Key));
        Assert.Equal(new ModelStatus(true, result.Model, false, null, null, now, 0), source.Status);
    }

    [Fact]
    public async Task OneLeaseRunsBothModelsOfTheSameGeneration()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = folder.CreateSource(watch: false);
        await source.StartAsync();

        using var lease = source.Acquire();
        var clv = lease.Bundle.Clv.Predict(models.Inputs[7]).Score;
        var churn = lease.Bundle.Churn.Predict(models.Inputs[7]).Score;

        Assert.Equal(("v1", models.V1.ClvScores[7], models.V1.ChurnScores[7]), (lease.Info.Version, clv, churn));
        Assert.Equal("""{"version":"v1"}""", lease.Bundle.ModelCard);
    }

    [Fact]
    public async Task RepeatedPredictionsThroughTheSourceReuseTheGenerationsEngines()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = folder.CreateSource(watch: false);
        await source.StartAsync();

        var scores = models.Inputs.Select(row => source.Predict(b => b.Clv, row).Score).ToArray();

        using var lease = source.Acquire();
        Assert.Equal(models.V1.ClvScores, scores);
        Assert.Equal(1, lease.Bundle.Clv.EnginesCreated);
    }

    [Fact]
    public async Task SourceIsNotReadyAndSaysWhyWhenThePointerIsMissing()
    {
        using var folder = new ModelFolder();
        using var source = folder.CreateSource(watch: false);

        var result = await source.StartAsync();

        Assert.Equal(ModelLoadOutcome.Failed, result.Outcome);
        Assert.False(source.Status.Ready);
        Assert.False(source.IsReady);
        Assert.True(source.Status.LastLoadFailed);
        Assert.Contains(folder.PointerPath, source.Status.LastError);
        var error = Assert.Throws<ModelNotReadyException>(() => source.Acquire());
        Assert.Contains(folder.PointerPath, error.Message);
    }

    [Fact]
    public async Task ReloadingUnchangedFilesKeepsTheSameGeneration()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = folder.CreateSource(watch: false);
        await source.StartAsync();
        var first = source.CurrentGeneration;

        var result = await source.ReloadAsync();

        Assert.Equal(ModelLoadOutcome.Unchanged, result.Outcome);
        Assert.Same(first, source.CurrentGeneration);
        Assert.Equal(1, source.Status.Model!.Generation);
    }

    [Fact]
    public async Task ExplicitReloadSwapsInTheNewVersionWithTheNextGenerationNumber()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = folder.CreateSource(watch: false);
        await source.StartAsync();
        folder.Publish(models.V2);

        var result = await source.ReloadAsync();

        Assert.Equal((ModelLoadOutcome.Loaded, "v2", 2L), (result.Outcome, result.Model!.Version, result.Model.Generation));
        Assert.Equal(models.V2.ClvScores[3], source.Predict(b => b.Clv, models.Inputs[3]).Score);
    }

    [Fact]
    public async Task AModelThatDoesNotFitTheRowTypesFailsTheLoadNotTheFirstRequest()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = new ModelSource<EnginePool<WrongRow, TinyPrediction>>(
            new ModelSourceOptions { ModelsDirectory = folder.Root, WatchForChanges = false },
            context => context.CreateEnginePool<WrongRow, TinyPrediction>(context.LoadTransformer("clv.zip")));

        var result = await source.StartAsync();

        Assert.Equal(ModelLoadOutcome.Failed, result.Outcome);
        Assert.Contains("F1", result.Error);
        Assert.False(source.IsReady);
    }

    [Fact]
    public async Task APointerThatLeavesTheModelsFolderIsRejected()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        File.WriteAllText(folder.PointerPath, "../v1");
        using var source = folder.CreateSource(watch: false);

        var result = await source.StartAsync();

        Assert.Equal(ModelLoadOutcome.Failed, result.Outcome);
        Assert.Contains("'../v1'", result.Error);
    }

    [Fact]
    public async Task WatcherReactsToThePointerAndTheServedVersionFolderOnly()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = folder.CreateSource(watch: false);
        await source.StartAsync();

        Assert.True(source.IsRelevant(folder.PointerPath));
        Assert.True(source.IsRelevant(Path.Combine(folder.Root, "v1", "clv.zip")));
        Assert.True(source.IsRelevant(Path.Combine(folder.Root, "v1")));
        Assert.False(source.IsRelevant(Path.Combine(folder.Root, "current.tmp")));
        Assert.False(source.IsRelevant(Path.Combine(folder.Root, "v3", "clv.zip")));
        Assert.False(source.IsRelevant(Path.Combine(Path.GetTempPath(), "v1", "clv.zip")));
    }

    public sealed class WrongRow
    {
        public float G1 { get; set; }
    }

    sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
