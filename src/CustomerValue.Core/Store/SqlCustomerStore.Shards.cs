using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace CustomerValue.Core.Store;

/// <summary>
/// Sharded runs: n processes each write the customers of one shard into the same run, in parallel; the run is
/// published when its last shard is in.
/// </summary>
/// <remarks>
/// Each shard's rows go in with the shard's completion in one transaction, under a lock of that shard alone, so the
/// shards copy in parallel (PostgreSQL) and a shard written twice (a retried pod) is written once after the other.
/// At its end the transaction takes the runs' write lock and, if every shard is then complete, publishes the run in
/// the same transaction; two shards finishing together are ordered by that lock, and the second sees the first's
/// completion, so exactly one of them publishes.
/// </remarks>
internal abstract partial class SqlCustomerStore
{
    internal const string ShardMigration = "sharded runs: each shard's state, and each scored row's shard";

    const string ShardColumns = "shard, shard_count, status, customers_scored, rows_rejected, seconds, started_utc, finished_utc, failure_reason";

    public async Task<ShardWrite> WriteShardAsync(
        ShardStart start,
        IAsyncEnumerable<ScoredCustomer> customers,
        Func<long>? rowsRejected = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentException.ThrowIfNullOrWhiteSpace(start.RunId, nameof(start.RunId));
        ArgumentException.ThrowIfNullOrWhiteSpace(start.ModelVersion, nameof(start.ModelVersion));
        if (start.Shard.Count < 1) throw new ArgumentException("The shard has no count (use new Shard(index, count)).", nameof(start));
        var started = Microseconds(start.StartedUtc ?? DateTime.UtcNow);
        var clock = Stopwatch.StartNew();

        await JoinRunAsync(start, started, cancellationToken);
        ShardWrite write;
        try
        {
            write = await WriteShardAndPublishAsync(start, started, customers, rowsRejected, clock, cancellationToken);
        }
        catch (Exception e)
        {
            await RecordShardFailureAsync(start, clock.Elapsed.TotalSeconds, e is OperationCanceledException ? "cancelled" : e.Message);
            throw;
        }
        if (write.Published) await DeleteOtherRunsAsync(start.RunId, cancellationToken);
        return write;
    }

