using Microsoft.Extensions.Logging;

namespace CustomerValue.Core.Serving;

internal static partial class ModelSourceLog
{
    [LoggerMessage(1, LogLevel.Information, "Serving model {Version} (generation {Generation}, sha256 {Sha256})")]
    public static partial void Loaded(ILogger logger, string version, long generation, string sha256);

    [LoggerMessage(2, LogLevel.Debug, "Model {Version} is unchanged (sha256 {Sha256}); keeping generation {Generation}")]
    public static partial void Unchanged(ILogger logger, string version, string sha256, long generation);

    [LoggerMessage(3, LogLevel.Error, "Loading model {Version} failed; still serving {Serving}: {Reason}")]
    public static partial void LoadFailed(ILogger logger, Exception exception, string? version, string serving, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Disposing model generation {Generation} ({Version}) failed")]
    public static partial void DisposeFailed(ILogger logger, Exception exception, long generation, string version);

    [LoggerMessage(5, LogLevel.Warning, "Watching {Directory} failed; re-creating the watcher and reloading")]
    public static partial void WatcherFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(6, LogLevel.Error, "Could not start watching {Directory}; retrying in {Delay}")]
    public static partial void WatcherStartFailed(ILogger logger, Exception exception, string directory, TimeSpan delay);

    [LoggerMessage(7, LogLevel.Debug, "{ChangeType} {Path}: reloading in {Delay}")]
    public static partial void ChangeSeen(ILogger logger, WatcherChangeTypes changeType, string path, TimeSpan delay);

    [LoggerMessage(8, LogLevel.Error, "A watcher-triggered reload of {Directory} failed unexpectedly")]
    public static partial void BackgroundReloadFailed(ILogger logger, Exception exception, string directory);
}
