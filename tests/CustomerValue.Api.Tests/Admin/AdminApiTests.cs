using System.Net;
using CustomerValue.Api.Tests.Fixtures;

namespace CustomerValue.Api.Tests.Admin;

[Collection(FixtureBundleCollection.Name)]
public sealed class AdminApiTests(FixtureBundle bundle)
{
    // Only the endpoint may reload here, so each outcome is the one the request caused.
    static readonly Dictionary<string, string> NoWatching = new() { ["Models:WatchForChanges"] = "false" };

    [Fact]
    public async Task ReloadWithoutTheKeyIsUnauthorized()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.PostAsync("/v1/admin/reload", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ReloadWithAWrongKeyIsUnauthorized()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiApplication.AdminKey + "x");

        var response = await client.PostAsync("/v1/admin/reload", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ReloadIsUnauthorizedForEveryoneWhenNoKeyIsConfigured()
    {
        await using var app = new ApiApplication(bundle, adminKey: null);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "");

        var response = await client.PostAsync("/v1/admin/reload", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ReloadWithTheKeyLoadsTheVersionThePointerNames()
    {
        await using var app = new ApiApplication(bundle, version: "v1", settings: NoWatching);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiApplication.AdminKey);
        var unchanged = await (await client.PostAsync("/v1/admin/reload", null)).ReadJsonAsync();

        app.Publish("v2");
        var response = await client.PostAsync("/v1/admin/reload", null);
        var loaded = await response.ReadJsonAsync();

        Assert.Equal("unchanged", (string?)unchanged["outcome"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("loaded", (string?)loaded["outcome"]);
        Assert.Equal("v2", (string?)loaded["model"]!["version"]);
        Assert.Equal(2, (long)loaded["model"]!["generation"]!);
    }

    [Fact]
    public async Task ReloadOfACorruptModelIsUnprocessableAndKeepsTheOldOne()
    {
        await using var app = new ApiApplication(bundle, version: "v1", settings: NoWatching);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiApplication.AdminKey);

        File.Delete(Path.Combine(bundle.Publish(app.ModelsDirectory, "v2"), "churn.zip"));
        app.WritePointer("v2");
        var response = await client.PostAsync("/v1/admin/reload", null);
        var result = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("failed", (string?)result["outcome"]);
        Assert.Equal("v1", (string?)result["model"]!["version"]);
        Assert.Contains("churn.zip", (string?)result["error"]);
    }
}
