namespace CustomerValue.Core.Serving;

/// <summary>Where a <see cref="ModelSource{TBundle}"/> finds its models and how it watches them.</summary>
public sealed class ModelSourceOptions
{
    /// <summary>
    /// The models folder: one sub-folder per version, plus the pointer file naming the version to serve.
    /// </summary>
    public string ModelsDirectory { get; set; } = "";

    /// <summary>Name of the pointer file inside <see cref="ModelsDirectory"/>; it holds a version folder name.</summary>
    public string PointerFileName { get; set; } = "current";

    /// <summary>Reload this long after the last relevant file change, so a burst of writes loads once.</summary>
    public TimeSpan DebounceInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether to reload when the pointer or the served version folder changes on disk.</summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary>How long to wait before re-creating a file watcher that failed.</summary>
    public TimeSpan WatcherRestartDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Engines each pool keeps for reuse.</summary>
    public int MaximumRetainedEngines { get; set; } = Environment.ProcessorCount * 2;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelsDirectory))
            throw new ArgumentException("ModelsDirectory is required.", nameof(ModelsDirectory));
        if (string.IsNullOrWhiteSpace(PointerFileName) || Path.GetFileName(PointerFileName) != PointerFileName)
            throw new ArgumentException($"PointerFileName '{PointerFileName}' must be a plain file name.", nameof(PointerFileName));
        ArgumentOutOfRangeException.ThrowIfLessThan(DebounceInterval, TimeSpan.Zero, nameof(DebounceInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WatcherRestartDelay, TimeSpan.Zero, nameof(WatcherRestartDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumRetainedEngines, 1, nameof(MaximumRetainedEngines));
    }
}
