using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CustomerValue.Core.Serving;

/// <summary>Creates engines for one model; every engine a pool holds comes from the same transformer.</summary>
internal sealed class PredictionEnginePolicy<TIn, TOut>(MLContext mlContext, ITransformer model, SchemaDefinition? inputSchema)
    : PooledObjectPolicy<PredictionEngine<TIn, TOut>>
    where TIn : class
    where TOut : class, new()
{
    int _created;

    public int Created => Volatile.Read(ref _created);

    public override PredictionEngine<TIn, TOut> Create()
    {
        var engine = mlContext.Model.CreatePredictionEngine<TIn, TOut>(model, inputSchemaDefinition: inputSchema);
        Interlocked.Increment(ref _created);
        return engine;
    }

    // An engine keeps no per-request state that outlives Predict, so every engine may go back.
    public override bool Return(PredictionEngine<TIn, TOut> obj) => true;
}
