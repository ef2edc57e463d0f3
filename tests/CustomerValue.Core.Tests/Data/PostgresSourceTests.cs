using CustomerValue.Core.Tests.TestData;
using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Tests.Store;
using Npgsql;

namespace CustomerValue.Core.Tests.Data;

/// <summary>
/// A PostgreSQL query as a source, against the server of CVML_TEST_POSTGRES: the synthetic base copied into tables of
/// a fresh schema (dropped afterwards) and read back through the loaders.
/// </summary>
public sealed class PostgresSourceTests : IAsyncLifetime
{
    readonly string _schema = "cvml_source_" + Guid.NewGuid().ToString("N")[..16];
    readonly TempFolder _temp = new();
    string? _admin;

    static string Sample(string file) => Path.Combine(TestData.RepositoryRoot, "data-samples", "synthetic", file);

    /// <summary>The source string a command line gives: the connection string, searching the test's schema.</summary>
    string Source => "postgres:" + new NpgsqlConnectionStringBuilder(_admin) { SearchPath = _schema }.ConnectionString;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _temp.Dispose();
        if (_admin is not null)
            await ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
    }

    async Task CreateSchemaAsync()
    {
        _admin = TestPostgres.Require();
        await ExecuteAsync($"CREATE SCHEMA {_schema}");
    }

    async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { SearchPath = _schema }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    async Task CopyCsvAsync(string table, string columns, string csvPath)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { SearchPath = _schema }.ConnectionString);
        await connection.OpenAsync();
        await using (var writer = await connection.BeginTextImportAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT csv, HEADER true)"))
            await writer.WriteAsync(await File.ReadAllTextAsync(csvPath));
    }

    /// <summary>The synthetic base's transactions in a warehouse-typed table, in file order by <c>line</c>.</summary>
    async Task CreateOrdersAsync()
    {
        await CreateSchemaAsync();
        await ExecuteAsync("""
            CREATE TABLE orders (line bigserial, customer_id text NOT NULL, ordered_at timestamp NOT NULL, amount numeric(12,2) NOT NULL,
                                 order_id text, quantity integer, channel text, device text)
            """);
        await CopyCsvAsync("orders", "customer_id, ordered_at, amount, order_id, quantity, channel, device", Sample("transactions.csv"));
    }

    [PostgresFact]
    public async Task AQueryLoadsToExactlyTheTransactionsOfTheCsvItsTableWasCopiedFrom()
    {
        await CreateOrdersAsync();
        var spec = SourceSpec.Parse("""{ "mapping": { "timestamp": "ordered_at" } }""", "spec.json") with
        {
            Query = "select customer_id, ordered_at, amount, order_id, quantity, channel, device from orders order by line",
        };

        var fromCsv = new TransactionLoader().Load(Sample("transactions.csv"));
        var fromQuery = new TransactionLoader(spec).Load(Source);

        Assert.Equal(fromCsv.Transactions, fromQuery.Transactions);
        Assert.Equal((fromCsv.Report.RowsRead, fromCsv.Report.Customers), (fromQuery.Report.RowsRead, fromQuery.Report.Customers));
        Assert.Equal(fromCsv.Report.BlankValues, fromQuery.Report.BlankValues);
    }

    [PostgresFact]
    public async Task ACustomersQueryLoadsToTheProfilesAndSchemaOfTheCsv()
    {
        await CreateSchemaAsync();
        await ExecuteAsync("""
            CREATE TABLE customers (line bigserial, customer_id text, signup_date date, postal_code text, device text, channel text,
                                    newsletter boolean, age_band text, loyalty_points integer)
            """);
        await CopyCsvAsync("customers", "customer_id, signup_date, postal_code, device, channel, newsletter, age_band, loyalty_points", Sample("customers.csv"));
        var spec = SourceSpec.WithQuery(null, FileKind.Customers,
            "select customer_id, signup_date, postal_code, device, channel, newsletter, age_band, loyalty_points from customers order by line");

        var fromCsv = new CustomerLoader().Load(Sample("customers.csv"));
        var fromQuery = new CustomerLoader(spec).Load(Source);

        Assert.Equal(fromCsv.Customers.Select(ProfileText.Describe), fromQuery.Customers.Select(ProfileText.Describe));
        Assert.Equal(fromCsv.Schema.Attributes, fromQuery.Schema.Attributes);
    }

    [PostgresFact]
    public async Task BadRowsOfAQueryAreNamedByRowOfTheResultAndColumnAndSkippedIntoTheQuarantine()
    {
        await CreateSchemaAsync();
        var spec = SourceSpec.WithQuery(null, FileKind.Transactions, """
            select * from (values ('c1', timestamp '2024-01-05 10:00', 10.5),
                                  (null, timestamp '2024-01-06', 11),
                                  ('c3', null, 12),
                                  ('c4', timestamp '2024-01-08', null),
                                  ('c5', timestamp '2024-01-09', 14.25)) as t(customer_id, timestamp, amount)
            """);
        var quarantine = _temp.Combine("q.csv");

        var failed = Assert.Throws<DataLoadException>(() => new TransactionLoader(spec).Load(Source));
        var skipped = new TransactionLoader(spec, new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = quarantine }).Load(Source);

        var name = failed.Report.File;
        Assert.StartsWith("postgres:", name);
        Assert.DoesNotContain("Password", name, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(
        [
            $"{name}:2: column 'customer_id': missing customer id",
            $"{name}:3: column 'timestamp': missing date",
            $"{name}:4: column 'amount': missing amount",
        ], failed.Errors.Select(e => e.ToString()));
        Assert.Equal(
        [
            new Transaction("c1", new DateTime(2024, 1, 5, 10, 0, 0), 10.5, null, null, null, null),
            new Transaction("c5", new DateTime(2024, 1, 9), 14.25, null, null, null, null),
        ], skipped.Transactions);
        Assert.Equal(4, File.ReadAllLines(quarantine).Length);
        Assert.Contains($"{name},2,customer_id,missing customer id,\",2024-01-06T00:00:00,11\"", File.ReadAllLines(quarantine));
    }

    [PostgresFact]
    public async Task TypedResultColumnsAreTakenAsValues()
    {
        await CreateSchemaAsync();
        // A zoned time in UTC, a real through its decimal text (12.3, not 12.300000190734863), integers as numbers.
        var spec = SourceSpec.WithQuery(null, FileKind.Transactions, """
            select 42::bigint as customer_id, timestamptz '2024-03-01 09:30:00+02' as timestamp, 12.3::real as amount,
                   2::smallint as quantity, 'web'::varchar(10) as channel
            """);

        var set = new TransactionLoader(spec).Load(Source);

        Assert.Equal([new Transaction("42", new DateTime(2024, 3, 1, 7, 30, 0, DateTimeKind.Utc), 12.3, null, 2, "web", null)], set.Transactions);
        Assert.Equal(DateTimeKind.Utc, set.Transactions[0].Timestamp.Kind);
    }

    [PostgresFact]
    public async Task AFailingQueryIsAProblemOfTheSourceWithTheServersReason()
    {
        await CreateSchemaAsync();
        var spec = SourceSpec.WithQuery(null, FileKind.Transactions, "select customer_id, ts, amount from no_such_table");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader(spec).Load(Source));

        Assert.Contains(": the query failed: 42P01: relation \"no_such_table\" does not exist", error.Message);
        Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AServerThatDoesNotAnswerIsAProblemOfTheSourceWithoutItsPassword()
    {
        var spec = SourceSpec.WithQuery(null, FileKind.Transactions, "select 1");

        var error = Assert.Throws<DataLoadException>(() =>
            new TransactionLoader(spec).Load("postgres:Host=127.0.0.1;Port=1;Username=nobody;Password=hunter2;Timeout=2"));

        Assert.StartsWith("postgres:Host=127.0.0.1;Port=1;Username=nobody;Timeout=2: cannot connect:", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void APostgresSourceWithoutAQuerySaysToGiveOne()
    {
        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load("postgres:Host=127.0.0.1;Port=1"));

        Assert.Contains("a PostgreSQL source needs a query: give --query", error.Message);
    }

    [Fact]
    public void AQueryForAFileIsRefused()
    {
        var path = _temp.File("t.csv", "customer_id,timestamp,amount\nc1,2024-01-05,1\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader(SourceSpec.WithQuery(null, FileKind.Transactions, "select 1")).Load(path));

        Assert.Contains("a query reads a PostgreSQL source", error.Message);
    }
}
