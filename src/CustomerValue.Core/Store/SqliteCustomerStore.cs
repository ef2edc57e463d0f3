using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CustomerValue.Core.Store;

/// <summary>
/// The store in one SQLite file. WAL mode lets readers keep reading their snapshot while a run is written; the
/// bulk write is one prepared INSERT, rebound per row, inside the transaction that publishes the run.
/// </summary>
internal sealed class SqliteCustomerStore : SqlCustomerStore
{
    const string DateFormat = "yyyy-MM-dd";

    static readonly IReadOnlyList<SchemaMigration> SqliteMigrations =
    [
        new(1, "runs and scored customers",
        [
            """
            CREATE TABLE scoring_run (
                run_id TEXT NOT NULL PRIMARY KEY,
                model_version TEXT NOT NULL,
                as_of TEXT NOT NULL,
                started_utc TEXT NOT NULL,
                finished_utc TEXT,
                customers_scored INTEGER NOT NULL,
                rows_rejected INTEGER NOT NULL,
                seconds REAL NOT NULL,
                status TEXT NOT NULL)
            """,
            """
            CREATE TABLE current_run (
                id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                run_id TEXT NOT NULL REFERENCES scoring_run (run_id))
            """,
            """
            CREATE TABLE scored_customer (
                run_id TEXT NOT NULL,
                customer_id TEXT NOT NULL,
                as_of TEXT NOT NULL,
                predicted_value REAL NOT NULL,
                value_p10 REAL NOT NULL,
                value_p90 REAL NOT NULL,
                churn_probability REAL NOT NULL,
                probability_alive REAL,
                expected_orders REAL NOT NULL,
                stage TEXT NOT NULL,
                rfm_segment TEXT NOT NULL,
                days_since_last_order INTEGER,
                orders INTEGER NOT NULL,
                total_spend REAL NOT NULL,
                postal_code TEXT,
                device TEXT,
                channel TEXT,
                top_reasons TEXT NOT NULL,
                recommended_action TEXT NOT NULL,
                action_max_spend REAL NOT NULL,
                value_at_stake REAL NOT NULL,
                PRIMARY KEY (run_id, customer_id))
            """,
        ]),
        new(2, "index serving the reactivation ranking",
        [
            """
            CREATE INDEX scored_customer_candidates ON scored_customer (run_id, value_at_stake DESC, customer_id)
            WHERE stage IN ('Retention', 'Recovery')
            """,
        ]),
        new(3, "expected next order date",
        [
            "ALTER TABLE scored_customer ADD COLUMN expected_next_order TEXT",
        ]),
        new(4, "why a run failed", ["ALTER TABLE scoring_run ADD COLUMN failure_reason TEXT"]),
        new(5, "campaigns: members frozen with their scores and group, and the latest result",
        [
            """
            CREATE TABLE campaign (
                name TEXT NOT NULL PRIMARY KEY,
                created_utc TEXT NOT NULL,
                run_id TEXT NOT NULL,
                model_version TEXT NOT NULL,
                as_of TEXT NOT NULL,
                campaign_date TEXT NOT NULL,
                control_share REAL NOT NULL,
                seed INTEGER NOT NULL,
                cost_per_contact REAL,
                filters TEXT NOT NULL,
                treatment_count INTEGER NOT NULL,
                control_count INTEGER NOT NULL,
                evaluated_utc TEXT,
                result TEXT)
            """,
            """
            CREATE TABLE campaign_member (
                campaign_name TEXT NOT NULL REFERENCES campaign (name),
                customer_id TEXT NOT NULL,
                assigned_group TEXT NOT NULL,
                decile INTEGER NOT NULL,
                rank INTEGER NOT NULL,
                stage TEXT NOT NULL,
                rfm_segment TEXT NOT NULL,
                days_since_last_order INTEGER,
                predicted_value REAL NOT NULL,
                churn_probability REAL NOT NULL,
                value_at_stake REAL NOT NULL,
                reason TEXT NOT NULL,
                offer TEXT NOT NULL,
                offer_max_spend REAL NOT NULL,
                expected_return REAL NOT NULL,
                PRIMARY KEY (campaign_name, customer_id))
            """,
        ]),
        new(6, SummaryMigration,
        [
            """
            CREATE TABLE run_summary (
                run_id TEXT NOT NULL REFERENCES scoring_run (run_id),
                dimension TEXT NOT NULL,
                group_key TEXT,
                customers INTEGER NOT NULL,
                mean_predicted_value REAL NOT NULL,
                churn_rate REAL NOT NULL,
                value_at_stake REAL NOT NULL)
            """,
            "CREATE INDEX run_summary_run ON run_summary (run_id)",
            // The run already in the store gets its totals too, so the first run after the upgrade can compare.
            .. SummaryBackfill,
        ]),
        new(7, "drift and predicted-vs-realised reports per run",
        [
            """
            CREATE TABLE run_report (
                run_id TEXT NOT NULL REFERENCES scoring_run (run_id),
                kind TEXT NOT NULL,
                body TEXT NOT NULL,
                written_utc TEXT NOT NULL,
                PRIMARY KEY (run_id, kind))
            """,
        ]),
        new(8, ShardMigration,
        [
            """
            CREATE TABLE run_shard (
                run_id TEXT NOT NULL REFERENCES scoring_run (run_id),
                shard INTEGER NOT NULL,
                shard_count INTEGER NOT NULL,
                status TEXT NOT NULL,
                started_utc TEXT NOT NULL,
                finished_utc TEXT,
                customers_scored INTEGER NOT NULL,
                rows_rejected INTEGER NOT NULL,
                seconds REAL NOT NULL,
                failure_reason TEXT,
                PRIMARY KEY (run_id, shard))
            """,
            // Null for rows of an unsharded run; a shard's re-run deletes exactly the rows carrying its number.
            "ALTER TABLE scored_customer ADD COLUMN shard INTEGER",
        ]),
    ];

