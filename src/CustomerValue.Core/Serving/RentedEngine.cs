using Microsoft.ML;

namespace CustomerValue.Core.Serving;

/// <summary>
/// An engine rented from an <see cref="EnginePool{TIn, TOut}"/>. It remembers the pool (and so the
/// model generation) it came from and goes back there on <see cref="Dispose"/>, even if a newer
/// generation has been swapped in meanwhile. Use it on one thread only.
/// </summary>
public sealed class RentedEngine<TIn, TOut> : IDisposable
    where TIn : class
    where TOut : class, new()
{
    readonly EnginePool<TIn, TOut> _pool;
    PredictionEngine<TIn, TOut>? _engine;

    internal RentedEngine(EnginePool<TIn, TOut> pool, PredictionEngine<TIn, TOut> engine)
    {
        _pool = pool;
        _engine = engine;
    }

    /// <summary>The engine itself, for calls the wrapper does not cover; never keep it past Dispose.</summary>
    public PredictionEngine<TIn, TOut> Engine =>
        _engine ?? throw new ObjectDisposedException(nameof(RentedEngine<TIn, TOut>));

    internal EnginePool<TIn, TOut> Pool => _pool;

    public TOut Predict(TIn example) => Engine.Predict(example);

    public void Predict(TIn example, ref TOut prediction) => Engine.Predict(example, ref prediction);

    /// <summary>Gives the engine back to its own pool; a second call does nothing.</summary>
    public void Dispose()
    {
        // Exchange makes a double Dispose harmless: an engine returned twice would be handed to two threads.
        var engine = Interlocked.Exchange(ref _engine, null);
        if (engine is not null)
            _pool.Return(engine);
    }
}
