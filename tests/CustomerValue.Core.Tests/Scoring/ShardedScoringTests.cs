using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Store;
using CustomerValue.Core.Tests.Store;
using CustomerValue.Core.Tests.TestData;
using Npgsql;

namespace CustomerValue.Core.Tests.Scoring;

/// <summary>
/// The shipped model scores the sample base once whole and once in three shards written in parallel (each with its
/// own feature pass over the whole file and its own store, as three machines would): the rows must be the same.
/// </summary>
public sealed class ShardedScoringTests : IAsyncLifetime
{
    const int Shards = 3;
    readonly string directory = Directory.CreateTempSubdirectory("cvml-shards-").FullName;
    readonly string schema = "cvml_shards_" + Guid.NewGuid().ToString("N")[..16];
    bool schemaCreated;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (schemaCreated) await ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public Task ThreeShardsInSqliteGiveExactlyTheRowsOfOneUnshardedRun() =>
        ShardsGiveTheRowsOfOneRunAsync(StoreConnection.Parse(Path.Combine(directory, "scores.db")));

    [PostgresFact]
    public async Task ThreeShardsInPostgresGiveExactlyTheRowsOfOneUnshardedRun()
    {
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        schemaCreated = true;
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.Require()) { SearchPath = schema };
        await ShardsGiveTheRowsOfOneRunAsync(StoreConnection.Parse("postgres:" + builder.ConnectionString));
    }

    static async Task ShardsGiveTheRowsOfOneRunAsync(StoreOptions options)
    {
        var models = RepositoryPaths.Of("models");
        var version = File.ReadAllText(Path.Combine(models, "current")).Trim();
        using var model = ModelFolder.Load(Path.Combine(models, version), ModelBundle.Load);
        var sources = new ScoringSources
        {
            TransactionsPath = RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv"),
            CustomersPath = RepositoryPaths.Of("data-samples", "synthetic", "customers.csv"),
        };
        var writer = new ScoringRunWriter(new CustomerScorer(new LifecycleOptions()));
        await using var store = CustomerStoreFactory.Create(options);
        await store.EnsureSchemaAsync();
        var whole = await writer.WriteAsync(model, ScoringInput.Load(sources, model.Bundle.FeatureOptions).Features, store);
        var expected = await store.ReadRunAsync(whole.RunId).Select(CustomerStoreContract.Comparable).ToListAsync();

        var writes = await Task.WhenAll(Enumerable.Range(0, Shards).Select(k => Task.Run(async () =>
        {
            var shard = new Shard(k, Shards);
            var input = ScoringInput.Load(sources with { Shard = shard }, model.Bundle.FeatureOptions);
            await using var own = CustomerStoreFactory.Create(options);
            return (input.Features.Rows.Count, await writer.WriteShardAsync(model, input.Features, own, "sharded", shard));
        })));
        var latest = await store.GetLatestRunAsync();
        var actual = await store.ReadRunAsync("sharded").Select(CustomerStoreContract.Comparable).ToListAsync();
        var again = await writer.WriteShardAsync(model,
            ScoringInput.Load(sources with { Shard = new Shard(1, Shards) }, model.Bundle.FeatureOptions).Features, store, "sharded", new Shard(1, Shards));
        var afterRerun = await store.ReadRunAsync("sharded").Select(CustomerStoreContract.Comparable).ToListAsync();

        Assert.Equal(2500, expected.Count);
        Assert.All(writes, w => Assert.InRange(w.Item1, 700, 1000));
        Assert.Equal(2500, writes.Sum(w => w.Item1));
        Assert.Single(writes, w => w.Item2.Published);
        Assert.Equal(("sharded", ScoringRunStatus.Completed, whole.AsOf, 2500L), (latest!.RunId, latest.Status, latest.AsOf, latest.CustomersScored));
        Assert.Equal(expected, actual);
        Assert.False(again.Published);
        Assert.Equal(expected, afterRerun);
    }

    static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.Require());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
