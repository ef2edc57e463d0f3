using System.Net;
using CustomerValue.Api.Tests.Fixtures;

namespace CustomerValue.Api.Tests.Serving;

[Collection(FixtureBundleCollection.Name)]
public sealed class HealthTests(FixtureBundle bundle)
{
    [Fact]
    public async Task LiveAnswersEvenWithoutAModel()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var client = app.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadyOnlyOnceAModelIsLoaded()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var client = app.CreateClient();

        var before = await client.GetAsync("/health/ready");
        var beforeBody = await before.ReadJsonAsync();
        var prediction = await client.PostJsonAsync("/v1/predictions", """{ "profile": { "channel": "email" } }""");
        app.Publish("v1");
        var after = await app.WaitForAsync(client, "/health/ready", b => (string?)b["status"] == "Healthy");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal("Unhealthy", (string?)beforeBody["status"]);
        Assert.Contains("does not exist", (string?)beforeBody["checks"]![0]!["data"]!["lastError"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, prediction.StatusCode);
        Assert.Equal("v1", (string?)after["checks"]![0]!["data"]!["version"]);
    }
}
