using System.Security.Cryptography;
using CustomerValue.Core.Serving;
using Microsoft.Extensions.Logging;

namespace CustomerValue.Core.Tests.Serving;

[Collection(TinyModelsCollection.Name)]
public sealed class WatcherTests(TinyModels models)
{
    [Fact]
    public async Task APointerMovedOverTheOldOneTriggersAReload()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        folder.WriteVersion("v2", models.V2.Clv, models.V2.Churn);
        using var source = folder.CreateSource(watch: true);
        await source.StartAsync();
        var reloaded = source.NextLoad(r => r.Outcome == ModelLoadOutcome.Loaded);
        var temp = Path.Combine(folder.Root, "current.tmp");
        File.WriteAllText(temp, "v2");

        File.Move(temp, folder.PointerPath, overwrite: true);

        Assert.Equal("v2", (await reloaded).Model!.Version);
        Assert.Equal(models.V2.ChurnScores[5], source.Predict(b => b.Churn, models.Inputs[5]).Score);
    }

    [Fact]
    public async Task APointerRewrittenInPlaceTriggersAReload()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        folder.WriteVersion("v2", models.V2.Clv, models.V2.Churn);
        using var source = folder.CreateSource(watch: true);
        await source.StartAsync();
        var reloaded = source.NextLoad(r => r.Outcome == ModelLoadOutcome.Loaded);

        File.WriteAllText(folder.PointerPath, "v2");

        Assert.Equal("v2", (await reloaded).Model!.Version);
    }

    [Fact]
    public async Task SourceBecomesReadyWhenTheFirstModelIsPublishedAfterStart()
    {
        using var folder = new ModelFolder();
        using var source = folder.CreateSource(watch: true);
        var first = await source.StartAsync();
        var reloaded = source.NextLoad(r => r.Outcome == ModelLoadOutcome.Loaded);

        folder.Publish(models.V1);

        Assert.Equal(ModelLoadOutcome.Failed, first.Outcome);
        Assert.Equal("v1", (await reloaded).Model!.Version);
        Assert.True(source.Status.Ready);
    }

    [Theory]
    [InlineData("random bytes")]
    [InlineData("truncated zip")]
    public async Task ACorruptModelKeepsTheOldOneServingAndAFollowingGoodFileIsPickedUp(string corruption)
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = folder.CreateSource(watch: true);
        await source.StartAsync();
        var corrupt = corruption == "random bytes" ? RandomNumberGenerator.GetBytes(4096) : models.V2.Clv[..(models.V2.Clv.Length / 2)];
        var failed = source.NextLoad(r => r.Outcome == ModelLoadOutcome.Failed);
        folder.WriteVersion("v2", corrupt, models.V2.Churn);
        folder.WritePointer("v2");
        var failure = await failed;
        var statusAfterFailure = source.Status;
        var scoreAfterFailure = source.Predict(b => b.Clv, models.Inputs[9]).Score;
        var recovered = source.NextLoad(r => r.Outcome == ModelLoadOutcome.Loaded);

        folder.WriteAtomically(Path.Combine("v2", "clv.zip"), models.V2.Clv);

        var recovery = await recovered;
        Assert.Equal(("v2", "v1"), (failure.Version, failure.Model!.Version));
        Assert.True(statusAfterFailure.Ready);
        Assert.Equal("v1", statusAfterFailure.Model!.Version);
        Assert.True(statusAfterFailure.LastLoadFailed);
        Assert.Contains("clv.zip", statusAfterFailure.LastError);
        Assert.NotNull(statusAfterFailure.LastFailedAt);
        Assert.Equal(1, statusAfterFailure.ConsecutiveFailures);
        Assert.Equal(models.V1.ClvScores[9], scoreAfterFailure);
        Assert.Contains(folder.Logger.Entries, e => e.Level == LogLevel.Error && e.Exception is not null && e.Message.Contains("clv.zip"));
        Assert.Equal("v2", recovery.Model!.Version);
        Assert.False(source.Status.LastLoadFailed);
        Assert.Equal(models.V2.ClvScores[9], source.Predict(b => b.Clv, models.Inputs[9]).Score);
    }
}
