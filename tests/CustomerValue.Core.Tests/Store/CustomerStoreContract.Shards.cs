using CustomerValue.Core.Domain;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Tests.Store;

/// <summary>Sharded runs: n writers meet in one run, published when the last shard is in.</summary>
public abstract partial class CustomerStoreContract
{
    const int ShardCount = 3;

    static ShardStart ShardOf(string runId, int index, string model = "model-s") => new(runId, model, Scored.AsOf, new Shard(index, ShardCount));

    /// <summary>300 customers split by their id's shard of three.</summary>
    static ScoredCustomer[][] SplitIntoShards(IEnumerable<ScoredCustomer> customers)
    {
        var shards = Enumerable.Range(0, ShardCount).Select(_ => new List<ScoredCustomer>()).ToArray();
        foreach (var customer in customers)
            shards[Shard.Of(customer.CustomerId, ShardCount)].Add(customer);
        return [.. shards.Select(s => s.ToArray())];
    }

    static IEnumerable<ScoredCustomer> Varied(int count, double offset = 0) =>
        Enumerable.Range(0, count).Select(i => Scored.Customer($"s{i:D5}",
            (LifecycleStage)(i % 4), 10 + i * 0.5 + offset, (i % 8) / 8.0, segment: i % 3 == 0 ? "AtRisk" : "Loyal"));

    /// <summary>A row with its reasons and order history as text, so two reads of one row compare equal (the record compares lists by reference).</summary>
    internal static (ScoredCustomer Row, string Reasons, string History) Comparable(ScoredCustomer c) =>
        (c with { TopReasons = [], OrderHistory = [] }, string.Join("|", c.TopReasons), string.Join("|", c.OrderHistory));

    static async IAsyncEnumerable<ScoredCustomer> Async(IEnumerable<ScoredCustomer> customers)
    {
        foreach (var customer in customers)
            yield return customer;
        await Task.CompletedTask;
    }

    protected async Task ShardsWrittenInParallelGiveExactlyTheRowsOfOneUnshardedRunAsync()
    {
        var store = await OpenAsync();
        var unsharded = await store.WriteRunAsync(Scored.Run("model-s"), Varied(300));
        var expected = await store.ReadRunAsync(unsharded.RunId).Select(Comparable).ToListAsync();
        var shards = SplitIntoShards(Varied(300));
        // One store per shard, as n processes each open their own.
        var writers = await Task.WhenAll(Enumerable.Range(0, ShardCount).Select(_ => OpenAsync()));

        var writes = await Task.WhenAll(shards.Select((rows, k) => writers[k].WriteShardAsync(ShardOf("sharded", k), Async(rows))));
        var latest = await store.GetLatestRunAsync();
        var actual = await store.ReadRunAsync("sharded").Select(Comparable).ToListAsync();
        var segments = await store.GetSegmentsAsync();

        Assert.All(shards, rows => Assert.InRange(rows.Length, 50, 150));
        Assert.Single(writes, w => w.Published);
        Assert.Equal(("sharded", ScoringRunStatus.Completed, 300L), (latest!.RunId, latest.Status, latest.CustomersScored));
        Assert.Equal(expected, actual);
        Assert.Equal(300, segments!.ByStage.Sum(s => s.Customers));
        Assert.Equal(ScoringRunStatus.Replaced, (await store.GetRunAsync(unsharded.RunId))!.Status);
        Assert.Empty(await store.ReadRunAsync(unsharded.RunId).ToListAsync());
    }

    protected async Task ARunMissingAShardIsNotPublishedAsync()
    {
        var store = await OpenAsync();
        var previous = await store.WriteRunAsync(Scored.Run("model-1"), Scored.Base());
        var shards = SplitIntoShards(Varied(300));

        await store.WriteShardAsync(ShardOf("partial", 2), Async(shards[2]));
        await store.WriteShardAsync(ShardOf("partial", 0), Async(shards[0]));
        var latest = await store.GetLatestRunAsync();
        var run = await store.GetRunAsync("partial");
        var states = await store.GetShardsAsync("partial");
        var unscored = await store.GetCustomerAsync(shards[0][0].CustomerId);
        // Another, unsharded run published meanwhile neither publishes nor empties the sharded one.
        await store.WriteRunAsync(Scored.Run("model-2"), Scored.Base());
        var kept = await store.ReadRunAsync("partial").CountAsync();

        Assert.Equal(previous, latest);
        Assert.Equal(ScoringRunStatus.Sharding, run!.Status);
        Assert.Equal([0, 2], states.Select(s => s.Shard.Index));
        Assert.All(states, s => Assert.Equal(ScoringRunStatus.Completed, s.Status));
        Assert.Null(unscored);
        Assert.Equal(shards[0].Length + shards[2].Length, kept);
    }

