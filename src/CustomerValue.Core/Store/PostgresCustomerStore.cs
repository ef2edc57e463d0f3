using System.Data;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace CustomerValue.Core.Store;

/// <summary>
/// The store in PostgreSQL, in the first schema of the connection's search path. Runs are written with binary
/// COPY inside the transaction that publishes them; multi-statement reads use REPEATABLE READ snapshots, which
/// keep seeing a replaced run's rows after they are deleted.
/// </summary>
internal sealed class PostgresCustomerStore : SqlCustomerStore
{
    /// <summary>Advisory lock keys; any two fixed numbers unlikely to clash with other applications.</summary>
    const long SchemaLock = 0x63766D6C_0001;
    const long WriteLock = 0x63766D6C_0002;

    /// <summary>
    /// The write lock of this store's schema: stores in other schemas of the same database (one per tenant, or per
    /// test) neither wait for each other's runs nor take them for live when marking interrupted runs.
    /// </summary>
    readonly long writeLock;

    /// <summary>The search path the store was given ("" for the default), part of each shard's lock key.</summary>
    readonly string schemaName;

    static readonly IReadOnlyList<SchemaMigration> PostgresMigrations =
    [
        new(1, "runs and scored customers",
        [
            """
            CREATE TABLE scoring_run (
                run_id text NOT NULL PRIMARY KEY,
                model_version text NOT NULL,
                as_of date NOT NULL,
                started_utc timestamptz NOT NULL,
                finished_utc timestamptz,
                customers_scored bigint NOT NULL,
                rows_rejected bigint NOT NULL,
                seconds double precision NOT NULL,
                status text NOT NULL)
            """,
            """
            CREATE TABLE current_run (
                id integer NOT NULL PRIMARY KEY CHECK (id = 1),
                run_id text NOT NULL REFERENCES scoring_run (run_id))
            """,
            // COLLATE "C": ties in the ranking break by byte order, as in SQLite, whatever the database's locale.
            """
            CREATE TABLE scored_customer (
                run_id text NOT NULL,
                customer_id text COLLATE "C" NOT NULL,
                as_of date NOT NULL,
                predicted_value double precision NOT NULL,
                value_p10 double precision NOT NULL,
                value_p90 double precision NOT NULL,
                churn_probability double precision NOT NULL,
                probability_alive double precision,
                expected_orders double precision NOT NULL,
                stage text NOT NULL,
                rfm_segment text COLLATE "C" NOT NULL,
                days_since_last_order integer,
                orders integer NOT NULL,
                total_spend double precision NOT NULL,
                postal_code text,
                device text,
                channel text COLLATE "C",
                top_reasons text[] NOT NULL,
                recommended_action text NOT NULL,
                action_max_spend double precision NOT NULL,
                value_at_stake double precision NOT NULL,
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
            "ALTER TABLE scored_customer ADD COLUMN expected_next_order date",
        ]),
        new(4, "why a run failed", ["ALTER TABLE scoring_run ADD COLUMN failure_reason TEXT"]),
        new(5, "campaigns: members frozen with their scores and group, and the latest result",
        [
            """
            CREATE TABLE campaign (
                name text NOT NULL PRIMARY KEY,
                created_utc timestamptz NOT NULL,
                run_id text NOT NULL,
                model_version text NOT NULL,
                as_of date NOT NULL,
                campaign_date date NOT NULL,
                control_share double precision NOT NULL,
                seed integer NOT NULL,
                cost_per_contact double precision,
                filters text NOT NULL,
                treatment_count bigint NOT NULL,
                control_count bigint NOT NULL,
                evaluated_utc timestamptz,
                result text)
            """,
            """
            CREATE TABLE campaign_member (
                campaign_name text NOT NULL REFERENCES campaign (name),
                customer_id text NOT NULL,
                assigned_group text NOT NULL,
                decile integer NOT NULL,
                rank bigint NOT NULL,
                stage text NOT NULL,
                rfm_segment text NOT NULL,
                days_since_last_order integer,
                predicted_value double precision NOT NULL,
                churn_probability double precision NOT NULL,
                value_at_stake double precision NOT NULL,
                reason text NOT NULL,
                offer text NOT NULL,
                offer_max_spend double precision NOT NULL,
                expected_return double precision NOT NULL,
                PRIMARY KEY (campaign_name, customer_id))
            """,
        ]),
        new(6, SummaryMigration,
        [
            """
            CREATE TABLE run_summary (
                run_id text NOT NULL REFERENCES scoring_run (run_id),
                dimension text NOT NULL,
                group_key text COLLATE "C",
                customers bigint NOT NULL,
                mean_predicted_value double precision NOT NULL,
                churn_rate double precision NOT NULL,
                value_at_stake double precision NOT NULL)
            """,
            "CREATE INDEX run_summary_run ON run_summary (run_id)",
            // The run already in the store gets its totals too, so the first run after the upgrade can compare.
            .. SummaryBackfill,
        ]),
        new(7, "drift and predicted-vs-realised reports per run",
        [
            """
            CREATE TABLE run_report (
                run_id text NOT NULL REFERENCES scoring_run (run_id),
                kind text NOT NULL,
                body text NOT NULL,
                written_utc timestamptz NOT NULL,
                PRIMARY KEY (run_id, kind))
            """,
        ]),
        new(8, ShardMigration,
        [
            """
            CREATE TABLE run_shard (
                run_id text NOT NULL REFERENCES scoring_run (run_id),
                shard integer NOT NULL,
                shard_count integer NOT NULL,
                status text NOT NULL,
                started_utc timestamptz NOT NULL,
                finished_utc timestamptz,
                customers_scored bigint NOT NULL,
                rows_rejected bigint NOT NULL,
                seconds double precision NOT NULL,
                failure_reason text,
                PRIMARY KEY (run_id, shard))
            """,
            // Null for rows of an unsharded run; a shard's re-run deletes exactly the rows carrying its number.
            "ALTER TABLE scored_customer ADD COLUMN shard integer",
        ]),
        new(9, OrderHistoryMigration, ["ALTER TABLE scored_customer ADD COLUMN order_history text"]),
        new(10, ActionReasonMigration, [
            "ALTER TABLE scored_customer ADD COLUMN action_reason text",
            // A campaign keeps what its list said of each member; members of older campaigns have none.
            "ALTER TABLE campaign_member ADD COLUMN value_drivers text",
        ]),
        new(11, WinBackMigration, ["ALTER TABLE scored_customer ADD COLUMN win_back_value double precision"]),
    ];

    readonly NpgsqlDataSource dataSource;

    /// <summary>A writer holds the write lock for the whole of its run; whoever gets it now is alone.</summary>
    protected override string NoWriterCondition => $" AND pg_try_advisory_xact_lock({writeLock})";

    public PostgresCustomerStore(StoreOptions options) : base(options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            CommandTimeout = options.CommandTimeoutSeconds,
            // Without it Npgsql hides the detail of a duplicate key, which names the customer to fix.
            IncludeErrorDetail = true,
        };
        dataSource = NpgsqlDataSource.Create(builder);
        var schema = string.IsNullOrWhiteSpace(builder.SearchPath) ? "" : builder.SearchPath.Trim();
        schemaName = schema;
        // Without a search path the key is the one every earlier version used, so old and new writers still exclude each other.
        writeLock = schema.Length == 0 ? WriteLock : WriteLock ^ (long)(BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(schema))) & 0xFFFF_FFFF) << 16;
    }

    public override StoreProvider Provider => StoreProvider.Postgres;
    internal override IReadOnlyList<SchemaMigration> Migrations => PostgresMigrations;

    protected override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, description text NOT NULL, applied_utc timestamptz NOT NULL)";

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await LockAsync(connection, transaction, SchemaLock, cancellationToken);
        return transaction;
    }

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await LockAsync(connection, transaction, writeLock, cancellationToken);
        return transaction;
    }

    protected override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await ExecuteAsync(connection, transaction, "SET TRANSACTION READ ONLY", cancellationToken);
        return transaction;
    }

    protected override async Task<DbTransaction> BeginShardWriteAsync(DbConnection connection, string runId, Shard shard, CancellationToken cancellationToken)
    {
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        // Only a second process on the same shard waits here; the other shards of the run copy their rows in parallel.
        await LockAsync(connection, transaction, ShardLock(runId, shard), cancellationToken);
        return transaction;
    }

    protected override Task LockRunsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        LockAsync(connection, transaction, writeLock, cancellationToken);

    long ShardLock(string runId, Shard shard) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{schemaName}\0{runId}\0{shard.Index}")));

    async Task LockAsync(DbConnection connection, DbTransaction transaction, long key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)");
        command.CommandTimeout = 0;
        Add(command, "key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task<long> BulkInsertAsync(
        DbConnection connection, DbTransaction transaction, string runId,
        IAsyncEnumerable<ScoredCustomer> customers, int? shard, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var shardColumn = shard is null ? "" : "shard, ";
        long count = 0;
        try
        {
            await using var import = await npgsql.BeginBinaryImportAsync(
                $"COPY scored_customer (run_id, {shardColumn}{CustomerColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            await foreach (var c in customers.WithCancellation(cancellationToken))
            {
                c.Validate();
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(runId, NpgsqlDbType.Text, cancellationToken);
                if (shard is { } number) await import.WriteAsync(number, NpgsqlDbType.Integer, cancellationToken);
                await import.WriteAsync(c.CustomerId, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(c.AsOf, NpgsqlDbType.Date, cancellationToken);
                await import.WriteAsync(c.PredictedValue, NpgsqlDbType.Double, cancellationToken);
                await import.WriteAsync(c.ValueP10, NpgsqlDbType.Double, cancellationToken);
                await import.WriteAsync(c.ValueP90, NpgsqlDbType.Double, cancellationToken);
                await import.WriteAsync(c.ChurnProbability, NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(import, c.ProbabilityAlive, NpgsqlDbType.Double, cancellationToken);
                await import.WriteAsync(c.ExpectedOrders, NpgsqlDbType.Double, cancellationToken);
                await import.WriteAsync(StageNames[(int)c.Stage], NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(c.RfmSegment ?? "", NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(import, c.DaysSinceLastOrder, NpgsqlDbType.Integer, cancellationToken);
                await import.WriteAsync(c.Orders, NpgsqlDbType.Integer, cancellationToken);
                await import.WriteAsync(c.TotalSpend, NpgsqlDbType.Double, cancellationToken);
                await WriteTextAsync(import, c.PostalCode, cancellationToken);
                await WriteTextAsync(import, c.Device, cancellationToken);
                await WriteTextAsync(import, c.Channel, cancellationToken);
                await import.WriteAsync(c.TopReasons as string[] ?? c.TopReasons.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(c.RecommendedAction ?? "", NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(c.ActionMaxSpend, NpgsqlDbType.Double, cancellationToken);
                await import.WriteAsync(c.ValueAtStake, NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(import, c.ExpectedNextOrder, NpgsqlDbType.Date, cancellationToken);
                await import.WriteAsync(OrderHistoryJson.Write(c.OrderHistory), NpgsqlDbType.Text, cancellationToken);
                await WriteTextAsync(import, c.ActionReason, cancellationToken);
                await import.WriteAsync(c.WinBackValue, NpgsqlDbType.Double, cancellationToken);
                count++;
            }
            await import.CompleteAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // COPY reports the duplicate only when it completes; the detail names the key.
            throw new InvalidDataException($"A customer appears more than once in the run: {e.Detail ?? e.MessageText}", e);
        }
        return count;
    }

    static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter import, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
    {
        if (value is { } v) await import.WriteAsync(v, type, cancellationToken);
        else await import.WriteNullAsync(cancellationToken);
    }

    static async Task WriteTextAsync(NpgsqlBinaryImporter import, string? value, CancellationToken cancellationToken)
    {
        if (value is null) await import.WriteNullAsync(cancellationToken);
        else await import.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
    }

    protected override object DateValue(DateOnly date) => date;
    protected override DateOnly ReadDate(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);
    protected override object UtcValue(DateTime utc) => Microseconds(utc);
    protected override DateTime ReadUtc(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTime>(ordinal);
    protected override IReadOnlyList<string> ReadReasons(DbDataReader reader, int ordinal) => reader.GetFieldValue<string[]>(ordinal);

    public override async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
