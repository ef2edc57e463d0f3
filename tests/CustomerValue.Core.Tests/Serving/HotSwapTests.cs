using System.Collections.Concurrent;
using CustomerValue.Core.Serving;

namespace CustomerValue.Core.Tests.Serving;

[Collection(TinyModelsCollection.Name)]
public sealed class HotSwapTests(TinyModels models)
{
    [Fact]
    public async Task PredictionsOnSeveralThreadsAllSucceedAcrossAHotSwapAndEndOnTheNewVersion()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = folder.CreateSource(watch: true);
        await source.StartAsync();
        var firstGeneration = source.CurrentGeneration!;
        const int threads = 4;
        const int predictionsOnNewVersion = 200;
        var pending = threads;
        var allRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mismatches = new ConcurrentQueue<string>();
        var deadline = DateTime.UtcNow + ModelFolder.Patience;

        // Each worker runs until it has seen the new version enough times; both models run on one lease.
        var workers = Enumerable.Range(0, threads).Select(worker => Task.Factory.StartNew(() =>
        {
            var sawOld = false;
            var onNew = 0;
            var lastVersion = "";
            for (var n = worker; onNew < predictionsOnNewVersion && DateTime.UtcNow < deadline; n++)
            {
                var i = n % models.Inputs.Count;
                using var lease = source.Acquire();
                var clv = lease.Bundle.Clv.Predict(models.Inputs[i]).Score;
                var churn = lease.Bundle.Churn.Predict(models.Inputs[i]).Score;
                var expected = models[lease.Info.Version];
                if (clv != expected.ClvScores[i] || churn != expected.ChurnScores[i])
                    mismatches.Enqueue($"{lease.Info.Version} row {i}: {clv}, {churn}");
                lastVersion = lease.Info.Version;
                if (lastVersion == "v1" && !sawOld)
                {
                    sawOld = true;
                    if (Interlocked.Decrement(ref pending) == 0)
                        allRunning.SetResult();
                }
                if (lastVersion == "v2")
                    onNew++;
            }
            return (sawOld, lastVersion);
        }, TaskCreationOptions.LongRunning)).ToArray();
        await allRunning.Task.WaitAsync(ModelFolder.Patience);
        var swapped = source.NextLoad(r => r.Outcome == ModelLoadOutcome.Loaded);

        folder.Publish(models.V2);

        var loaded = await swapped;
        var outcomes = await Task.WhenAll(workers).WaitAsync(ModelFolder.Patience);
        Assert.Equal("v2", loaded.Model!.Version);
        Assert.Empty(mismatches);
        Assert.All(outcomes, outcome => Assert.Equal((true, "v2"), outcome));
        await firstGeneration.Disposal.WaitAsync(ModelFolder.Patience);
    }

    [Fact]
    public async Task AnEngineRentedBeforeAReloadGoesBackToItsOwnGenerationWhichIsDisposedAfterTheLastLease()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = folder.CreateSource(watch: false);
        await source.StartAsync();
        var firstGeneration = source.CurrentGeneration!;
        var lease = source.Acquire();
        var rented = lease.Bundle.Clv.Rent();
        var oldEngine = rented.Engine;
        folder.Publish(models.V2);

        await source.ReloadAsync();
        var oldScore = rented.Predict(models.Inputs[0]).Score;
        rented.Dispose();
        var disposedWhileLeased = firstGeneration.IsDisposed;
        using (var again = lease.Bundle.Clv.Rent())
            Assert.Same(oldEngine, again.Engine);
        lease.Dispose();

        Assert.Equal(models.V1.ClvScores[0], oldScore);
        Assert.False(disposedWhileLeased);
        Assert.True(firstGeneration.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => lease.Bundle.Clv.Rent());
        using var current = source.Acquire();
        using var fresh = current.Bundle.Clv.Rent();
        Assert.NotSame(oldEngine, fresh.Engine);
        Assert.Equal(("v2", models.V2.ClvScores[0]), (current.Info.Version, fresh.Predict(models.Inputs[0]).Score));
    }

    [Fact]
    public async Task AnOldGenerationWithoutLeasesIsDisposedAtTheSwap()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = folder.CreateSource(watch: false);
        await source.StartAsync();
        var firstGeneration = source.CurrentGeneration!;
        folder.Publish(models.V2);

        await source.ReloadAsync();

        Assert.True(firstGeneration.IsDisposed);
        Assert.False(source.CurrentGeneration!.IsDisposed);
    }

    [Fact]
    public async Task DisposingTheSourceDisposesTheCurrentGenerationOnceItsLeasesAreReleased()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        var source = folder.CreateSource(watch: true);
        await source.StartAsync();
        var generation = source.CurrentGeneration!;
        var lease = source.Acquire();

        source.Dispose();
        var disposedWhileLeased = generation.IsDisposed;
        lease.Dispose();

        Assert.False(disposedWhileLeased);
        Assert.True(generation.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => source.Acquire());
    }
}
