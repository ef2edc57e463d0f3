using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Api.Tests.Serving;

[Collection(FixtureBundleCollection.Name)]
public sealed class HotSwapTests(FixtureBundle bundle)
{
    const string Customer = """
        { "asOf": "2025-01-31", "profile": { "channel": "email" }, "history": { "orders": [ { "date": "2025-01-03", "amount": 40 } ] } }
        """;

    [Fact]
    public async Task RepointingCurrentSwapsTheVersionPredictionsCarry()
    {
        await using var app = new ApiApplication(bundle, version: "v1");
        var client = app.CreateClient();
        var before = await (await client.PostJsonAsync("/v1/predictions", Customer)).ReadJsonAsync();

        app.Publish("v2");
        var model = await app.WaitForAsync(client, "/v1/model", b => (string?)b["version"] == "v2");
        var after = await (await client.PostJsonAsync("/v1/predictions", Customer)).ReadJsonAsync();

        Assert.Equal("v1", (string?)before["modelVersion"]);
        Assert.Equal("v2", (string?)after["modelVersion"]);
        Assert.Equal(2, (long)model["generation"]!);
    }

    [Fact]
    public async Task ARollbackWithModelsUseSwitchesWhatTheApiServes()
    {
        await using var app = new ApiApplication(bundle, version: "v1");
        var client = app.CreateClient();
        app.Publish("v2");
        await app.WaitForAsync(client, "/v1/model", b => (string?)b["version"] == "v2");

        // What `cvml models use v1` does.
        var previous = ModelVersions.Use(app.ModelsDirectory, "v1");
        var model = await app.WaitForAsync(client, "/v1/model", b => (string?)b["version"] == "v1");
        var prediction = await (await client.PostJsonAsync("/v1/predictions", Customer)).ReadJsonAsync();

        Assert.Equal("v2", previous);
        Assert.Equal(3, (long)model["generation"]!);
        Assert.Equal("v1", (string?)prediction["modelVersion"]);
    }

    [Fact]
    public async Task CorruptModelLeavesTheOldOneServingAndIsReported()
    {
        await using var app = new ApiApplication(bundle, version: "v1");
        var client = app.CreateClient();

        var broken = bundle.Publish(app.ModelsDirectory, "v2");
        File.WriteAllText(Path.Combine(broken, "clv.zip"), "not a zip");
        app.WritePointer("v2");
        var model = await app.WaitForAsync(client, "/v1/model", b => (bool)b["status"]!["lastLoadFailed"]!);
        var ready = await client.GetAsync("/health/ready");
        var readyBody = await ready.ReadJsonAsync();
        var prediction = await (await client.PostJsonAsync("/v1/predictions", Customer)).ReadJsonAsync();

        Assert.Equal("v1", (string?)model["version"]);
        Assert.Contains("clv.zip", (string?)model["status"]!["lastError"]);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", (string?)readyBody["status"]);
        Assert.Contains("clv.zip", (string?)readyBody["checks"]![0]!["data"]!["lastError"]);
        Assert.Equal("v1", (string?)prediction["modelVersion"]);
    }
}
