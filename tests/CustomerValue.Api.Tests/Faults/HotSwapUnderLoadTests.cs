using System.Collections.Concurrent;
using System.Net;
using CustomerValue.Api.Tests.Fixtures;

namespace CustomerValue.Api.Tests.Faults;

[Collection(FixtureBundleCollection.Name)]
public sealed class HotSwapUnderLoadTests(FixtureBundle bundle)
{
    const string Customer = """
        { "asOf": "2025-01-31", "profile": { "channel": "email" }, "history": { "orders": [ { "date": "2025-01-03", "amount": 40 } ] } }
        """;

    [Fact]
    public async Task SixSwapsUnderConcurrentPredictionsFailNoRequest()
    {
        await using var app = new ApiApplication(bundle, version: "v0", settings: new Dictionary<string, string> { ["Api:Limits:PermitsPerSecond"] = "0" });
        var client = app.CreateClient();
        using var stop = new CancellationTokenSource();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var versions = new ConcurrentDictionary<string, int>();

        async Task LoadAsync()
        {
            // Bounded: each worker stops when the swaps are done, or after 20,000 requests whatever happens.
            for (var i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
            {
                using var response = await client.PostJsonAsync("/v1/predictions?explain=false", Customer);
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                if (response.StatusCode == HttpStatusCode.OK)
                    versions.AddOrUpdate((string)(await response.ReadJsonAsync())["modelVersion"]!, 1, (_, n) => n + 1);
            }
        }

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(LoadAsync)).ToArray();
        for (var swap = 1; swap <= 6; swap++)
        {
            var version = "v" + swap;
            app.Publish(version);
            await app.WaitForAsync(client, "/v1/model", b => (string?)b["version"] == version);
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Equal([HttpStatusCode.OK], statuses.Keys);
        Assert.Equal("v6", (string?)(await (await client.GetAsync("/v1/model")).ReadJsonAsync())["version"]);
        Assert.Subset(new HashSet<string> { "v0", "v1", "v2", "v3", "v4", "v5", "v6" }, versions.Keys.ToHashSet());
        Assert.True(statuses[HttpStatusCode.OK] >= 8, $"only {statuses[HttpStatusCode.OK]} requests ran");
    }
}
