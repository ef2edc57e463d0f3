using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerValue.Core.Domain;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CustomerValue.Core.Store;

/// <summary>
/// The store in one SQLite file. WAL mode lets readers keep reading their snapshot while a run is written; the
/// bulk write is one prepared INSERT, bound by position and stepped per row, inside the transaction that publishes the run.
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
        new(9, OrderHistoryMigration, ["ALTER TABLE scored_customer ADD COLUMN order_history TEXT"]),
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

    /// <remarks>
    /// Straight through SQLitePCL's statement API on the connection's own handle (so inside its transaction): one
    /// prepared statement, values bound by position, stepped and reset per row. Microsoft.Data.Sqlite's command looks
    /// every parameter up by name and walks its statement list on each execution, which made the write cost about as
    /// much CPU as the scoring it runs beside; the values and their SQLite types are the same.
    /// </remarks>
    protected override async Task<long> BulkInsertAsync(
        DbConnection connection, DbTransaction transaction, string runId,
        IAsyncEnumerable<ScoredCustomer> customers, int? shard, CancellationToken cancellationToken)
    {
        var db = ((SqliteConnection)connection).Handle
            ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var columns = CustomerColumns.Split(", ").Length + (shard is null ? 1 : 2);
        var shardColumn = shard is null ? "" : "shard, ";
        var sql = $"INSERT INTO scored_customer (run_id, {shardColumn}{CustomerColumns}) VALUES ({string.Join(", ", Enumerable.Repeat("?", columns))})";
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            // Bindings survive sqlite3_reset: the run and the shard are bound once.
            Check(raw.sqlite3_bind_text(statement, 1, runId), db);
            var first = 2;
            if (shard is { } number)
                Check(raw.sqlite3_bind_int64(statement, first++, number), db);

            long count = 0;
            var text = new Utf8Text();
            await foreach (var c in customers.WithCancellation(cancellationToken))
            {
                c.Validate();
                var i = first;
                text.Bind(statement, i++, c.CustomerId);
                text.BindDate(statement, i++, c.AsOf);
                Real(statement, i++, c.PredictedValue);
                Real(statement, i++, c.ValueP10);
                Real(statement, i++, c.ValueP90);
                Real(statement, i++, c.ChurnProbability);
                Real(statement, i++, c.ProbabilityAlive);
                Real(statement, i++, c.ExpectedOrders);
                text.Bind(statement, i++, StageNames[(int)c.Stage]);
                text.Bind(statement, i++, c.RfmSegment ?? "");
                Integer(statement, i++, c.DaysSinceLastOrder);
                Integer(statement, i++, c.Orders);
                Real(statement, i++, c.TotalSpend);
                text.Bind(statement, i++, c.PostalCode);
                text.Bind(statement, i++, c.Device);
                text.Bind(statement, i++, c.Channel);
                text.BindReasons(statement, i++, c.TopReasons);
                text.Bind(statement, i++, c.RecommendedAction ?? "");
                Real(statement, i++, c.ActionMaxSpend);
                Real(statement, i++, c.ValueAtStake);
                if (c.ExpectedNextOrder is { } next) text.BindDate(statement, i++, next);
                else raw.sqlite3_bind_null(statement, i++);
                text.BindOrderHistory(statement, i, c.OrderHistory);
                var rc = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (rc == raw.SQLITE_CONSTRAINT)
                    throw new InvalidDataException($"Customer '{c.CustomerId}' appears more than once in the run.",
                        new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc));
                if (rc != raw.SQLITE_DONE)
                    SqliteException.ThrowExceptionForRC(rc, db);
                if ((++count & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            }
            return count;
        }
    }

    static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>
    /// Binds text as UTF-8 encoded into buffers reused row after row (SQLite copies a bound value), and writes the two
    /// JSON columns straight into UTF-8: the same bytes the string overloads and the serializer give, without a string
    /// and a byte array per value.
    /// </summary>
    sealed class Utf8Text
    {
        byte[] _bytes = new byte[256];
        readonly ArrayBufferWriter<byte> _json = new(1024);
        readonly Utf8JsonWriter _writer;

        public Utf8Text() => _writer = new Utf8JsonWriter(_json);

        public void Bind(sqlite3_stmt statement, int index, string? value)
        {
            if (value is null)
            {
                raw.sqlite3_bind_null(statement, index);
                return;
            }
            var most = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (most > _bytes.Length)
                _bytes = new byte[Math.Max(most, _bytes.Length * 2)];
            var length = Encoding.UTF8.GetBytes(value, _bytes);
            raw.sqlite3_bind_text(statement, index, _bytes.AsSpan(0, length));
        }

        public void BindDate(sqlite3_stmt statement, int index, DateOnly date)
        {
            date.TryFormat(_bytes, out var length, DateFormat, CultureInfo.InvariantCulture);
            raw.sqlite3_bind_text(statement, index, _bytes.AsSpan(0, length));
        }

        /// <summary>A JSON array of strings, as <c>JsonSerializer.Serialize(reasons)</c> writes it.</summary>
        public void BindReasons(sqlite3_stmt statement, int index, IReadOnlyList<string>? reasons)
        {
            Reset();
            _writer.WriteStartArray();
            if (reasons is not null)
            {
                for (var i = 0; i < reasons.Count; i++)
                    _writer.WriteStringValue(reasons[i]);
            }
            _writer.WriteEndArray();
            BindJson(statement, index);
        }

        public void BindOrderHistory(sqlite3_stmt statement, int index, IReadOnlyList<MonthlyOrders> months)
        {
            Reset();
            OrderHistoryJson.Write(months, _writer);
            BindJson(statement, index);
        }

        void Reset()
        {
            _json.ResetWrittenCount();
            _writer.Reset();
        }

        void BindJson(sqlite3_stmt statement, int index)
        {
            _writer.Flush();
            raw.sqlite3_bind_text(statement, index, _json.WrittenSpan);
        }
    }

    static void Real(sqlite3_stmt statement, int index, double? value)
    {
        if (value is { } v) raw.sqlite3_bind_double(statement, index, v);
        else raw.sqlite3_bind_null(statement, index);
    }

    static void Integer(sqlite3_stmt statement, int index, long? value)
    {
        if (value is { } v) raw.sqlite3_bind_int64(statement, index, v);
        else raw.sqlite3_bind_null(statement, index);
    }

    protected override bool SumsAsSqlite => true;

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
