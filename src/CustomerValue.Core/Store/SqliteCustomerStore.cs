using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
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
        new(10, ActionReasonMigration, [
            "ALTER TABLE scored_customer ADD COLUMN action_reason TEXT",
            // A campaign keeps what its list said of each member; members of older campaigns have none.
            "ALTER TABLE campaign_member ADD COLUMN value_drivers TEXT",
        ]),
        new(11, WinBackMigration, ["ALTER TABLE scored_customer ADD COLUMN win_back_value REAL"]),
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

    /// <remarks>
    /// Every use of a store reads this first, so a new file gets its page size here, before its first table (a file keeps
    /// the size it was made with; in WAL mode not even VACUUM changes it). 16 KiB pages instead of SQLite's 4 KiB: the 1M
    /// base scored into a new file in a median 18.2 s instead of 20.1 s (three alternating runs each on an idle machine;
    /// an earlier round 18.3 against 21.9 s), system CPU 2.4–3.1 s instead of 4.9–5.2, the writer's tail after the last
    /// customer was scored 1.2–1.5 s instead of 3.2–3.4, the file 747 MB instead of 804 (fewer, larger writes into the
    /// WAL); 64 KiB gave no more (18.7 and 19.0 s) and makes every point read of a customer four times larger.
    /// </remarks>
    protected override string SchemaVersionTableSql =>
        "PRAGMA page_size = 16384; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_utc TEXT NOT NULL)";

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
    /// <para>
    /// Two threads: one takes the rows (and whatever work the enumeration does: the scored chunks put in order, the
    /// run's totals), checks them and encodes their text and JSON columns as UTF-8 into batches; this one binds and steps.
    /// The thread that stepped every row was the longest of a <c>cvml score</c> run's scoring stage (perf on the 1M
    /// base: 11.8 CPU seconds against 9 for both scoring threads together), so the scoring threads waited on it.
    /// </para>
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

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var encoded = Channel.CreateBounded<EncodedRows>(new BoundedChannelOptions(EncodedRows.InFlight) { SingleReader = true, SingleWriter = true });
            var spare = Channel.CreateUnbounded<EncodedRows>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var encoder = Task.Run(() => EncodeAsync(customers, encoded.Writer, spare.Reader, stop.Token), CancellationToken.None);
            long count = 0;
            try
            {
                await foreach (var rows in encoded.Reader.ReadAllAsync(cancellationToken))
                {
                    for (var r = 0; r < rows.Count; r++)
                    {
                        Step(statement, db, first, rows, r);
                        if ((++count & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                    }
                    spare.Writer.TryWrite(rows);
                }
            }
            catch
            {
                // This side's failure is the one to report; the encoder only has to stop.
                await stop.CancelAsync();
                try
                {
                    await encoder;
                }
                catch (Exception)
                {
                }
                throw;
            }
            // A failure while taking or checking the rows ends the batches early: it is reported here, after the rows before it.
            await encoder;
            return count;
        }
    }

    static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    static void Step(sqlite3_stmt statement, sqlite3 db, int first, EncodedRows rows, int r)
    {
        var c = rows.Customers[r];
        var i = first;
        rows.Bind(statement, i++, r, EncodedRows.CustomerId);
        rows.Bind(statement, i++, r, EncodedRows.AsOf);
        Real(statement, i++, c.PredictedValue);
        Real(statement, i++, c.ValueP10);
        Real(statement, i++, c.ValueP90);
        Real(statement, i++, c.ChurnProbability);
        Real(statement, i++, c.ProbabilityAlive);
        Real(statement, i++, c.ExpectedOrders);
        rows.Bind(statement, i++, r, EncodedRows.Stage);
        rows.Bind(statement, i++, r, EncodedRows.RfmSegment);
        Integer(statement, i++, c.DaysSinceLastOrder);
        Integer(statement, i++, c.Orders);
        Real(statement, i++, c.TotalSpend);
        rows.Bind(statement, i++, r, EncodedRows.PostalCode);
        rows.Bind(statement, i++, r, EncodedRows.Device);
        rows.Bind(statement, i++, r, EncodedRows.Channel);
        rows.Bind(statement, i++, r, EncodedRows.TopReasons);
        rows.Bind(statement, i++, r, EncodedRows.RecommendedAction);
        Real(statement, i++, c.ActionMaxSpend);
        Real(statement, i++, c.ValueAtStake);
        rows.Bind(statement, i++, r, EncodedRows.ExpectedNextOrder);
        rows.Bind(statement, i++, r, EncodedRows.OrderHistory);
        rows.Bind(statement, i++, r, EncodedRows.ActionReason);
        Real(statement, i, c.WinBackValue);
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc == raw.SQLITE_CONSTRAINT)
            throw new InvalidDataException($"Customer '{c.CustomerId}' appears more than once in the run.",
                new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc));
        if (rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>Checks and encodes the rows in batches until they end, or <paramref name="cancellationToken"/> stops it.</summary>
    static async Task EncodeAsync(
        IAsyncEnumerable<ScoredCustomer> customers, ChannelWriter<EncodedRows> encoded, ChannelReader<EncodedRows> spare,
        CancellationToken cancellationToken)
    {
        try
        {
            var rows = new EncodedRows();
            await foreach (var c in customers.WithCancellation(cancellationToken))
            {
                c.Validate();
                rows.Add(c);
                if (rows.Count == EncodedRows.Capacity)
                {
                    await encoded.WriteAsync(rows, cancellationToken);
                    rows = spare.TryRead(out var reused) ? reused.Clear() : new EncodedRows();
                }
            }
            if (rows.Count > 0)
                await encoded.WriteAsync(rows, cancellationToken);
        }
        finally
        {
            encoded.TryComplete();
        }
    }

    /// <summary>
    /// A batch of rows with their text columns encoded as UTF-8 end to end in one buffer (SQLite copies a bound value),
    /// and the two JSON columns written straight into it: the same bytes the string overloads and the serializer give,
    /// without a string and a byte array per value.
    /// </summary>
    sealed class EncodedRows
    {
        public const int Capacity = 256;
        /// <summary>Batches encoded ahead of the one being stepped.</summary>
        public const int InFlight = 4;

        public const int CustomerId = 0, AsOf = 1, Stage = 2, RfmSegment = 3, PostalCode = 4, Device = 5, Channel = 6,
            TopReasons = 7, RecommendedAction = 8, ExpectedNextOrder = 9, OrderHistory = 10, ActionReason = 11;
        const int TextColumns = 12;

        public readonly ScoredCustomer[] Customers = new ScoredCustomer[Capacity];
        readonly int[] _starts = new int[Capacity * TextColumns];
        // -1 for NULL.
        readonly int[] _lengths = new int[Capacity * TextColumns];
        readonly ArrayBufferWriter<byte> _bytes = new(Capacity * 1024);
        readonly Utf8JsonWriter _json;

        public EncodedRows() => _json = new Utf8JsonWriter(_bytes);

        public int Count { get; private set; }

        public EncodedRows Clear()
        {
            Array.Clear(Customers);
            _bytes.ResetWrittenCount();
            Count = 0;
            return this;
        }

        public void Add(ScoredCustomer c)
        {
            var row = Count * TextColumns;
            Text(row + CustomerId, c.CustomerId);
            Date(row + AsOf, c.AsOf);
            Text(row + Stage, StageNames[(int)c.Stage]);
            Text(row + RfmSegment, c.RfmSegment ?? "");
            Text(row + PostalCode, c.PostalCode);
            Text(row + Device, c.Device);
            Text(row + Channel, c.Channel);
            Reasons(row + TopReasons, c.TopReasons);
            Text(row + RecommendedAction, c.RecommendedAction ?? "");
            if (c.ExpectedNextOrder is { } next) Date(row + ExpectedNextOrder, next);
            else _lengths[row + ExpectedNextOrder] = -1;
            Json(row + OrderHistory, c.OrderHistory, static (months, writer) => OrderHistoryJson.Write(months, writer));
            Text(row + ActionReason, c.ActionReason);
            Customers[Count++] = c;
        }

        public void Bind(sqlite3_stmt statement, int index, int row, int column)
        {
            var at = row * TextColumns + column;
            if (_lengths[at] < 0) raw.sqlite3_bind_null(statement, index);
            else raw.sqlite3_bind_text(statement, index, _bytes.WrittenSpan.Slice(_starts[at], _lengths[at]));
        }

        void Text(int at, string? value)
        {
            if (value is null)
            {
                _lengths[at] = -1;
                return;
            }
            var span = _bytes.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length));
            var length = Encoding.UTF8.GetBytes(value, span);
            Written(at, length);
        }

        void Date(int at, DateOnly date)
        {
            // "O" is DateFormat for a DateOnly (yyyy-MM-dd), formatted without parsing a custom pattern per value.
            date.TryFormat(_bytes.GetSpan(16), out var length, "O", CultureInfo.InvariantCulture);
            Written(at, length);
        }

        /// <summary>A JSON array of strings, as <c>JsonSerializer.Serialize(reasons)</c> writes it.</summary>
        void Reasons(int at, IReadOnlyList<string>? reasons) => Json(at, reasons, static (reasons, writer) =>
        {
            writer.WriteStartArray();
            if (reasons is not null)
            {
                for (var i = 0; i < reasons.Count; i++)
                    writer.WriteStringValue(reasons[i]);
            }
            writer.WriteEndArray();
        });

        void Json<T>(int at, T value, Action<T, Utf8JsonWriter> write)
        {
            var start = _bytes.WrittenCount;
            _json.Reset();
            write(value, _json);
            _json.Flush();
            _starts[at] = start;
            _lengths[at] = _bytes.WrittenCount - start;
        }

        void Written(int at, int length)
        {
            _starts[at] = _bytes.WrittenCount;
            _lengths[at] = length;
            _bytes.Advance(length);
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
