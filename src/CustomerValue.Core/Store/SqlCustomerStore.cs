using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Monitoring;

namespace CustomerValue.Core.Store;

/// <summary>
/// What the SQLite and PostgreSQL stores share: the run protocol, the queries and the row mapping. The
/// providers supply connections, transactions of the right kind, the bulk write and a few type conversions.
/// </summary>
/// <remarks>
/// Rows are keyed by run id and <c>current_run</c> names the run readers see. A write inserts the new run's rows
/// and moves the pointer in one transaction, so the new rows and the pointer become visible together; the old
/// run's rows are deleted afterwards. Reads that take more than one statement run in a snapshot transaction.
/// </remarks>
internal abstract partial class SqlCustomerStore : ICustomerStore
{
    /// <summary>Columns of a scored customer in the order the readers and bulk writers use.</summary>
    internal const string CustomerColumns =
        "customer_id, as_of, predicted_value, value_p10, value_p90, churn_probability, probability_alive, " +
        "expected_orders, stage, rfm_segment, days_since_last_order, orders, total_spend, postal_code, device, " +
        "channel, top_reasons, recommended_action, action_max_spend, value_at_stake, expected_next_order, order_history, action_reason, win_back_value";

    const string RunColumns =
        "r.run_id, r.model_version, r.as_of, r.started_utc, r.finished_utc, r.customers_scored, r.rows_rejected, r.seconds, r.status";

    const string CandidateColumns =
        "customer_id, stage, rfm_segment, days_since_last_order, predicted_value, churn_probability, value_at_stake, " +
        "top_reasons, recommended_action, action_max_spend, action_reason";

    const string Ranking = "ORDER BY value_at_stake DESC, customer_id";

    /// <summary>
    /// The order of the list: by expected return. With one rate for everyone that is value at stake (which the index
    /// serves); with measured rates by decile, the rate × value at stake first; or, asked for, churn probability first.
    /// </summary>
    static string RankingFor(CandidateQuery query) =>
        query.RankBy == CandidateRanking.ChurnProbability ? "ORDER BY churn_probability DESC, value_at_stake DESC, customer_id"
        : query.Uplift is null ? Ranking : $"ORDER BY {RateExpression} * value_at_stake DESC, value_at_stake DESC, customer_id";

    /// <summary>The measured rate of a row, as the step function of <see cref="Campaigns.MeasuredUplift.DecileFor"/>; bound by <see cref="BindRates"/>.</summary>
    const string RateExpression = "(CASE WHEN value_at_stake >= @upliftMin0 THEN @upliftRate0 " +
        "WHEN value_at_stake >= @upliftMin1 THEN @upliftRate1 WHEN value_at_stake >= @upliftMin2 THEN @upliftRate2 " +
        "WHEN value_at_stake >= @upliftMin3 THEN @upliftRate3 WHEN value_at_stake >= @upliftMin4 THEN @upliftRate4 " +
        "WHEN value_at_stake >= @upliftMin5 THEN @upliftRate5 WHEN value_at_stake >= @upliftMin6 THEN @upliftRate6 " +
        "WHEN value_at_stake >= @upliftMin7 THEN @upliftRate7 WHEN value_at_stake >= @upliftMin8 THEN @upliftRate8 " +
        "ELSE @upliftRate9 END)";

    /// <summary>
    /// Binds the ten steps of <see cref="RateExpression"/>: a campaign with fewer deciles repeats its last one, whose
    /// rate is also the rate below every decile's least value at stake.
    /// </summary>
    static IEnumerable<KeyValuePair<string, object>> BindRates(Campaigns.MeasuredUplift uplift)
    {
        for (var i = 0; i < Campaigns.CampaignAssignment.Deciles; i++)
        {
            var step = uplift.Deciles[Math.Min(i, uplift.Deciles.Count - 1)];
            yield return new($"upliftMin{i}", step.MinValueAtStake);
            yield return new($"upliftRate{i}", step.Rate);
        }
    }

    internal static readonly string[] StageNames = Enum.GetNames<LifecycleStage>();

    readonly SemaphoreSlim writeGate = new(1, 1);

    protected SqlCustomerStore(StoreOptions options) => Options = options;

    protected StoreOptions Options { get; }
    public abstract StoreProvider Provider { get; }

    /// <summary>The provider's migrations, in version order starting at 1.</summary>
    internal abstract IReadOnlyList<SchemaMigration> Migrations { get; }

    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A transaction that holds the schema lock, so concurrent starts migrate once.</summary>
    protected abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A transaction that excludes other writers of runs, across processes.</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A read-only transaction whose statements all see one snapshot.</summary>
    protected abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Streams the customers into scored_customer under <paramref name="runId"/> (and <paramref name="shard"/>, for a sharded run); returns how many.</summary>
    protected abstract Task<long> BulkInsertAsync(
        DbConnection connection, DbTransaction transaction, string runId,
        IAsyncEnumerable<ScoredCustomer> customers, int? shard, CancellationToken cancellationToken);

