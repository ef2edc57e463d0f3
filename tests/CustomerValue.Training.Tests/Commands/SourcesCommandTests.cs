using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerValue.Core.Store;
using CustomerValue.Core.Tests.Store;
using Npgsql;
using static CustomerValue.Core.Tests.TestData.ParquetFiles;

namespace CustomerValue.Training.Tests.Commands;

/// <summary>A generated base as CSV, and the same base exported to typed Parquet files.</summary>
public sealed class GeneratedBase : IDisposable
{
    public GeneratedBase()
    {
        var (exitCode, output, error) = Cli.RunAsync("generate", "--customers", "800", "--seed", "42", "--out", Folder).GetAwaiter().GetResult();
        if (exitCode != 0)
            throw new InvalidOperationException($"generating the base failed ({exitCode}): {output}{error}");
        TransactionsFromCsv(TransactionsCsv, TransactionsParquet, rowGroupSize: 2500);
        CustomersFromCsv(CustomersCsv, CustomersParquet, rowGroupSize: 250);
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("cvml-sources-").FullName;
    public string TransactionsCsv => Path.Combine(Folder, "transactions.csv");
    public string CustomersCsv => Path.Combine(Folder, "customers.csv");
    public string TransactionsParquet => Path.Combine(Folder, "transactions.parquet");
    public string CustomersParquet => Path.Combine(Folder, "customers.parquet");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public sealed class SourcesCommandTests(GeneratedBase data) : IClassFixture<GeneratedBase>, IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cvml-sources-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static string ShippedModel => Path.Combine(Cli.Root, "models", "current");

    [Fact]
    public async Task ValidateFindsInTheParquetExportWhatItFindsInTheCsv()
    {
        var csv = await Cli.RunAsync("validate", "--transactions", data.TransactionsCsv, "--customers", data.CustomersCsv, "--json");
        var parquet = await Cli.RunAsync("validate", "--transactions", data.TransactionsParquet, "--customers", data.CustomersParquet, "--json");

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (csv.ExitCode, parquet.ExitCode));
        Assert.Equal(csv.Output.Replace(".csv", ""), parquet.Output.Replace(".parquet", ""));
        Assert.Contains("\"rowsLoaded\"", parquet.Output);
    }

    [Fact]
    public async Task TrainingOnTheParquetExportGivesTheModelOfTheCsv()
    {
        string[] settings = ["--trees", "20", "--leaves", "8", "--learning-rate", "0.2", "--min-leaf", "10", "--json"];
        var csv = await Cli.RunAsync(["train", "--transactions", data.TransactionsCsv, "--customers", data.CustomersCsv,
            "--out", Path.Combine(_folder, "csv-models"), "--version-name", "v1", .. settings]);
        var parquet = await Cli.RunAsync(["train", "--transactions", data.TransactionsParquet, "--customers", data.CustomersParquet,
            "--out", Path.Combine(_folder, "parquet-models"), "--version-name", "v1", .. settings]);

        Assert.True(csv.ExitCode is ExitCodes.Ok or ExitCodes.GateFailed, csv.Error);
        Assert.Equal(csv.ExitCode, parquet.ExitCode);
        Assert.Equal(CardWithoutItsFiles(Path.Combine(_folder, "csv-models", "v1")), CardWithoutItsFiles(Path.Combine(_folder, "parquet-models", "v1")));
    }

