using CustomerValue.Core.Store;

namespace CustomerValue.Training.Tests.Commands;

/// <summary><c>cvml score --shard k/n</c>: n commands in parallel on one SQLite store against one unsharded command.</summary>
public sealed class ShardedScoreCommandTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("cvml-shard-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    static string Sample(string file) => Path.Combine(Cli.Root, "data-samples", "synthetic", file);

    static string[] Score(string store, params string[] more) =>
        ["score", "--transactions", Sample("transactions.csv"), "--customers", Sample("customers.csv"),
         "--model", Path.Combine(Cli.Root, "models", "current"), "--store", store, .. more];

    static async Task<List<string>> RowsAsync(string store, string runId)
    {
        await using var opened = CustomerStoreFactory.Create(StoreConnection.Parse(store));
        return await opened.ReadRunAsync(runId)
            .Select(c => $"{c with { TopReasons = [] }} {string.Join("|", c.TopReasons)}").ToListAsync();
    }

    [Fact]
    public async Task ThreeShardCommandsInParallelPublishOneRunWithTheRowsOfAnUnshardedOne()
    {
        var whole = Path.Combine(directory, "whole.db");
        var sharded = Path.Combine(directory, "sharded.db");
        var single = await Cli.RunCombinedAsync(Score(whole, "--run-id", "whole"));

        var shards = await Task.WhenAll(Enumerable.Range(0, 3).Select(k => Task.Run(() => Cli.RunCombinedAsync(Score(sharded, "--shard", $"{k}/3")))));
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(sharded));
        var run = await store.GetLatestRunAsync();

        Assert.Equal(0, single.ExitCode);
        Assert.All(shards, s => Assert.Equal(0, s.ExitCode));
        Assert.Single(shards, s => s.Output.Contains("this shard was the last, the run is published (2,500 customers)"));
        var version = File.ReadAllText(Path.Combine(Cli.Root, "models", "current")).Trim();
        Assert.Equal($"{version}-asof20251231-3shards", run!.RunId);
        Assert.Equal(2500, run.CustomersScored);
        Assert.Equal(await RowsAsync(whole, "whole"), await RowsAsync(sharded, run.RunId));
    }

    [Fact]
    public async Task AShardThatIsNotKOfNIsBadInput()
    {
        var (exitCode, _, error) = await Cli.RunAsync(Score(Path.Combine(directory, "s.db"), "--shard", "3/3"));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("--shard: '3/3' is not k/n", error);
        Assert.False(File.Exists(Path.Combine(directory, "s.db")));
    }
}
