namespace CustomerValue.Core.Store;

/// <summary>One scoring of the whole customer base, as the store recorded it.</summary>
public sealed record ScoringRun(
    string RunId,
    string ModelVersion,
    DateOnly AsOf,
    DateTime StartedUtc,
    DateTime? FinishedUtc,
    long CustomersScored,
    long RowsRejected,
    double Seconds,
    ScoringRunStatus Status);

/// <summary>Where a run is in its life. Only one run is <see cref="Completed"/>: the one readers see.</summary>
public enum ScoringRunStatus
{
    /// <summary>Rows are being written; readers still see the previous run.</summary>
    Running,

    /// <summary>The current run: every reader sees exactly its rows.</summary>
    Completed,

    /// <summary>The write failed or was cancelled; nothing of it is visible.</summary>
    Failed,

    /// <summary>Was current until a later run completed; its rows are gone.</summary>
    Replaced,

    /// <summary>
    /// A sharded run whose shards are still being written (or one failed and waits for its re-run); readers still see
    /// the previous run. It becomes <see cref="Completed"/> when its last shard is in.
    /// </summary>
    Sharding,
}

/// <summary>What the caller knows when a run starts; the store fills in the rest.</summary>
public sealed record ScoringRunStart(string ModelVersion, DateOnly AsOf)
{
    /// <summary>Defaults to a new time-ordered id.</summary>
    public string? RunId { get; init; }

    /// <summary>Defaults to the time the store starts writing.</summary>
    public DateTime? StartedUtc { get; init; }
}
