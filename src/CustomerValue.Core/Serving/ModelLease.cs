namespace CustomerValue.Core.Serving;

/// <summary>
/// A hold on the generation that was current when the lease was taken: every engine rented through
/// <see cref="Bundle"/> comes from, and goes back to, that generation, so one request can run
/// several models (e.g. CLV and churn) on the same version even while a reload swaps in another.
/// Dispose it when the request is done; the generation is freed after its last lease.
/// </summary>
public sealed class ModelLease<TBundle> : IDisposable
    where TBundle : class
{
    ModelGeneration<TBundle>? _generation;

    internal ModelLease(ModelGeneration<TBundle> generation)
    {
        _generation = generation;
        Bundle = generation.Bundle;
        Info = generation.Info;
    }

    /// <summary>What the loader built for this generation; do not keep it past Dispose.</summary>
    public TBundle Bundle { get; }

    public ModelInfo Info { get; }

    internal ModelGeneration<TBundle>? Generation => _generation;

    /// <summary>Releases the generation; a second call does nothing.</summary>
    public void Dispose() => Interlocked.Exchange(ref _generation, null)?.Release();
}