    /// <summary>
    /// The model card less what names the files (names, hashes, sizes), when it was written and how long it took, and
    /// the top-level fields <paramref name="alsoWithout"/>.
    /// </summary>
    static string CardWithoutItsFiles(string bundle, params string[] alsoWithout)
    {
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "model-card.json")))!.AsObject();
        card.Remove("createdAt");
        foreach (var field in alsoWithout)
            card.Remove(field);
        foreach (var input in card["data"]!["inputs"]!.AsArray())
        {
            input!.AsObject().Remove("name");
            input.AsObject().Remove("sha256");
            input.AsObject().Remove("bytes");
        }
        Assert.Equal(2, card["data"]!["inputs"]!.AsArray().Count);
        WithoutDurations(card);
        return card.ToJsonString();
    }

    /// <summary>How long a search or fit took is the machine's, not the model's.</summary>
    static void WithoutDurations(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Select(p => p.Key).Where(k => k.EndsWith("seconds", StringComparison.OrdinalIgnoreCase)).ToList())
                obj.Remove(key);
            foreach (var (_, child) in obj)
                WithoutDurations(child);
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
                WithoutDurations(child);
        }
    }

    [Fact]
    public async Task ScoringTheParquetExportWritesTheRowsOfTheCsv()
    {
        var csvStore = Path.Combine(_folder, "csv.db");
        var parquetStore = Path.Combine(_folder, "parquet.db");

        var csv = await Cli.RunAsync("score", "--transactions", data.TransactionsCsv, "--customers", data.CustomersCsv, "--model", ShippedModel, "--store", csvStore);
        var parquet = await Cli.RunAsync("score", "--transactions", data.TransactionsParquet, "--customers", data.CustomersParquet, "--model", ShippedModel, "--store", parquetStore);

        Assert.True(csv.ExitCode == ExitCodes.Ok, csv.Error);
        Assert.True(parquet.ExitCode == ExitCodes.Ok, parquet.Error);
        var expected = await RowsOfLatestRunAsync("Data Source=" + csvStore);
        Assert.Equal(800, expected.Count);
        Assert.Equal(expected, await RowsOfLatestRunAsync("Data Source=" + parquetStore));
    }

    static async Task<List<string>> RowsOfLatestRunAsync(string store)
    {
        await using var customers = CustomerStoreFactory.Create(StoreConnection.Parse(store));
        var run = await customers.GetLatestRunAsync();
        return [.. (await customers.ReadRunAsync(run!.RunId).ToListAsync()).Select(c => JsonSerializer.Serialize(c)).Order(StringComparer.Ordinal)];
    }

    [PostgresFact]
    public async Task ScoringFromPostgresQueriesWritesTheRowsOfTheCsv() => await WithBaseInPostgresAsync(async source =>
    {
        var csvStore = Path.Combine(_folder, "csv.db");
        var queryStore = Path.Combine(_folder, "query.db");

        var csv = await Cli.RunAsync("score", "--transactions", data.TransactionsCsv, "--customers", data.CustomersCsv, "--model", ShippedModel, "--store", csvStore);
        var query = await Cli.RunAsync("score", "--model", ShippedModel, "--store", queryStore,
            "--transactions", source, "--query", OrdersQuery, "--customers", source, "--customers-query", CustomersQuery);

        Assert.True(csv.ExitCode == ExitCodes.Ok, csv.Error);
        Assert.True(query.ExitCode == ExitCodes.Ok, query.Error);
        Assert.Equal(await RowsOfLatestRunAsync("Data Source=" + csvStore), await RowsOfLatestRunAsync("Data Source=" + queryStore));
    });

    [PostgresFact]
    public async Task AFailingQueryIsBadInputWithTheServersReason()
    {
        var source = "postgres:" + TestPostgres.Require();

        var (exitCode, output, error) = await Cli.RunAsync("validate", "--transactions", source, "--query", "select customer_id, ts, amount from no_such_orders");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("the query failed: 42P01: relation \"no_such_orders\" does not exist", error);
        Assert.DoesNotContain("   at ", output + error);
    }

    [Theory]
    [InlineData("postgres:Host=127.0.0.1;Port=1;Username=nobody;Password=hunter2;Timeout=2", "cannot connect")]
    [InlineData("postgres:Hots=127.0.0.1;Password=hunter2", "not a PostgreSQL connection string")]
    public async Task ASourceThatCannotBeReachedIsBadInputWithoutAStackTraceOrThePassword(string source, string reason)
    {
        var (exitCode, output, error) = await Cli.RunAsync("score", "--transactions", source, "--query", "select 1",
            "--model", ShippedModel, "--store", Path.Combine(_folder, "scores.db"));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains(reason, error);
        Assert.DoesNotContain("   at ", output + error);
        Assert.DoesNotContain("hunter2", output + error);
    }

    const string OrdersQuery = "select customer_id, ts as timestamp, amount, order_id, quantity, channel, device from orders order by line";
    const string CustomersQuery = "select * from customers";

    /// <summary>The generated base copied into typed tables of a schema of its own, dropped after <paramref name="test"/>.</summary>
    async Task WithBaseInPostgresAsync(Func<string, Task> test)
    {
        var admin = TestPostgres.Require();
        var schema = "cvml_cli_source_" + Guid.NewGuid().ToString("N")[..12];
        var source = "postgres:" + new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }.ConnectionString;
        await ExecuteAsync(admin, $"CREATE SCHEMA {schema}");
        try
        {
            await ExecuteAsync(admin, $"""
                CREATE TABLE {schema}.orders (line bigserial, customer_id text, ts timestamp, amount numeric(12,2), order_id text, quantity int, channel text, device text);
                CREATE TABLE {schema}.customers (customer_id text, signup_date date, postal_code text, device text, channel text, newsletter boolean, age_band text, loyalty_points int);
                """);
            await CopyAsync(admin, $"{schema}.orders (customer_id, ts, amount, order_id, quantity, channel, device)", data.TransactionsCsv);
            await CopyAsync(admin, $"{schema}.customers", data.CustomersCsv);
            await test(source);
        }
        finally
        {
            await ExecuteAsync(admin, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }
    }

    [PostgresFact]
    public async Task TrainingFromPostgresQueriesGivesTheModelOfTheCsv() => await WithBaseInPostgresAsync(async source =>
    {
        string[] settings = ["--trees", "20", "--leaves", "8", "--learning-rate", "0.2", "--min-leaf", "10", "--json"];
        var csv = await Cli.RunAsync(["train", "--transactions", data.TransactionsCsv, "--customers", data.CustomersCsv,
            "--out", Path.Combine(_folder, "csv-models"), "--version-name", "v1", .. settings]);
        var query = await Cli.RunAsync(["train", "--transactions", source, "--query", OrdersQuery, "--customers", source, "--customers-query", CustomersQuery,
            "--out", Path.Combine(_folder, "query-models"), "--version-name", "v1", .. settings]);

        Assert.True(csv.ExitCode is ExitCodes.Ok or ExitCodes.GateFailed, csv.Error);
        Assert.True(query.ExitCode == csv.ExitCode, query.Error);
        // The queries are the only source specs the query run had; the CSV run had none.
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "query-models", "v1", "model-card.json")))!;
        Assert.Equal(OrdersQuery, (string)JsonNode.Parse((string)card["sourceSpec"]!)!["query"]!);
        Assert.Equal(CustomersQuery, (string)JsonNode.Parse((string)card["customersSourceSpec"]!)!["query"]!);
        Assert.Equal(CardWithoutItsFiles(Path.Combine(_folder, "csv-models", "v1")),
            CardWithoutItsFiles(Path.Combine(_folder, "query-models", "v1"), "sourceSpec", "customersSourceSpec"));
    });

    /// <summary>
    /// A query has no file to hash: the card names the database without the password and fingerprints the query text with
    /// the number of rows it returned.
    /// </summary>
    [PostgresFact]
    public async Task TheCardOfATrainingFromQueriesNamesTheDatabaseWithoutThePasswordAndHashesEachQueryWithItsRowCount() =>
        await WithBaseInPostgresAsync(async source =>
        {
            var (exitCode, _, error) = await Cli.RunAsync("train", "--transactions", source, "--query", OrdersQuery, "--customers", source,
                "--customers-query", CustomersQuery, "--out", Path.Combine(_folder, "models"), "--version-name", "v1",
                "--trees", "20", "--leaves", "8", "--learning-rate", "0.2", "--min-leaf", "10");

            Assert.True(exitCode is ExitCodes.Ok or ExitCodes.GateFailed, error);
            var card = File.ReadAllText(Path.Combine(_folder, "models", "v1", "model-card.json"));
            var inputs = JsonNode.Parse(card)!["data"]!["inputs"]!.AsArray().ToDictionary(i => (string)i!["role"]!, i => i!);
            Assert.False(string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(source["postgres:".Length..]).Password),
                "the test server's connection string has no password to hide");
            Assert.DoesNotContain("password", card, StringComparison.OrdinalIgnoreCase);
            foreach (var (role, sql) in new[] { ("transactions", OrdersQuery), ("customers", CustomersQuery) })
            {
                var rows = (long)inputs[role]["rows"]!;
                Assert.Equal(File.ReadLines(role == "transactions" ? data.TransactionsCsv : data.CustomersCsv).Count() - 1, rows);
                Assert.StartsWith("postgres:", (string)inputs[role]["name"]!);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sql}\n{rows}"))), (string)inputs[role]["sha256"]!);
            }
        });

    [PostgresFact]
    public async Task DriftWritesTheBaselineFromTheQueriesTheBundleWasTrainedOnAndRefusesAnotherQuery() => await WithBaseInPostgresAsync(async source =>
    {
        var models = Path.Combine(_folder, "models");
        var trained = await Cli.RunAsync("train", "--transactions", source, "--query", OrdersQuery, "--customers", source, "--customers-query", CustomersQuery,
            "--out", models, "--version-name", "v1", "--trees", "20", "--leaves", "8", "--learning-rate", "0.2", "--min-leaf", "10");
        Assert.True(trained.ExitCode is ExitCodes.Ok or ExitCodes.GateFailed, trained.Error);
        var baseline = Path.Combine(models, "v1", Core.Monitoring.DriftBaseline.FileName);
        var written = File.ReadAllText(baseline);
        File.Delete(baseline);

        var other = await Cli.RunAsync("drift", "--model", Path.Combine(models, "v1"), "--write-baseline",
            "--transactions", source, "--query", OrdersQuery.Replace("order by line", "where amount > 0 order by line"),
            "--customers", source, "--customers-query", CustomersQuery);
        var same = await Cli.RunAsync("drift", "--model", Path.Combine(models, "v1"), "--write-baseline",
            "--transactions", source, "--query", OrdersQuery, "--customers", source, "--customers-query", CustomersQuery);

        Assert.Equal(ExitCodes.BadInput, other.ExitCode);
        Assert.Contains("--transactions: postgres:", other.Error);
        Assert.Contains("not the transactions the bundle was trained on", other.Error);
        Assert.True(same.ExitCode == ExitCodes.Ok, same.Error);
        Assert.Equal(written, File.ReadAllText(baseline));
    });

    [Fact]
    public async Task TrainingFromAnUnreachableDatabaseIsBadInputWithoutThePassword()
    {
        var (exitCode, output, error) = await Cli.RunAsync("train", "--transactions", "postgres:Host=127.0.0.1;Port=1;Username=nobody;Password=hunter2;Timeout=2",
            "--query", "select 1", "--out", Path.Combine(_folder, "models"));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("cannot connect", error);
        Assert.DoesNotContain("   at ", output + error);
        Assert.DoesNotContain("hunter2", output + error);
    }

    static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    static async Task CopyAsync(string connectionString, string target, string csvPath)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var writer = await connection.BeginTextImportAsync($"COPY {target} FROM STDIN (FORMAT csv, HEADER true)");
        await writer.WriteAsync(await File.ReadAllTextAsync(csvPath));
    }
}
