namespace CustomerValue.Core.Serving;

/// <summary>
/// One loaded bundle with the engine pools it owns. Reference-counted: the source holds one
/// reference while the generation is current and each lease holds one more; the last release
/// disposes the pools and the bundle, so an old generation lives exactly as long as it is used.
/// </summary>
internal sealed class ModelGeneration<TBundle>
    where TBundle : class
{
    readonly IReadOnlyList<IDisposable> _owned;
    readonly Action<ModelGeneration<TBundle>, Exception> _onDisposeError;
    readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _references = 1;

    public ModelGeneration(TBundle bundle, ModelInfo info, IReadOnlyList<IDisposable> owned,
        Action<ModelGeneration<TBundle>, Exception> onDisposeError)
    {
        Bundle = bundle;
        Info = info;
        _owned = owned;
        _onDisposeError = onDisposeError;
    }

    public TBundle Bundle { get; }

    /// <summary>Set once more before the generation is published, when it gets its number.</summary>
    public ModelInfo Info { get; set; }

    public bool IsDisposed => _disposed.Task.IsCompleted;

    /// <summary>Completes once the generation has been disposed.</summary>
    public Task Disposal => _disposed.Task;

    /// <summary>Takes a reference unless the count already reached zero (the generation is gone).</summary>
    public bool TryAddReference()
    {
        var seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            var before = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (before == seen)
                return true;
            seen = before;
        }
        return false;
    }

    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
            DisposeOwned();
        else if (left < 0)
            throw new InvalidOperationException("A model generation was released more often than it was referenced.");
    }

    void DisposeOwned()
    {
        // Pools first: their engines hold cursors over the transformers disposed after them.
        for (var i = _owned.Count - 1; i >= 0; i--)
            DisposeQuietly(_owned[i]);
        if (Bundle is IDisposable bundle && !_owned.Contains(bundle))
            DisposeQuietly(bundle);
        _disposed.TrySetResult();
    }

    void DisposeQuietly(IDisposable resource)
    {
        // Runs on whichever request released the last lease; a disposal error must not fail that request.
        try
        {
            resource.Dispose();
        }
        catch (Exception ex)
        {
            _onDisposeError(this, ex);
        }
    }
}
