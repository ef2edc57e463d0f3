using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CustomerValue.Core.Serving;

/// <summary>
/// A pool of <see cref="PredictionEngine{TSrc, TDst}"/> for one model. An engine is not thread-safe,
/// so each call rents one, predicts and gives it back; engines are reused across calls.
/// </summary>
/// <remarks>
/// A pool belongs to one model generation: renting from it after the generation was disposed
/// throws <see cref="ObjectDisposedException"/> instead of silently serving a model that was
/// replaced. Create pools through <see cref="ModelLoadContext.CreateEnginePool{TIn, TOut}"/> so
/// that the generation owns and disposes them.
/// </remarks>
public sealed class EnginePool<TIn, TOut> : IDisposable
    where TIn : class
    where TOut : class, new()
{
    readonly PredictionEnginePolicy<TIn, TOut> _policy;
    readonly ObjectPool<PredictionEngine<TIn, TOut>> _pool;
    int _disposed;

    /// <param name="mlContext">Context that creates the engines.</param>
    /// <param name="model">The trained model every engine runs.</param>
    /// <param name="maximumRetained">Engines kept for reuse; more may exist briefly under load.</param>
    /// <param name="inputSchema">Needed when <typeparamref name="TIn"/> has a vector whose length is only known at run time.</param>
    public EnginePool(MLContext mlContext, ITransformer model, int maximumRetained, SchemaDefinition? inputSchema = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumRetained, 1);
        Model = model;
        _policy = new PredictionEnginePolicy<TIn, TOut>(mlContext, model, inputSchema);
        // For IDisposable items the provider returns its disposable DefaultObjectPool, which
        // disposes engines it drops when full and those it still holds when disposed.
        _pool = new DefaultObjectPoolProvider { MaximumRetained = maximumRetained }.Create(_policy);
    }

    public ITransformer Model { get; }

    /// <summary>Engines created so far; stays small when engines are being reused.</summary>
    public int EnginesCreated => _policy.Created;

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal ObjectPool<PredictionEngine<TIn, TOut>> InnerPool => _pool;

    /// <summary>Rents an engine for several predictions on one thread; dispose it to give it back.</summary>
    public RentedEngine<TIn, TOut> Rent() => new(this, Get());

    /// <summary>Rents an engine, predicts one row and gives the engine back.</summary>
    public TOut Predict(TIn example)
    {
        var engine = Get();
        try
        {
            return engine.Predict(example);
        }
        finally
        {
            _pool.Return(engine);
        }
    }

    /// <summary>Like <see cref="Predict(TIn)"/>, writing into <paramref name="prediction"/> to spare an allocation.</summary>
    public void Predict(TIn example, ref TOut prediction)
    {
        var engine = Get();
        try
        {
            engine.Predict(example, ref prediction);
        }
        finally
        {
            _pool.Return(engine);
        }
    }

    internal PredictionEngine<TIn, TOut> Get()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return _pool.Get();
    }

    internal void Return(PredictionEngine<TIn, TOut> engine) => _pool.Return(engine);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            (_pool as IDisposable)?.Dispose();
    }
}