    /// <summary>A transaction that excludes other writers of the same shard of the same run, across processes.</summary>
    protected abstract Task<DbTransaction> BeginShardWriteAsync(DbConnection connection, string runId, Shard shard, CancellationToken cancellationToken);

    /// <summary>
    /// Inside a shard's transaction, takes the lock <see cref="BeginWriteAsync"/> takes, so that publishing a sharded
    /// run excludes other writers of runs (SQLite: the shard's transaction already holds the only write lock).
    /// </summary>
    protected virtual Task LockRunsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected abstract string SchemaVersionTableSql { get; }
    protected abstract object DateValue(DateOnly date);
    protected abstract DateOnly ReadDate(DbDataReader reader, int ordinal);
    protected abstract object UtcValue(DateTime utc);
    protected abstract DateTime ReadUtc(DbDataReader reader, int ordinal);
    protected abstract IReadOnlyList<string> ReadReasons(DbDataReader reader, int ordinal);

    /// <summary>Provider work before migrating, outside any transaction (SQLite switches to WAL here).</summary>
    protected virtual Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Provider work after the old run's rows are gone (SQLite checkpoints its WAL here).</summary>
    protected virtual Task AfterCleanupAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<int> EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var version = await MigrateAsync(int.MaxValue, cancellationToken);
        await MarkInterruptedRunsAsync(cancellationToken);
        return version;
    }

    public const string InterruptedReason = "interrupted";

    /// <summary>
    /// A run still <see cref="ScoringRunStatus.Running"/> while no writer holds the write lock was left by a process that
    /// was killed: it is marked failed, "interrupted". A live writer makes this wait at most a second and change
    /// nothing. (A writer between recording its start and taking the lock can be marked too; its completion sets the
    /// status back to completed, which is what counts: the reason is only read for failed runs.)
    /// </summary>
    async Task MarkInterruptedRunsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "UPDATE scoring_run SET status = @failed, failure_reason = @reason, finished_utc = @finished WHERE status = @running" + NoWriterCondition);
        command.CommandTimeout = 1;
        Add(command, "failed", nameof(ScoringRunStatus.Failed));
        Add(command, "reason", InterruptedReason);
        Add(command, "finished", UtcValue(Microseconds(DateTime.UtcNow)));
        Add(command, "running", nameof(ScoringRunStatus.Running));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e) when (IsBusy(e))
        {
        }
    }

    /// <summary>SQL appended to the interrupted-run update that holds only while no writer is at work.</summary>
    protected virtual string NoWriterCondition => "";

    /// <summary>Whether the update failed only because a writer holds the lock.</summary>
    protected virtual bool IsBusy(DbException exception) => false;

    /// <summary>Each run's status and failure reason, oldest first: what became of runs that are not current.</summary>
    internal async Task<IReadOnlyList<(string RunId, ScoringRunStatus Status, string? FailureReason)>> GetRunStatusesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT run_id, status, failure_reason FROM scoring_run ORDER BY started_utc, run_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<(string, ScoringRunStatus, string?)>();
        while (await reader.ReadAsync(cancellationToken))
            runs.Add((reader.GetString(0), Enum.Parse<ScoringRunStatus>(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return runs;
    }

    /// <summary>Applies the migrations up to <paramref name="targetVersion"/>; tests use it to build old schemas.</summary>
    internal async Task<int> MigrateAsync(int targetVersion, CancellationToken cancellationToken)
    {
        var latest = Migrations[^1].Version;
        // An up-to-date schema needs no migration transaction, whose lock would wait for a writer in mid-run (SQLite).
        if (targetVersion >= latest && await AppliedVersionsAsync(cancellationToken) is var known && Migrations.All(m => known.Contains(m.Version)))
        {
            keepsSummaries = true;
            return latest;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await PrepareDatabaseAsync(connection, cancellationToken);
        await using var transaction = await BeginMigrationAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, SchemaVersionTableSql, cancellationToken);
        var applied = await AppliedVersionsAsync(connection, transaction, cancellationToken);
        var version = applied.Count == 0 ? 0 : applied.Max();
        if (version > latest)
            throw new InvalidOperationException(
                $"The store's schema is at version {version}, newer than this build knows ({latest}): upgrade cvml.");
        // Every migration not yet recorded, not only those above the highest: branches merged in any order may
        // bring a lower number after a higher one was applied (migration 8 after 9).
        foreach (var migration in Migrations.Where(m => !applied.Contains(m.Version) && m.Version <= targetVersion))
        {
            foreach (var statement in migration.Statements)
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            await using var record = Command(connection, transaction,
                "INSERT INTO schema_version (version, description, applied_utc) VALUES (@version, @description, @applied)");
            Add(record, "version", migration.Version);
            Add(record, "description", migration.Description);
            Add(record, "applied", UtcValue(DateTime.UtcNow));
            await record.ExecuteNonQueryAsync(cancellationToken);
            applied.Add(migration.Version);
        }
        await transaction.CommitAsync(cancellationToken);
        keepsSummaries = applied.Contains(SummarySchemaVersion);
        return applied.Count == 0 ? 0 : applied.Max();
    }

    async Task<HashSet<int>> AppliedVersionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, SchemaVersionTableSql, cancellationToken);
        return await AppliedVersionsAsync(connection, null, cancellationToken);
    }

    async Task<HashSet<int>> AppliedVersionsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT version FROM schema_version");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
            versions.Add(Convert.ToInt32(reader.GetValue(0)));
        return versions;
    }

    /// <summary>Runs one statement outside the store's own operations; tests use it to turn a database back into an older one.</summary>
    internal async Task ExecuteStatementAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, sql, cancellationToken);
    }

    /// <summary>The version recorded in the database; 0 when there is no schema.</summary>
    internal async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, SchemaVersionTableSql, cancellationToken);
        await using var command = Command(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    public async Task<ScoringRun> WriteRunAsync(
        ScoringRunStart start,
        IAsyncEnumerable<ScoredCustomer> customers,
        Func<long>? rowsRejected = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentException.ThrowIfNullOrWhiteSpace(start.ModelVersion, nameof(start.ModelVersion));
        var runId = start.RunId ?? Guid.CreateVersion7().ToString("N");
        ArgumentException.ThrowIfNullOrWhiteSpace(runId, nameof(start.RunId));
        var started = Microseconds(start.StartedUtc ?? DateTime.UtcNow);
        var clock = Stopwatch.StartNew();

        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await RecordRunStartAsync(runId, start, started, cancellationToken);
            ScoringRun run;
            try
            {
                run = await WriteAndPublishAsync(runId, start, started, customers, rowsRejected, clock, cancellationToken);
            }
            catch (Exception e)
            {
                await RecordRunFailureAsync(runId, clock.Elapsed.TotalSeconds, e is OperationCanceledException ? "cancelled" : e.Message);
                throw;
            }
            await DeleteOtherRunsAsync(runId, cancellationToken);
            return run;
        }
        finally
        {
            writeGate.Release();
        }
    }

    async Task RecordRunStartAsync(string runId, ScoringRunStart start, DateTime started, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "INSERT INTO scoring_run (run_id, model_version, as_of, started_utc, customers_scored, rows_rejected, seconds, status) " +
            "VALUES (@run, @model, @asOf, @started, 0, 0, 0, @status)");
        Add(command, "run", runId);
        Add(command, "model", start.ModelVersion);
        Add(command, "asOf", DateValue(start.AsOf));
        Add(command, "started", UtcValue(started));
        Add(command, "status", nameof(ScoringRunStatus.Running));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task<ScoringRun> WriteAndPublishAsync(
        string runId, ScoringRunStart start, DateTime started, IAsyncEnumerable<ScoredCustomer> customers,
        Func<long>? rowsRejected, Stopwatch clock, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);

        string? previous;
        await using (var current = Command(connection, transaction, "SELECT run_id FROM current_run WHERE id = 1"))
            previous = await current.ExecuteScalarAsync(cancellationToken) as string;

        var totals = SumsAsSqlite ? new RunTotals() : null;
        var count = await BulkInsertAsync(connection, transaction, runId, totals is null ? customers : Totalled(customers, totals), shard: null, cancellationToken);
        if (keepsSummaries)
        {
            if (totals is not null && totals.Covers(count))
                await InsertSummaryAsync(connection, transaction, runId, totals.Groups(), cancellationToken);
            else
                await WriteSummaryAsync(connection, transaction, runId, cancellationToken);
        }
        var rejected = rowsRejected?.Invoke() ?? 0;
        var finished = Microseconds(DateTime.UtcNow);
        var seconds = clock.Elapsed.TotalSeconds;

        await using (var complete = Command(connection, transaction,
            "UPDATE scoring_run SET status = @status, finished_utc = @finished, customers_scored = @count, " +
            "rows_rejected = @rejected, seconds = @seconds WHERE run_id = @run"))
        {
            Add(complete, "status", nameof(ScoringRunStatus.Completed));
            Add(complete, "finished", UtcValue(finished));
            Add(complete, "count", count);
            Add(complete, "rejected", rejected);
            Add(complete, "seconds", seconds);
            Add(complete, "run", runId);
            await complete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (previous is not null)
        {
            await using var replaced = Command(connection, transaction, "UPDATE scoring_run SET status = @status WHERE run_id = @run");
            Add(replaced, "status", nameof(ScoringRunStatus.Replaced));
            Add(replaced, "run", previous);
            await replaced.ExecuteNonQueryAsync(cancellationToken);
        }
        await ExecuteAsync(connection, transaction, "DELETE FROM current_run", cancellationToken);
        await using (var pointer = Command(connection, transaction, "INSERT INTO current_run (id, run_id) VALUES (1, @run)"))
        {
            Add(pointer, "run", runId);
            await pointer.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);

        return new ScoringRun(runId, start.ModelVersion, start.AsOf, started, finished, count, rejected, seconds,
            ScoringRunStatus.Completed);
    }

    /// <summary>Best effort: the failure that got us here matters more than a failure to record it.</summary>
    async Task RecordRunFailureAsync(string runId, double seconds, string reason)
    {
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            await using var command = Command(connection, null,
                "UPDATE scoring_run SET status = @status, failure_reason = @reason, finished_utc = @finished, seconds = @seconds WHERE run_id = @run");
            Add(command, "status", nameof(ScoringRunStatus.Failed));
            Add(command, "reason", reason.Length > 500 ? reason[..500] : reason);
            Add(command, "finished", UtcValue(Microseconds(DateTime.UtcNow)));
            Add(command, "seconds", seconds);
            Add(command, "run", runId);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (DbException)
        {
        }
    }

    /// <summary>
    /// Removes every run's rows but the current one's, which also clears rows left by a process that died between
    /// publishing a run and cleaning up. Readers still inside an older snapshot keep seeing the old rows. The shards
    /// already written of a sharded run still being scored stay.
    /// </summary>
    async Task DeleteOtherRunsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // "<>" as two ranges: both databases then search the key's index instead of reading the whole table, which
        // after the first run holds only the new run's rows (SQLite took about 3 s to find nothing in a million).
        await using (var command = Command(connection, null,
            "DELETE FROM scored_customer WHERE (run_id < @run OR run_id > @run) AND run_id NOT IN (SELECT run_id FROM scoring_run WHERE status = @sharding)"))
        {
            command.CommandTimeout = 0;
            Add(command, "run", runId);
            Add(command, "sharding", nameof(ScoringRunStatus.Sharding));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await AfterCleanupAsync(connection, cancellationToken);
    }

    public async Task<ScoringRun?> GetLatestRunAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await CurrentRunAsync(connection, null, cancellationToken);
    }

    async Task<ScoringRun?> CurrentRunAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            $"SELECT {RunColumns} FROM current_run c JOIN scoring_run r ON r.run_id = c.run_id WHERE c.id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRun(reader) : null;
    }

    public async Task<ScoringRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {RunColumns} FROM scoring_run r WHERE r.run_id = @run");
        Add(command, "run", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRun(reader) : null;
    }

    public async IAsyncEnumerable<ScoredCustomer> ReadRunAsync(
        string runId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {CustomerColumns} FROM scored_customer WHERE run_id = @run ORDER BY customer_id");
        command.CommandTimeout = 0;
        Add(command, "run", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return ReadCustomer(reader);
    }

    public Task SaveDriftAsync(string runId, DriftReport report, CancellationToken cancellationToken = default) =>
        SaveReportAsync(runId, DriftKind, report, DriftJson.Default.DriftReport, cancellationToken);

    public Task<DriftReport?> GetDriftAsync(string runId, CancellationToken cancellationToken = default) =>
        GetReportAsync(runId, DriftKind, DriftJson.Default.DriftReport, cancellationToken);

    public Task SaveRealisedAsync(string runId, RealisedReport report, CancellationToken cancellationToken = default) =>
        SaveReportAsync(runId, RealisedKind, report, DriftJson.Default.RealisedReport, cancellationToken);

    public Task<RealisedReport?> GetRealisedAsync(string runId, CancellationToken cancellationToken = default) =>
        GetReportAsync(runId, RealisedKind, DriftJson.Default.RealisedReport, cancellationToken);

    const string DriftKind = "drift";
    const string RealisedKind = "realised";

    /// <summary>A run's reports are JSON documents keyed by run and kind: their shape can grow without a migration.</summary>
    async Task SaveReportAsync<T>(string runId, string kind, T report, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(report);
        if (await GetRunAsync(runId, cancellationToken) is null)
            throw new InvalidOperationException($"The store has no run '{runId}'.");
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "INSERT INTO run_report (run_id, kind, body, written_utc) VALUES (@run, @kind, @body, @written) " +
            "ON CONFLICT (run_id, kind) DO UPDATE SET body = excluded.body, written_utc = excluded.written_utc");
        Add(command, "run", runId);
        Add(command, "kind", kind);
        Add(command, "body", JsonSerializer.Serialize(report, type));
        Add(command, "written", UtcValue(Microseconds(DateTime.UtcNow)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task<T?> GetReportAsync<T>(string runId, string kind, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(runId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT body FROM run_report WHERE run_id = @run AND kind = @kind");
        Add(command, "run", runId);
        Add(command, "kind", kind);
        return await command.ExecuteScalarAsync(cancellationToken) is string body ? JsonSerializer.Deserialize(body, type) : null;
    }

    ScoringRun ReadRun(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), ReadDate(reader, 2), ReadUtc(reader, 3),
        reader.IsDBNull(4) ? null : ReadUtc(reader, 4),
        reader.GetInt64(5), reader.GetInt64(6), reader.GetDouble(7),
        Enum.Parse<ScoringRunStatus>(reader.GetString(8)));

    public async Task<ScoredCustomer?> GetCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        await using var connection = await OpenAsync(cancellationToken);
        // One statement, so the pointer and the row come from the same snapshot.
        await using var command = Command(connection, null,
            $"SELECT {CustomerColumns} FROM scored_customer " +
            "WHERE run_id = (SELECT run_id FROM current_run WHERE id = 1) AND customer_id = @id");
        Add(command, "id", customerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadCustomer(reader) : null;
    }

    ScoredCustomer ReadCustomer(DbDataReader r) => new()
    {
        CustomerId = r.GetString(0),
        AsOf = ReadDate(r, 1),
        PredictedValue = r.GetDouble(2),
        ValueP10 = r.GetDouble(3),
        ValueP90 = r.GetDouble(4),
        ChurnProbability = r.GetDouble(5),
        ProbabilityAlive = r.IsDBNull(6) ? null : r.GetDouble(6),
        ExpectedOrders = r.GetDouble(7),
        Stage = Enum.Parse<LifecycleStage>(r.GetString(8)),
        RfmSegment = r.GetString(9),
        DaysSinceLastOrder = r.IsDBNull(10) ? null : r.GetInt32(10),
        Orders = r.GetInt32(11),
        TotalSpend = r.GetDouble(12),
        PostalCode = r.IsDBNull(13) ? null : r.GetString(13),
        Device = r.IsDBNull(14) ? null : r.GetString(14),
        Channel = r.IsDBNull(15) ? null : r.GetString(15),
        TopReasons = ReadReasons(r, 16),
        RecommendedAction = r.GetString(17),
        ActionMaxSpend = r.GetDouble(18),
        ExpectedNextOrder = r.IsDBNull(20) ? null : ReadDate(r, 20),
        OrderHistory = r.IsDBNull(21) ? [] : OrderHistoryJson.Read(r.GetString(21)),
        ActionReason = r.IsDBNull(22) ? null : r.GetString(22),
        WinBackValue = r.IsDBNull(23) ? 0 : r.GetDouble(23),
    };

    public async Task<SegmentReport?> GetSegmentsAsync(
        IReadOnlyDictionary<string, double>? acquisitionCosts = null,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        var run = await CurrentRunAsync(connection, transaction, cancellationToken);
        if (run is null) return null;

        // The totals kept with the run are these aggregates over these rows, written in the transaction that
        // published them: reading them spares three scans of the run (a second or more each at a million customers).
        if (keepsSummaries && await ReadSummaryAsync(connection, transaction, run.RunId, cancellationToken) is { Count: > 0 } kept)
            return Report(run, kept.GetValueOrDefault("segment") ?? [], kept.GetValueOrDefault("stage") ?? [],
                kept.GetValueOrDefault("channel") ?? [], acquisitionCosts);
        return Report(run,
            await GroupAsync(connection, transaction, run.RunId, "rfm_segment", cancellationToken),
            await GroupAsync(connection, transaction, run.RunId, "stage", cancellationToken),
            await GroupAsync(connection, transaction, run.RunId, "channel", cancellationToken),
            acquisitionCosts);
    }

    /// <summary>Dimensions of <c>run_summary</c>, and the scored_customer column each groups by.</summary>
    static readonly (string Dimension, string Column)[] SummaryDimensions =
        [("stage", "stage"), ("segment", "rfm_segment"), ("channel", "channel")];

    /// <summary>
    /// The description of the migration that adds <c>scored_customer.order_history</c>: the version is only in the
    /// providers' lists (one number each), and nothing else refers to it.
    /// </summary>
    internal const string OrderHistoryMigration = "order history: monthly totals of the last 24 months per scored customer";

    /// <summary>The description of the migration that adds <c>scored_customer.action_reason</c>.</summary>
    internal const string ActionReasonMigration =
        "action reason: why the recommended action, for the customers a run explains; a campaign member's value drivers";

    /// <summary>The description of the migration that adds <c>scored_customer.win_back_value</c>.</summary>
    internal const string WinBackMigration = "win-back value: what a churn table's customer who has left would pay if won back";

    /// <summary>The description of the migration that adds <c>run_summary</c>; its version is wherever the providers' lists put it.</summary>
    internal const string SummaryMigration = "each run's totals by stage, segment and channel, kept after its rows are gone";

    int SummarySchemaVersion => Migrations.Single(m => m.Description == SummaryMigration).Version;

    /// <summary>Fills <c>run_summary</c> for every run whose rows are in the store (the summary migration).</summary>
    internal static readonly string[] SummaryBackfill =
    [
        .. SummaryDimensions.Select(d =>
            "INSERT INTO run_summary (run_id, dimension, group_key, customers, mean_predicted_value, churn_rate, value_at_stake) " +
            $"SELECT run_id, '{d.Dimension}', {d.Column}, COUNT(*), AVG(predicted_value), AVG(churn_probability), SUM(value_at_stake) " +
            $"FROM scored_customer GROUP BY run_id, {d.Column}"),
    ];

    /// <summary>False while this store has migrated its database only to a version before run summaries (tests build old schemas so).</summary>
    bool keepsSummaries = true;

    /// <summary>Keeps the run's totals, so the next run can say how they moved after these rows are deleted.</summary>
    /// <summary>
    /// Whether the database's sum() and avg() over REAL values are SQLite's (compensated, in key order), so that
    /// <see cref="RunTotals"/> of rows written in key order are the summary's totals to the bit.
    /// </summary>
    protected virtual bool SumsAsSqlite => false;

    static async IAsyncEnumerable<ScoredCustomer> Totalled(
        IAsyncEnumerable<ScoredCustomer> customers, RunTotals totals, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var c in customers.WithCancellation(cancellationToken))
        {
            totals.Add(c, StageNames[(int)c.Stage], c.RfmSegment ?? "");
            yield return c;
        }
    }

    async Task InsertSummaryAsync(
        DbConnection connection, DbTransaction transaction, string runId, IEnumerable<SummaryGroup> groups, CancellationToken cancellationToken)
    {
        foreach (var group in groups)
        {
            await using var command = Command(connection, transaction,
                "INSERT INTO run_summary (run_id, dimension, group_key, customers, mean_predicted_value, churn_rate, value_at_stake) " +
                "VALUES (@run, @dimension, @key, @customers, @value, @churn, @atStake)");
            Add(command, "run", runId);
            Add(command, "dimension", group.Dimension);
            Add(command, "key", group.Key);
            Add(command, "customers", group.Customers);
            Add(command, "value", group.MeanPredictedValue);
            Add(command, "churn", group.ChurnRate);
            Add(command, "atStake", group.ValueAtStake);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    async Task WriteSummaryAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        foreach (var (dimension, column) in SummaryDimensions)
        {
            await using var command = Command(connection, transaction,
                "INSERT INTO run_summary (run_id, dimension, group_key, customers, mean_predicted_value, churn_rate, value_at_stake) " +
                $"SELECT @run, @dimension, {column}, COUNT(*), AVG(predicted_value), AVG(churn_probability), SUM(value_at_stake) " +
                $"FROM scored_customer WHERE run_id = @run GROUP BY {column}");
            command.CommandTimeout = 0;
            Add(command, "run", runId);
            Add(command, "dimension", dimension);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<SegmentReport?> GetPreviousSegmentsAsync(
        IReadOnlyDictionary<string, double>? acquisitionCosts = null,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        var current = await CurrentRunAsync(connection, transaction, cancellationToken);
        if (current is null) return null;
        ScoringRun? previous = null;
        await using (var command = Command(connection, transaction,
            $"SELECT {RunColumns} FROM scoring_run r WHERE r.status = @status AND r.run_id <> @current " +
            "AND EXISTS (SELECT 1 FROM run_summary s WHERE s.run_id = r.run_id) ORDER BY r.finished_utc DESC, r.run_id DESC LIMIT 1"))
        {
            Add(command, "status", nameof(ScoringRunStatus.Replaced));
            Add(command, "current", current.RunId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) previous = ReadRun(reader);
        }
        if (previous is null) return null;

        var groups = await ReadSummaryAsync(connection, transaction, previous.RunId, cancellationToken);
        return Report(previous, groups.GetValueOrDefault("segment") ?? [], groups.GetValueOrDefault("stage") ?? [],
            groups.GetValueOrDefault("channel") ?? [], acquisitionCosts);
    }

    /// <summary>A run's kept totals by dimension; empty when none were kept.</summary>
    async Task<Dictionary<string, List<Group>>> ReadSummaryAsync(
        DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<string, List<Group>>();
        await using var command = Command(connection, transaction,
            "SELECT dimension, group_key, customers, mean_predicted_value, churn_rate, value_at_stake FROM run_summary WHERE run_id = @run");
        Add(command, "run", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var dimension = reader.GetString(0);
            if (!groups.TryGetValue(dimension, out var list)) groups[dimension] = list = [];
            list.Add(new Group(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
                reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5)));
        }
        return groups;
    }

    static SegmentReport Report(
        ScoringRun run, List<Group> segments, List<Group> stages, List<Group> channels, IReadOnlyDictionary<string, double>? acquisitionCosts) =>
        new(run,
            [.. segments.Select(g => new SegmentSummary(g.Key ?? "", g.Customers, g.MeanValue, g.ChurnRate, g.ValueAtStake))
                .OrderBy(s => s.Segment, StringComparer.Ordinal)],
            [.. stages.Select(g => new StageSummary(Enum.Parse<LifecycleStage>(g.Key!), g.Customers, g.MeanValue, g.ChurnRate, g.ValueAtStake))
                .OrderBy(s => s.Stage)],
            [.. channels.Select(g => Channel(g, acquisitionCosts)).OrderBy(c => c.Channel is null).ThenBy(c => c.Channel, StringComparer.Ordinal)]);

    static ChannelSummary Channel(Group group, IReadOnlyDictionary<string, double>? costs)
    {
        double? cost = group.Key is not null && costs is not null && costs.TryGetValue(group.Key, out var c) ? c : null;
        double? ratio = cost is > 0 ? group.MeanValue / cost.Value : null;
        return new ChannelSummary(group.Key, group.Customers, group.MeanValue, cost, ratio);
    }

    sealed record Group(string? Key, long Customers, double MeanValue, double ChurnRate, double ValueAtStake);

    async Task<List<Group>> GroupAsync(
        DbConnection connection, DbTransaction transaction, string runId, string column, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            $"SELECT {column}, COUNT(*), AVG(predicted_value), AVG(churn_probability), SUM(value_at_stake) " +
            $"FROM scored_customer WHERE run_id = @run GROUP BY {column}");
        Add(command, "run", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<Group>();
        while (await reader.ReadAsync(cancellationToken))
            groups.Add(new Group(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1),
                reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)));
        return groups;
    }

    public async Task<CandidateSelection> SelectCandidatesAsync(CandidateQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = query.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(query));

        var connection = await OpenAsync(cancellationToken);
        DbTransaction? transaction = null;
        async ValueTask Release()
        {
            if (transaction is not null) await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
        try
        {
            transaction = await BeginSnapshotAsync(connection, cancellationToken);
            var run = await CurrentRunAsync(connection, transaction, cancellationToken);
            if (run is null)
                return new CandidateSelection(null, CandidateTotals.Empty, AsyncEnumerable.Empty<Candidate>(), Release);

            var filter = CandidateFilter(query, run.RunId);
            var totals = await CandidateTotalsAsync(connection, transaction, query, filter, cancellationToken);

            // The page is the part of ranks [offset, offset + limit) that lies inside the budgeted selection.
            var end = Math.Min(query.Limit is { } limit ? (long)query.Offset + limit : long.MaxValue,
                query.Capacity ?? long.MaxValue);
            var pageSize = Math.Max(0, end - query.Offset);
            var rows = ReadCandidatesAsync(connection, transaction, query, filter, pageSize, cancellationToken);
            return new CandidateSelection(run, totals, rows, Release);
        }
        catch
        {
            await Release();
            throw;
        }
    }

    sealed record Filter(string Where, IReadOnlyList<KeyValuePair<string, object>> Parameters)
    {
        public void Bind(DbCommand command)
        {
            foreach (var (name, value) in Parameters) Add(command, name, value);
        }
    }

    static Filter CandidateFilter(CandidateQuery query, string runId)
    {
        var where = new List<string> { "run_id = @run" };
        var parameters = new List<KeyValuePair<string, object>> { new("run", runId) };
        void Require(string condition, string name, object value)
        {
            where.Add(condition);
            parameters.Add(new(name, value));
        }
        // Literal enum names, not parameters: the default (Retention, Recovery) then matches the partial index's predicate.
        var stages = query.EffectiveStages.Distinct().Order().ToList();
        if (stages.Count < StageNames.Length)
            where.Add($"stage IN ({string.Join(", ", stages.Select(stage => $"'{StageNames[(int)stage]}'"))})");
        if (query.MinValue is { } minValue) Require("predicted_value >= @minValue", "minValue", minValue);
        if (query.MinValueAtStake is { } minStake) Require("value_at_stake >= @minStake", "minStake", minStake);
        if (query.Segment is { } segment) Require("rfm_segment = @segment", "segment", segment);
        // substr rather than LIKE, so '%' and '_' in what a marketer types match only themselves.
        if (query.PostalCode is { } postalCode)
        {
            Require("substr(postal_code, 1, @postalLength) = @postalCode", "postalCode", postalCode);
            // Both databases count characters, not UTF-16 units.
            parameters.Add(new("postalLength", postalCode.EnumerateRunes().Count()));
        }
        if (query.Device is { } device) Require("device = @device", "device", device);
        if (query.Channel is { } channel) Require("channel = @channel", "channel", channel);
        if (query.Uplift is { } uplift)
            parameters.AddRange(BindRates(uplift));
        if (query.CostPerContact is { } cost)
        {
            // Worth contacting only when the value the offer is expected to save exceeds what the contact costs.
            if (query.Uplift is null)
                Require("value_at_stake > @breakEven", "breakEven", cost / query.ResponseRate);
            else
                Require($"{RateExpression} * value_at_stake > @cost", "cost", cost);
        }
        return new Filter(string.Join(" AND ", where), parameters);
    }

    async Task<CandidateTotals> CandidateTotalsAsync(
        DbConnection connection, DbTransaction transaction, CandidateQuery query, Filter filter, CancellationToken cancellationToken)
    {
        // The expected value of each row, summed: rate × value at stake (the rate is one number unless measured by decile).
        var saved = query.Uplift is null ? "value_at_stake" : $"{RateExpression} * value_at_stake";
        var source = query.Capacity is null
            ? $"scored_customer WHERE {filter.Where}"
            : $"(SELECT value_at_stake FROM scored_customer WHERE {filter.Where} {RankingFor(query)} LIMIT @capacity) selected";
        await using var command = Command(connection, transaction, $"SELECT COUNT(*), COALESCE(SUM({saved}), 0) FROM {source}");
        filter.Bind(command);
        if (query.Capacity is { } capacity) Add(command, "capacity", capacity);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var customers = reader.GetInt64(0);
        var stake = reader.GetDouble(1);
        var cost = customers * (query.CostPerContact ?? 0);
        var expected = query.Uplift is null ? query.ResponseRate * stake : stake;
        return new CandidateTotals(customers, cost, expected, cost > 0 ? (expected - cost) / cost : null);
    }

    async IAsyncEnumerable<Candidate> ReadCandidatesAsync(
        DbConnection connection, DbTransaction transaction, CandidateQuery query, Filter filter, long pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long offset = query.Offset;
        if (pageSize == 0) yield break;
        await using var command = Command(connection, transaction,
            $"SELECT {CandidateColumns} FROM scored_customer WHERE {filter.Where} {RankingFor(query)} LIMIT @limit OFFSET @offset");
        filter.Bind(command);
        Add(command, "limit", pageSize);
        Add(command, "offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rank = offset;
        while (await reader.ReadAsync(cancellationToken))
        {
            var drivers = string.Join("; ", ReadReasons(reader, 7));
            yield return new Candidate(
                Rank: ++rank,
                CustomerId: reader.GetString(0),
                Stage: Enum.Parse<LifecycleStage>(reader.GetString(1)),
                Segment: reader.GetString(2),
                DaysSinceLastOrder: reader.IsDBNull(3) ? null : reader.GetInt32(3),
                PredictedValue: reader.GetDouble(4),
                ChurnProbability: reader.GetDouble(5),
                ValueAtStake: reader.GetDouble(6),
                // Why the customer is listed; a run written before the store kept it has only the value drivers to say.
                Reason: reader.IsDBNull(10) ? drivers : reader.GetString(10),
                Offer: reader.GetString(8),
                OfferMaxSpend: reader.GetDouble(9),
                ExpectedReturn: query.ExpectedReturn(reader.GetDouble(6)),
                ValueDrivers: drivers);
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    protected DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = Options.CommandTimeoutSeconds;
        return command;
    }

    protected async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>PostgreSQL keeps microseconds; rounding both stores there makes a run read back as it was written.</summary>
    internal static DateTime Microseconds(DateTime time)
    {
        var utc = time.Kind switch
        {
            DateTimeKind.Local => time.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
            _ => time,
        };
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }
}

/// <summary>One step of the schema: applied once, in version order, inside the migration transaction.</summary>
internal sealed record SchemaMigration(int Version, string Description, IReadOnlyList<string> Statements);