    /// <summary>Records the run (if this is its first shard) and this shard as running, after checking they agree.</summary>
    async Task JoinRunAsync(ShardStart start, DateTime started, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var insert = Command(connection, null,
            "INSERT INTO scoring_run (run_id, model_version, as_of, started_utc, customers_scored, rows_rejected, seconds, status) " +
            "VALUES (@run, @model, @asOf, @started, 0, 0, 0, @status) ON CONFLICT (run_id) DO NOTHING"))
        {
            Add(insert, "run", start.RunId);
            Add(insert, "model", start.ModelVersion);
            Add(insert, "asOf", DateValue(start.AsOf));
            Add(insert, "started", UtcValue(started));
            Add(insert, "status", nameof(ScoringRunStatus.Sharding));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var run = await GetRunAsync(start.RunId, cancellationToken)
            ?? throw new InvalidOperationException($"Run '{start.RunId}' could not be recorded.");
        var shards = await GetShardsAsync(start.RunId, cancellationToken);
        var name = $"Run '{start.RunId}'";
        if (run.ModelVersion != start.ModelVersion || run.AsOf != start.AsOf)
            throw new InvalidOperationException(
                $"{name} is scored with model {run.ModelVersion} as of {run.AsOf:yyyy-MM-dd}, but shard {start.Shard} was given model " +
                $"{start.ModelVersion} as of {start.AsOf:yyyy-MM-dd}: every shard of a run needs the same model and date (give --as-of).");
        if (run.Status is not (ScoringRunStatus.Sharding or ScoringRunStatus.Completed) || (run.Status == ScoringRunStatus.Completed && shards.Count == 0))
            throw new InvalidOperationException(
                $"{name} is {(shards.Count == 0 ? "not a sharded run" : "no longer current")} ({run.Status}): score the shards into a new run id.");
        if (shards.FirstOrDefault(s => s.Shard.Count != start.Shard.Count) is { } other)
            throw new InvalidOperationException(
                $"{name} is split into {other.Shard.Count} shards, but this shard is {start.Shard}: every shard of a run needs the same n.");

        await using var shard = Command(connection, null,
            $"INSERT INTO run_shard ({ShardColumns}, run_id) VALUES (@shard, @count, @status, 0, 0, 0, @started, NULL, NULL, @run) " +
            "ON CONFLICT (run_id, shard) DO UPDATE SET status = excluded.status, started_utc = excluded.started_utc, " +
            "finished_utc = NULL, failure_reason = NULL");
        Add(shard, "shard", start.Shard.Index);
        Add(shard, "count", start.Shard.Count);
        Add(shard, "status", nameof(ScoringRunStatus.Running));
        Add(shard, "started", UtcValue(started));
        Add(shard, "run", start.RunId);
        await shard.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task<ShardWrite> WriteShardAndPublishAsync(
        ShardStart start, DateTime started, IAsyncEnumerable<ScoredCustomer> customers, Func<long>? rowsRejected,
        Stopwatch clock, CancellationToken cancellationToken)
    {
        var runId = start.RunId;
        var index = start.Shard.Index;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginShardWriteAsync(connection, runId, start.Shard, cancellationToken);

        // An earlier attempt left rows only if it completed: a failed one rolled back with its transaction.
        long previous;
        await using (var earlier = Command(connection, transaction, "SELECT customers_scored FROM run_shard WHERE run_id = @run AND shard = @shard"))
        {
            Add(earlier, "run", runId);
            Add(earlier, "shard", index);
            previous = Convert.ToInt64(await earlier.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }
        if (previous > 0)
        {
            await using var delete = Command(connection, transaction, "DELETE FROM scored_customer WHERE run_id = @run AND shard = @shard");
            delete.CommandTimeout = 0;
            Add(delete, "run", runId);
            Add(delete, "shard", index);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        var count = await BulkInsertAsync(connection, transaction, runId, OfShard(customers, start.Shard, cancellationToken), index, cancellationToken);
        var rejected = rowsRejected?.Invoke() ?? 0;
        var finished = Microseconds(DateTime.UtcNow);
        var state = new ShardState(start.Shard, ScoringRunStatus.Completed, count, rejected, clock.Elapsed.TotalSeconds, started, finished, null);
        await using (var complete = Command(connection, transaction,
            "UPDATE run_shard SET status = @status, finished_utc = @finished, customers_scored = @count, rows_rejected = @rejected, " +
            "seconds = @seconds, failure_reason = NULL WHERE run_id = @run AND shard = @shard"))
        {
            Add(complete, "status", nameof(ScoringRunStatus.Completed));
            Add(complete, "finished", UtcValue(finished));
            Add(complete, "count", count);
            Add(complete, "rejected", rejected);
            Add(complete, "seconds", state.Seconds);
            Add(complete, "run", runId);
            Add(complete, "shard", index);
            await complete.ExecuteNonQueryAsync(cancellationToken);
        }

        await LockRunsAsync(connection, transaction, cancellationToken);
        // Read after the lock: a shard that finished just before is committed by now and counts.
        var run = await RunInAsync(connection, transaction, runId, cancellationToken);
        var (completed, customersScored, rowsRejected2) = await ShardTotalsAsync(connection, transaction, runId, cancellationToken);
        var published = false;
        if (run.Status == ScoringRunStatus.Sharding && completed == start.Shard.Count)
        {
            await PublishAsync(connection, transaction, run, customersScored, rowsRejected2, finished, cancellationToken);
            published = true;
        }
        else if (run.Status == ScoringRunStatus.Completed)
        {
            // A shard of the current run written again: its rows changed, so its totals are summed again with them.
            await RefreshTotalsAsync(connection, transaction, runId, customersScored, rowsRejected2, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);

        var after = await GetRunAsync(runId, cancellationToken) ?? run;
        return new ShardWrite(after, state, completed, published);
    }

    async Task<ScoringRun> RunInAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {RunColumns} FROM scoring_run r WHERE r.run_id = @run");
        Add(command, "run", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? ReadRun(reader)
            : throw new InvalidOperationException($"Run '{runId}' disappeared while its shard was written.");
    }

    /// <summary>Completed shards, their customers, and the input rows rejected (every shard reads the whole input, so the largest count).</summary>
    async Task<(int Completed, long Customers, long RowsRejected)> ShardTotalsAsync(
        DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT COUNT(*), COALESCE(SUM(customers_scored), 0), COALESCE(MAX(rows_rejected), 0) FROM run_shard WHERE run_id = @run AND status = @status");
        Add(command, "run", runId);
        Add(command, "status", nameof(ScoringRunStatus.Completed));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Convert.ToInt32(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2)));
    }

    /// <summary>What <see cref="WriteAndPublishAsync"/> does once the rows are in, for a run whose rows came in shards.</summary>
    async Task PublishAsync(
        DbConnection connection, DbTransaction transaction, ScoringRun run, long customers, long rejected, DateTime finished,
        CancellationToken cancellationToken)
    {
        string? previous;
        await using (var current = Command(connection, transaction, "SELECT run_id FROM current_run WHERE id = 1"))
            previous = await current.ExecuteScalarAsync(cancellationToken) as string;
        if (keepsSummaries) await WriteSummaryAsync(connection, transaction, run.RunId, cancellationToken);

        await using (var complete = Command(connection, transaction,
            "UPDATE scoring_run SET status = @status, finished_utc = @finished, customers_scored = @count, " +
            "rows_rejected = @rejected, seconds = @seconds WHERE run_id = @run"))
        {
            Add(complete, "status", nameof(ScoringRunStatus.Completed));
            Add(complete, "finished", UtcValue(finished));
            Add(complete, "count", customers);
            Add(complete, "rejected", rejected);
            // From the first shard's start to the last one's end: the run's wall time, however many machines.
            Add(complete, "seconds", (finished - run.StartedUtc).TotalSeconds);
            Add(complete, "run", run.RunId);
            await complete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (previous is not null && previous != run.RunId)
        {
            await using var replaced = Command(connection, transaction, "UPDATE scoring_run SET status = @status WHERE run_id = @run");
            Add(replaced, "status", nameof(ScoringRunStatus.Replaced));
            Add(replaced, "run", previous);
            await replaced.ExecuteNonQueryAsync(cancellationToken);
        }
        await ExecuteAsync(connection, transaction, "DELETE FROM current_run", cancellationToken);
        await using var pointer = Command(connection, transaction, "INSERT INTO current_run (id, run_id) VALUES (1, @run)");
        Add(pointer, "run", run.RunId);
        await pointer.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task RefreshTotalsAsync(
        DbConnection connection, DbTransaction transaction, string runId, long customers, long rejected, CancellationToken cancellationToken)
    {
        if (keepsSummaries)
        {
            await using (var delete = Command(connection, transaction, "DELETE FROM run_summary WHERE run_id = @run"))
            {
                Add(delete, "run", runId);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            await WriteSummaryAsync(connection, transaction, runId, cancellationToken);
        }
        await using var update = Command(connection, transaction,
            "UPDATE scoring_run SET customers_scored = @count, rows_rejected = @rejected WHERE run_id = @run");
        Add(update, "count", customers);
        Add(update, "rejected", rejected);
        Add(update, "run", runId);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Best effort, as for a run: the failure that got us here matters more than a failure to record it.</summary>
    async Task RecordShardFailureAsync(ShardStart start, double seconds, string reason)
    {
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            await using var command = Command(connection, null,
                "UPDATE run_shard SET status = @status, failure_reason = @reason, finished_utc = @finished, seconds = @seconds " +
                "WHERE run_id = @run AND shard = @shard");
            Add(command, "status", nameof(ScoringRunStatus.Failed));
            Add(command, "reason", reason.Length > 500 ? reason[..500] : reason);
            Add(command, "finished", UtcValue(Microseconds(DateTime.UtcNow)));
            Add(command, "seconds", seconds);
            Add(command, "run", start.RunId);
            Add(command, "shard", start.Shard.Index);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (DbException)
        {
        }
    }

    /// <summary>A shard's rows are found again by their shard number, so a row of another shard would be deleted by the wrong re-run.</summary>
    static async IAsyncEnumerable<ScoredCustomer> OfShard(
        IAsyncEnumerable<ScoredCustomer> customers, Shard shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var customer in customers.WithCancellation(cancellationToken))
        {
            if (customer.CustomerId is { } id && Shard.Of(id, shard.Count) != shard.Index)
                throw new InvalidDataException(
                    $"Customer '{id}' belongs to shard {Shard.Of(id, shard.Count)}/{shard.Count}, not to shard {shard}.");
            yield return customer;
        }
    }

    public async Task<IReadOnlyList<ShardState>> GetShardsAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {ShardColumns} FROM run_shard WHERE run_id = @run ORDER BY shard");
        Add(command, "run", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var shards = new List<ShardState>();
        while (await reader.ReadAsync(cancellationToken))
            shards.Add(new ShardState(
                new Shard(Convert.ToInt32(reader.GetValue(0)), Convert.ToInt32(reader.GetValue(1))),
                Enum.Parse<ScoringRunStatus>(reader.GetString(2)),
                Convert.ToInt64(reader.GetValue(3)), Convert.ToInt64(reader.GetValue(4)), reader.GetDouble(5),
                ReadUtc(reader, 6), reader.IsDBNull(7) ? null : ReadUtc(reader, 7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        return shards;
    }
}
