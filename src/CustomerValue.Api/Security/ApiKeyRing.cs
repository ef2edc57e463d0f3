using System.Collections.Frozen;
using CustomerValue.Core.Access;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Security;

/// <summary>
/// The keys the API accepts: the configured ones and the active ones in the keys file. The file is looked at again at
/// most once a second, so <c>cvml keys add</c> and <c>revoke</c> take effect without a restart; a file that turns bad
/// keeps the last good set and is logged.
/// </summary>
public sealed partial class ApiKeyRing
{
    static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    readonly FrozenDictionary<string, ApiKeyIdentity> _configured;
    readonly TimeProvider _time;
    readonly ILogger<ApiKeyRing> _logger;
    readonly Lock _reloading = new();
    volatile Snapshot _snapshot;

    public ApiKeyRing(IOptions<ApiSecurityOptions> options, TimeProvider time, ILogger<ApiKeyRing> logger)
    {
        _time = time;
        _logger = logger;
        FilePath = options.Value.KeysFile!;
        _configured = options.Value.Keys.ToFrozenDictionary(
            k => k.Hash!, k => new ApiKeyIdentity(k.Name!, [.. k.Scopes.Distinct()]), StringComparer.Ordinal);
        // A bad keys file at start stops the start, naming the file and the place.
        _snapshot = Read(Stamp.Of(FilePath), ApiKeyFile.Load(FilePath));
    }

    public string FilePath { get; }

    /// <summary>The key's name and scopes, or null when the key is unknown or revoked.</summary>
    public ApiKeyIdentity? Find(string presented)
    {
        // Hashing first makes the lookup's timing independent of how much of a real key was guessed.
        var hash = ApiKeySecret.Hash(presented);
        return Current().Keys.GetValueOrDefault(hash);
    }

    Snapshot Current()
    {
        var snapshot = _snapshot;
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(snapshot.CheckedAt, now) < RecheckInterval || !_reloading.TryEnter())
            return snapshot;
        try
        {
            var stamp = Stamp.Of(FilePath);
            if (stamp == snapshot.Stamp)
                _snapshot = snapshot with { CheckedAt = now };
            else
                _snapshot = Read(stamp, ApiKeyFile.Load(FilePath));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            LogReloadFailed(_logger, FilePath, e.Message);
            _snapshot = snapshot with { CheckedAt = now };
        }
        finally
        {
            _reloading.Exit();
        }
        return _snapshot;
    }

    Snapshot Read(Stamp stamp, IReadOnlyList<ApiKeyRecord> fileKeys)
    {
        var keys = new Dictionary<string, ApiKeyIdentity>(_configured, StringComparer.Ordinal);
        foreach (var key in fileKeys.Where(k => k.IsActive))
            keys[key.Hash] = new ApiKeyIdentity(key.Name, [.. key.Scopes.Distinct()]);
        return new Snapshot(stamp, _time.GetTimestamp(), keys.ToFrozenDictionary(StringComparer.Ordinal));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The keys file {Path} could not be read; the keys read before stay in force: {Reason}")]
    static partial void LogReloadFailed(ILogger logger, string path, string reason);

    sealed record Snapshot(Stamp Stamp, long CheckedAt, FrozenDictionary<string, ApiKeyIdentity> Keys);

    readonly record struct Stamp(DateTime Written, long Length)
    {
        public static Stamp Of(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? new Stamp(file.LastWriteTimeUtc, file.Length) : default;
        }
    }
}

/// <summary>Who a key belongs to and what it may do.</summary>
public sealed record ApiKeyIdentity(string Name, IReadOnlyList<ApiScope> Scopes);
