namespace CustomerValue.Core.Tests.Serving;

[Collection(TinyModelsCollection.Name)]
public sealed class ConcurrencyTests(TinyModels models)
{
    [Fact]
    public async Task EightThreadsOfAThousandPredictionsMatchOneThread()
    {
        using var folder = new ModelFolder();
        folder.Publish(models.V1);
        using var source = folder.CreateSource(watch: false);
        await source.StartAsync();
        var oneThread = models.Inputs.Select(row => source.Predict(b => b.Clv, row).Score).ToArray();

        var eightThreads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () => models.Inputs.Select(row => source.Predict(b => b.Clv, row).Score).ToArray(),
            TaskCreationOptions.LongRunning))).WaitAsync(ModelFolder.Patience);

        Assert.Equal(models.V1.ClvScores, oneThread);
        Assert.All(eightThreads, scores => Assert.Equal(oneThread, scores));
    }
}
