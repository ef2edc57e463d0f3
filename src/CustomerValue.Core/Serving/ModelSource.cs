using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML;

namespace CustomerValue.Core.Serving;

/// <summary>
/// Serves the model bundle the pointer file names (our PredictionEnginePool). Requests take a
/// <see cref="ModelLease{TBundle}"/> on the current generation; a reload builds a whole new
/// generation off the request path and swaps it in atomically; a failed load keeps the last good
/// generation serving and is reported in <see cref="Status"/>.
/// </summary>
/// <remarks>
/// Layout: <c>ModelsDirectory/&lt;version&gt;/…</c> holds each bundle and <c>ModelsDirectory/current</c>
/// is a text file naming the version to serve, replaced atomically (temp file, then move over).
/// With <see cref="ModelSourceOptions.WatchForChanges"/> the source reloads, after a debounce, when
/// the pointer changes or files change in the folder of the version it serves or last tried.
/// </remarks>
public sealed class ModelSource<TBundle> : IDisposable
    where TBundle : class
{
    readonly ModelSourceOptions _options;
    readonly string _modelsDirectory;
    readonly string _pointerPath;
    readonly IModelLoader<TBundle> _loader;
    readonly ILogger _logger;
    readonly MLContext _mlContext;
    readonly TimeProvider _time;
    readonly SemaphoreSlim _reloadLock = new(1, 1);
    readonly CancellationTokenSource _disposing = new();
    readonly Lock _stateGate = new();
    readonly Action<ModelGeneration<TBundle>, Exception> _onDisposeError;

    ModelGeneration<TBundle>? _current;
    ModelStatus _status = ModelStatus.Initial;
    string? _lastAttemptedVersion;
    long _generations;
    FileSystemWatcher? _watcher;
    ITimer? _debounce;
    ITimer? _watcherRestart;
    volatile bool _disposed;

    public ModelSource(ModelSourceOptions options, IModelLoader<TBundle> loader,
        ILogger<ModelSource<TBundle>>? logger = null, MLContext? mlContext = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loader);
        options.Validate();
        _options = options;
        _modelsDirectory = Path.GetFullPath(options.ModelsDirectory);
        _pointerPath = Path.Combine(_modelsDirectory, options.PointerFileName);
        _loader = loader;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _mlContext = mlContext ?? new MLContext(seed: 1);
        _time = timeProvider ?? TimeProvider.System;
        _onDisposeError = (generation, ex) =>
            ModelSourceLog.DisposeFailed(_logger, ex, generation.Info.Generation, generation.Info.Version);
    }

    /// <summary>Same as the loader overload, with the loader as a delegate.</summary>
    public ModelSource(ModelSourceOptions options, Func<ModelLoadContext, TBundle> load,
        ILogger<ModelSource<TBundle>>? logger = null, MLContext? mlContext = null, TimeProvider? timeProvider = null)
        : this(options, new DelegateModelLoader<TBundle>(load ?? throw new ArgumentNullException(nameof(load))),
            logger, mlContext, timeProvider)
    {
    }

    /// <summary>
    /// Raised after every load attempt, whatever its outcome, on the reload path (keep handlers short).
    /// </summary>
    public event EventHandler<ModelLoadResult>? LoadCompleted;

    public ModelStatus Status => Volatile.Read(ref _status);

    /// <summary>True once a model is loaded (what /health/ready reports).</summary>
    public bool IsReady => Volatile.Read(ref _current) is not null;

    internal ModelGeneration<TBundle>? CurrentGeneration => Volatile.Read(ref _current);

    /// <summary>
    /// Starts watching (if enabled) and loads the model the pointer names. A failed first load is
    /// reported in the result and <see cref="Status"/>, not thrown: the source keeps watching and
    /// becomes ready once a good model appears.
    /// </summary>
    public Task<ModelLoadResult> StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_options.WatchForChanges)
            StartWatching();
        return ReloadAsync(cancellationToken);
    }

    /// <summary>
    /// Reads the pointer and loads that version as a new generation, swapping it in when it differs
    /// from the one serving. Reloads run one at a time. Load failures are returned, not thrown.
    /// </summary>
    public async Task<ModelLoadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        await _reloadLock.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            var token = linked.Token;
            var result = await Task.Run(() => LoadAndSwap(token), token).ConfigureAwait(false);
            // Raised under the reload lock so handlers see results in the order the loads happened.
            LoadCompleted?.Invoke(this, result);
            return result;
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    /// <summary>
    /// Takes a lease on the current generation. Dispose it when done (a <c>using</c>).
    /// </summary>
    /// <exception cref="ModelNotReadyException">No model has loaded yet.</exception>
    public ModelLease<TBundle> Acquire()
    {
        if (TryAcquire(out var lease))
            return lease;
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reason = Status.LastError ?? "no load has completed";
        throw new ModelNotReadyException($"No model is loaded yet: {reason}");
    }

    /// <summary>Takes a lease on the current generation, or returns false when no model is loaded.</summary>
    public bool TryAcquire([NotNullWhen(true)] out ModelLease<TBundle>? lease)
    {
        while (true)
        {
            var generation = Volatile.Read(ref _current);
            if (generation is null)
            {
                lease = null;
                return false;
            }
            // Fails only when this generation was retired between the read and now, in which
            // case _current already holds its successor (or null after Dispose).
            if (generation.TryAddReference())
            {
                lease = new ModelLease<TBundle>(generation);
                return true;
            }
        }
    }

    /// <summary>One prediction on the current generation: lease, rent, predict, return, release.</summary>
    public TOut Predict<TIn, TOut>(Func<TBundle, EnginePool<TIn, TOut>> selectPool, TIn example)
        where TIn : class
        where TOut : class, new()
    {
        using var lease = Acquire();
        return selectPool(lease.Bundle).Predict(example);
    }

    /// <summary>
    /// Stops watching and releases the current generation; it is disposed once outstanding leases are released.
    /// </summary>
    public void Dispose()
    {
        ModelGeneration<TBundle>? current;
        lock (_stateGate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
            _debounce?.Dispose();
            _watcherRestart?.Dispose();
            current = Interlocked.Exchange(ref _current, null);
        }
        _disposing.Cancel();
        current?.Release();
    }

    ModelLoadResult LoadAndSwap(CancellationToken cancellationToken)
    {
        var attemptedAt = _time.GetUtcNow();
        string? version = null;
        try
        {
            version = ReadPointer();
            Volatile.Write(ref _lastAttemptedVersion, version);
            var generation = Build(version, cancellationToken);

            var current = Volatile.Read(ref _current);
            if (current is not null && current.Info.Version == generation.Info.Version && current.Info.Sha256 == generation.Info.Sha256)
            {
                generation.Release();
                Volatile.Write(ref _status, Status with { LastLoadFailed = false, LastAttemptAt = attemptedAt, ConsecutiveFailures = 0 });
                ModelSourceLog.Unchanged(_logger, version, current.Info.Sha256, current.Info.Generation);
                return new ModelLoadResult(ModelLoadOutcome.Unchanged, version, current.Info, null);
            }

            var numbered = Number(generation);
            ModelGeneration<TBundle>? previous;
            lock (_stateGate)
            {
                if (_disposed)
                {
                    numbered.Release();
                    throw new OperationCanceledException("The model source was disposed during the load.", _disposing.Token);
                }
                previous = Interlocked.Exchange(ref _current, numbered);
                Volatile.Write(ref _status, Status with
                {
                    Ready = true,
                    Model = numbered.Info,
                    LastLoadFailed = false,
                    LastAttemptAt = attemptedAt,
                    ConsecutiveFailures = 0,
                });
            }
            // Drops the source's own reference: the old generation goes once its last lease is released.
            previous?.Release();
            ModelSourceLog.Loaded(_logger, version, numbered.Info.Generation, numbered.Info.Sha256);
            return new ModelLoadResult(ModelLoadOutcome.Loaded, version, numbered.Info, null);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var serving = Volatile.Read(ref _current)?.Info;
            Volatile.Write(ref _status, Status with
            {
                LastLoadFailed = true,
                LastError = ex.Message,
                LastFailedAt = _time.GetUtcNow(),
                LastAttemptAt = attemptedAt,
                ConsecutiveFailures = Status.ConsecutiveFailures + 1,
            });
            ModelSourceLog.LoadFailed(_logger, ex, version, serving?.Version ?? "nothing", ex.Message);
            return new ModelLoadResult(ModelLoadOutcome.Failed, version, serving, ex.Message);
        }
    }

    string ReadPointer()
    {
        if (!File.Exists(_pointerPath))
            throw new FileNotFoundException(
                $"Pointer file {_pointerPath} does not exist; it should hold the name of the version folder to serve.", _pointerPath);
        var version = File.ReadAllText(_pointerPath).Trim();
        if (version.Length == 0)
            throw new InvalidDataException($"Pointer file {_pointerPath} is empty.");
        if (Path.GetFileName(version) != version || version is "." or "..")
            throw new InvalidDataException($"Pointer file {_pointerPath} holds '{version}', which is not a version folder name.");
        return version;
    }

    ModelGeneration<TBundle> Build(string version, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(_modelsDirectory, version);
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Version folder {directory} named by {_pointerPath} does not exist.");
        var context = new ModelLoadContext(version, directory, _mlContext, _options.MaximumRetainedEngines);
        try
        {
            var bundle = _loader.Load(context, cancellationToken)
                ?? throw new InvalidOperationException($"The model loader returned no bundle for {directory}.");
            cancellationToken.ThrowIfCancellationRequested();
            // Generation number 0 until it is swapped in, so unchanged reloads do not use up numbers.
            var info = new ModelInfo(version, context.CombinedHash(), context.FileHashes.ToDictionary(), _time.GetUtcNow(), 0);
            return new ModelGeneration<TBundle>(bundle, info, [.. context.Owned], _onDisposeError);
        }
        catch
        {
            for (var i = context.Owned.Count - 1; i >= 0; i--)
                context.Owned[i].Dispose();
            throw;
        }
    }

    ModelGeneration<TBundle> Number(ModelGeneration<TBundle> built)
    {
        built.Info = built.Info with { Generation = Interlocked.Increment(ref _generations), LoadedAt = _time.GetUtcNow() };
        return built;
    }

    void StartWatching()
    {
        lock (_stateGate)
        {
            if (_disposed || _watcher is not null)
                return;
            _debounce ??= _time.CreateTimer(_ => _ = ReloadInBackgroundAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _watcherRestart ??= _time.CreateTimer(_ => RestartWatcher(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            TryCreateWatcher();
        }
    }

    // Caller holds _stateGate.
    bool TryCreateWatcher()
    {
        try
        {
            Directory.CreateDirectory(_modelsDirectory);
            var watcher = new FileSystemWatcher(_modelsDirectory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                    | NotifyFilters.Size | NotifyFilters.CreationTime,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            // An atomic publish (temp file, then move over) shows up as Renamed, not Changed.
            watcher.Renamed += OnRenamed;
            watcher.Error += OnWatcherError;
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
            return true;
        }
        catch (Exception ex)
        {
            ModelSourceLog.WatcherStartFailed(_logger, ex, _modelsDirectory, _options.WatcherRestartDelay);
            _watcherRestart?.Change(_options.WatcherRestartDelay, Timeout.InfiniteTimeSpan);
            return false;
        }
    }

    void RestartWatcher()
    {
        lock (_stateGate)
        {
            if (_disposed)
                return;
            _watcher?.Dispose();
            _watcher = null;
            if (!TryCreateWatcher())
                return;
        }
        // Changes made while no watcher was listening would otherwise go unseen.
        _debounce?.Change(_options.DebounceInterval, Timeout.InfiniteTimeSpan);
    }

    void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (IsRelevant(e.FullPath))
            ScheduleReload(e.ChangeType, e.FullPath);
    }

    void OnRenamed(object sender, RenamedEventArgs e)
    {
        if (IsRelevant(e.FullPath) || IsRelevant(e.OldFullPath))
            ScheduleReload(e.ChangeType, e.FullPath);
    }

    void OnWatcherError(object sender, ErrorEventArgs e)
    {
        var error = e.GetException();
        ModelSourceLog.WatcherFailed(_logger, error, _modelsDirectory);
        if (error is InternalBufferOverflowException)
            _debounce?.Change(_options.DebounceInterval, Timeout.InfiniteTimeSpan); // still watching, but events were lost
        else
            _watcherRestart?.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan); // not from inside the watcher's own callback
    }

    /// <summary>
    /// The pointer file, or anything inside the folder of the version serving or last tried (so
    /// fixing a corrupt file in place is picked up); other versions being written are ignored.
    /// </summary>
    internal bool IsRelevant(string path)
    {
        var relative = Path.GetRelativePath(_modelsDirectory, path);
        if (relative == _options.PointerFileName)
            return true;
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            return false;
        var separator = relative.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
        var top = separator < 0 ? relative : relative[..separator];
        return top == Volatile.Read(ref _current)?.Info.Version || top == Volatile.Read(ref _lastAttemptedVersion);
    }

    void ScheduleReload(WatcherChangeTypes changeType, string path)
    {
        ModelSourceLog.ChangeSeen(_logger, changeType, path, _options.DebounceInterval);
        lock (_stateGate)
        {
            if (!_disposed)
                _debounce?.Change(_options.DebounceInterval, Timeout.InfiniteTimeSpan);
        }
    }

    async Task ReloadInBackgroundAsync()
    {
        try
        {
            await ReloadAsync(_disposing.Token).ConfigureAwait(false);
        }
        catch (Exception) when (_disposed)
        {
            // Disposal cancels a pending reload; nothing is left to serve it to.
        }
        catch (Exception ex)
        {
            // A load failure is already a result; this is a LoadCompleted handler or a bug. Either way keep watching.
            ModelSourceLog.BackgroundReloadFailed(_logger, ex, _modelsDirectory);
        }
    }
}
