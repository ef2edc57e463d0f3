using CustomerValue.Core.Serving;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace CustomerValue.Core.Tests.Serving;

[Collection(TinyModelsCollection.Name)]
public sealed class EnginePoolTests(TinyModels models)
{
    [Fact]
    public void PredictionsThroughThePoolMatchABareEngineAndReuseOneEngine()
    {
        using var pool = NewPool(models.V1.Clv);

        var scores = models.Inputs.Select(row => pool.Predict(row).Score).ToArray();

        Assert.Equal(models.V1.ClvScores, scores);
        Assert.Equal(1, pool.EnginesCreated);
    }

    [Fact]
    public void ARentedEngineGoesBackOnDisposeAndIsRentedAgain()
    {
        using var pool = NewPool(models.V1.Clv);
        PredictionEngine<TinyRow, TinyPrediction> first;
        using (var rented = pool.Rent())
        {
            Assert.Equal(models.V1.ClvScores[0], rented.Predict(models.Inputs[0]).Score);
            first = rented.Engine;
        }

        using var again = pool.Rent();

        Assert.Same(first, again.Engine);
        Assert.Equal(1, pool.EnginesCreated);
    }

    [Fact]
    public void DisposingARentedEngineTwiceReturnsItOnlyOnce()
    {
        using var pool = NewPool(models.V1.Clv);
        var rented = pool.Rent();
        rented.Dispose();
        rented.Dispose();

        using var a = pool.Rent();
        using var b = pool.Rent();

        Assert.NotSame(a.Engine, b.Engine);
        Assert.Throws<ObjectDisposedException>(() => rented.Engine);
    }

    [Fact]
    public void PoolIsTheObjectPoolPackagesDefaultObjectPool()
    {
        using var pool = NewPool(models.V1.Clv);

        Assert.IsAssignableFrom<DefaultObjectPool<PredictionEngine<TinyRow, TinyPrediction>>>(pool.InnerPool);
    }

    [Fact]
    public void RentingFromADisposedPoolThrowsInsteadOfServingARetiredModel()
    {
        var pool = NewPool(models.V1.Clv);
        pool.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pool.Predict(models.Inputs[0]));
    }

    static EnginePool<TinyRow, TinyPrediction> NewPool(byte[] zip)
    {
        var ml = new MLContext(seed: 1);
        using var stream = new MemoryStream(zip);
        return new EnginePool<TinyRow, TinyPrediction>(ml, ml.Model.Load(stream, out _), maximumRetained: 4);
    }
}
