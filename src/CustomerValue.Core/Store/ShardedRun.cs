namespace CustomerValue.Core.Store;

/// <summary>What one shard of a sharded run knows when it starts; every shard of the run gives the same run id, model and date.</summary>
public sealed record ShardStart(string RunId, string ModelVersion, DateOnly AsOf, Shard Shard)
{
    /// <summary>Defaults to the time the store starts writing this shard.</summary>
    public DateTime? StartedUtc { get; init; }
}

/// <summary>One shard's state, as the store recorded it.</summary>
/// <param name="RowsRejected">Input rows this shard's process rejected; every shard reads the whole input, so they agree.</param>
public sealed record ShardState(
    Shard Shard,
    ScoringRunStatus Status,
    long CustomersScored,
    long RowsRejected,
    double Seconds,
    DateTime StartedUtc,
    DateTime? FinishedUtc,
    string? FailureReason);

/// <summary>What writing one shard did.</summary>
/// <param name="Run">The run after this shard: <see cref="ScoringRunStatus.Sharding"/>, or <see cref="ScoringRunStatus.Completed"/> once published.</param>
/// <param name="Published">True when this shard was the last one in and published the run.</param>
public sealed record ShardWrite(ScoringRun Run, ShardState Shard, int ShardsCompleted, bool Published);