    readonly string connectionString;

    /// <summary>A writer holds the database's write lock from its first row to its commit: busy means it is alive.</summary>
    protected override bool IsBusy(DbException exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };

    public SqliteCustomerStore(StoreOptions options) : base(options)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Also how long a writer waits for another process's write lock before giving up.
            DefaultTimeout = options.CommandTimeoutSeconds,
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        connectionString = builder.ToString();
    }

    public override StoreProvider Provider => StoreProvider.Sqlite;
    internal override IReadOnlyList<SchemaMigration> Migrations => SqliteMigrations;

    protected override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_utc TEXT NOT NULL)";

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, "PRAGMA journal_mode = WAL");
        var mode = await command.ExecuteScalarAsync(cancellationToken) as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"SQLite refused WAL mode (journal mode is '{mode}'); the file system may not support it.");
    }

    // BeginTransaction() issues BEGIN IMMEDIATE: the write lock is taken up front, not at the first write.
    protected override Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction());

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // NORMAL is durable in WAL mode up to the last checkpoint-free commit; a bigger cache keeps index pages hot.
        await ExecuteAsync(connection, null, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536", cancellationToken);
        return ((SqliteConnection)connection).BeginTransaction();
    }

    // SQLite has one writer at a time: a shard's transaction is the database's write lock, as a run's is.
    protected override Task<DbTransaction> BeginShardWriteAsync(DbConnection connection, string runId, Shard shard, CancellationToken cancellationToken) =>
        BeginWriteAsync(connection, cancellationToken);

    // A deferred transaction takes its WAL snapshot at the first read and keeps it until it ends.
    protected override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: true));

    protected override async Task<long> BulkInsertAsync(
        DbConnection connection, DbTransaction transaction, string runId,
        IAsyncEnumerable<ScoredCustomer> customers, int? shard, CancellationToken cancellationToken)
    {
        using var command = ((SqliteConnection)connection).CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandTimeout = 0;
        var columns = CustomerColumns.Split(", ");
        var (shardColumn, shardValue) = shard is null ? ("", "") : ("shard, ", "$shard, ");
        command.CommandText =
            $"INSERT INTO scored_customer (run_id, {shardColumn}{CustomerColumns}) VALUES ($run, {shardValue}{string.Join(", ", columns.Select(c => "$" + c))})";
        command.Parameters.AddWithValue("$run", runId);
        if (shard is { } number) command.Parameters.AddWithValue("$shard", number);
        // Untyped parameters bind each value as its own SQLite type (REAL, INTEGER, TEXT, NULL).
        var p = columns.Select(c => command.Parameters.Add(new SqliteParameter { ParameterName = "$" + c })).ToArray();
        command.Prepare();

        long count = 0;
        await foreach (var c in customers.WithCancellation(cancellationToken))
        {
            c.Validate();
            p[0].Value = c.CustomerId;
            p[1].Value = c.AsOf.ToString(DateFormat, CultureInfo.InvariantCulture);
            p[2].Value = c.PredictedValue;
            p[3].Value = c.ValueP10;
            p[4].Value = c.ValueP90;
            p[5].Value = c.ChurnProbability;
            p[6].Value = (object?)c.ProbabilityAlive ?? DBNull.Value;
            p[7].Value = c.ExpectedOrders;
            p[8].Value = StageNames[(int)c.Stage];
            p[9].Value = c.RfmSegment ?? "";
            p[10].Value = (object?)c.DaysSinceLastOrder ?? DBNull.Value;
            p[11].Value = c.Orders;
            p[12].Value = c.TotalSpend;
            p[13].Value = (object?)c.PostalCode ?? DBNull.Value;
            p[14].Value = (object?)c.Device ?? DBNull.Value;
            p[15].Value = (object?)c.Channel ?? DBNull.Value;
            p[16].Value = c.TopReasons is { Count: > 0 } reasons ? JsonSerializer.Serialize(reasons) : "[]";
            p[17].Value = c.RecommendedAction ?? "";
            p[18].Value = c.ActionMaxSpend;
            p[19].Value = c.ValueAtStake;
            p[20].Value = c.ExpectedNextOrder is { } next ? next.ToString(DateFormat, CultureInfo.InvariantCulture) : DBNull.Value;
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the primary key
            {
                throw new InvalidDataException($"Customer '{c.CustomerId}' appears more than once in the run.", e);
            }
            if ((++count & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
        }
        return count;
    }

    // PASSIVE never waits for readers; it only copies what no snapshot still needs.
    protected override Task AfterCleanupAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, "PRAGMA wal_checkpoint(PASSIVE)", cancellationToken);

    protected override object DateValue(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    protected override DateOnly ReadDate(DbDataReader reader, int ordinal) =>
        DateOnly.ParseExact(reader.GetString(ordinal), DateFormat, CultureInfo.InvariantCulture);

    protected override object UtcValue(DateTime utc) => Microseconds(utc).ToString("O", CultureInfo.InvariantCulture);

    protected override DateTime ReadUtc(DbDataReader reader, int ordinal) =>
        DateTime.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    protected override IReadOnlyList<string> ReadReasons(DbDataReader reader, int ordinal)
    {
        var json = reader.GetString(ordinal);
        return json == "[]" ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
    }

    public override async ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; tests and the CLI expect it closed once the store is gone.
        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
        await base.DisposeAsync();
    }
}