    protected async Task AFailedShardIsWrittenAgainAloneAndThenPublishesTheRunAsync()
    {
        var store = await OpenAsync();
        var shards = SplitIntoShards(Varied(300));
        await store.WriteShardAsync(ShardOf("retry", 0), Async(shards[0]));
        await store.WriteShardAsync(ShardOf("retry", 2), Async(shards[2]));
        ScoredCustomer[] broken = [.. shards[1].Take(10), shards[1][10] with { ChurnProbability = 2 }];

        await Assert.ThrowsAsync<InvalidDataException>(() => store.WriteShardAsync(ShardOf("retry", 1), Async(broken)));
        var failed = (await store.GetShardsAsync("retry"))[1];
        var afterFailure = await store.GetLatestRunAsync();
        var rerun = await store.WriteShardAsync(ShardOf("retry", 1), Async(shards[1]));
        var rows = await store.ReadRunAsync("retry").Select(Comparable).ToListAsync();

        Assert.Equal(ScoringRunStatus.Failed, failed.Status);
        Assert.Contains("ChurnProbability", failed.FailureReason);
        Assert.Null(afterFailure);
        Assert.True(rerun.Published);
        Assert.Equal(Varied(300).Select(Comparable).OrderBy(r => r.Row.CustomerId, StringComparer.Ordinal).ToList(), rows);
    }

    protected async Task AShardWrittenAgainReplacesOnlyItsOwnRowsAsync()
    {
        var store = await OpenAsync();
        var shards = SplitIntoShards(Varied(300));
        for (var k = 0; k < ShardCount; k++)
            await store.WriteShardAsync(ShardOf("again", k), Async(shards[k]));
        var before = await store.ReadRunAsync("again").Select(Comparable).ToListAsync();
        var changed = SplitIntoShards(Varied(300, offset: 1000))[1];

        var same = await store.WriteShardAsync(ShardOf("again", 1), Async(shards[1]));
        var sameRows = await store.ReadRunAsync("again").Select(Comparable).ToListAsync();
        var rewrite = await store.WriteShardAsync(ShardOf("again", 1), Async(changed));
        var after = await store.ReadRunAsync("again").ToDictionaryAsync(c => c.CustomerId);
        var segments = await store.GetSegmentsAsync();

        Assert.False(same.Published);
        Assert.Equal(before, sameRows);
        Assert.Equal(ScoringRunStatus.Completed, rewrite.Run.Status);
        Assert.Equal(300, after.Count);
        Assert.All(changed, c => Assert.Equal(Comparable(c), Comparable(after[c.CustomerId])));
        Assert.All(shards[0].Concat(shards[2]), c => Assert.Equal(Comparable(c), Comparable(after[c.CustomerId])));
        Assert.Equal(after.Values.Average(c => c.PredictedValue), segments!.ByStage.Sum(s => s.MeanPredictedValue * s.Customers) / 300, 9);
    }

    protected async Task AShardRefusesACustomerOfAnotherShardAndARunOfAnotherModelAsync()
    {
        var store = await OpenAsync();
        var shards = SplitIntoShards(Varied(300));
        await store.WriteShardAsync(ShardOf("strict", 0), Async(shards[0]));

        var stray = await Assert.ThrowsAsync<InvalidDataException>(() => store.WriteShardAsync(ShardOf("strict", 1), Async(shards[2])));
        var model = await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteShardAsync(ShardOf("strict", 1, model: "model-t"), Async(shards[1])));
        var count = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.WriteShardAsync(new ShardStart("strict", "model-s", Scored.AsOf, new Shard(1, 4)), Async([])));

        Assert.Contains($"'{shards[2][0].CustomerId}' belongs to shard 2/3, not to shard 1/3", stray.Message);
        Assert.Contains("model model-s", model.Message);
        Assert.Contains("split into 3 shards", count.Message);
    }

    /// <summary>
    /// Branches merged in any order can bring a migration numbered below one already applied (this store's 8 arrived
    /// after 9): every migration not recorded is applied, not only those above the highest.
    /// </summary>
    protected async Task AMigrationMissingBelowTheLatestIsAppliedAsync()
    {
        var store = await OpenAsync();
        var run = await store.WriteRunAsync(Scored.Run(), Scored.Base());
        await ExecuteSqlAsync("DROP TABLE run_report");
        await ExecuteSqlAsync("DELETE FROM schema_version WHERE version = 7");
        var reopened = await OpenAsync(ensureSchema: false);

        var version = await reopened.EnsureSchemaAsync();
        await reopened.SaveDriftAsync(run.RunId, new DriftReport(Scored.AsOf, 7, 7, DriftThresholds.Default,
            DriftLevel.Stable, [], []));

        Assert.Equal(((SqlCustomerStore)store).Migrations[^1].Version, version);
        Assert.NotNull(await reopened.GetDriftAsync(run.RunId));
    }
}
