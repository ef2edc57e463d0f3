using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Access;

namespace CustomerValue.Api.Tests.Security;

[Collection(FixtureBundleCollection.Name)]
public sealed class ApiKeyTests(FixtureBundle bundle)
{
    const string Customer = """
        { "asOf": "2025-01-31", "profile": { "channel": "email" }, "history": { "orders": [ { "date": "2025-01-03", "amount": 40 } ] } }
        """;

    static readonly Dictionary<string, string> Production = new() { ["environment"] = "Production" };

    [Theory]
    [InlineData("/v1/customers/C1")]
    [InlineData("/v1/segments")]
    [InlineData("/v1/reactivation-candidates")]
    public async Task CustomerDataWithoutAKeyIsUnauthorizedWithAChallengeAndAProblem(string path)
    {
        await using var app = new ApiApplication(bundle);

        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ApiKey header=\"X-Api-Key\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Send an API key in the X-Api-Key header (scope: read).", (string?)(await response.ReadJsonAsync())["detail"]);
    }

    [Fact]
    public async Task CustomerDataWithAPredictOnlyKeyIsForbiddenNamingTheReadScope()
    {
        await using var app = new ApiApplication(bundle);

        var response = await app.CreateClient(ApiApplication.PredictKey).GetAsync("/v1/segments");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("The key 'predictor' does not have the scope this endpoint needs (scope: read).", (string?)(await response.ReadJsonAsync())["detail"]);
    }

    [Fact]
    public async Task CustomerDataWithAReadKeyIsServed()
    {
        await using var app = new ApiApplication(bundle);

        var response = await app.CreateClient(ApiApplication.ReadKey).GetAsync("/v1/customers/C1");

        // No run is stored, so the customer is unknown: the request got past the key.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownKeyIsUnauthorizedEvenWhereAnonymousPredictionsAreAllowed()
    {
        await using var app = new ApiApplication(bundle);

        var anonymous = await app.CreateClient().PostJsonAsync("/v1/predictions", Customer);
        var wrong = await app.CreateClient("not-a-key").PostJsonAsync("/v1/predictions", Customer);

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("The X-Api-Key header holds no known key (unknown or revoked).", (string?)(await wrong.ReadJsonAsync())["detail"]);
    }

    [Fact]
    public async Task OutsideDevelopmentPredictionsNeedThePredictScope()
    {
        await using var app = new ApiApplication(bundle, settings: Production);

        var anonymous = await app.CreateClient().PostJsonAsync("/v1/predictions", Customer);
        var reader = await app.CreateClient(ApiApplication.ReadKey).PostJsonAsync("/v1/predictions", Customer);
        var predictor = await app.CreateClient(ApiApplication.PredictKey).PostJsonAsync("/v1/predictions", Customer);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, predictor.StatusCode);
    }

    [Fact]
    public async Task AnonymousPredictionsCanBeTurnedOffInDevelopment()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Api:AllowAnonymousPredictions"] = "false" });

        var response = await app.CreateClient().PostJsonAsync("/v1/predictions/batch", $$"""{ "items": [ {{Customer}} ] }""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HealthModelAndPingNeedNoKey()
    {
        await using var app = new ApiApplication(bundle, settings: Production);
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/model")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/ping")).StatusCode);
    }

    [Fact]
    public async Task AKeyAddedToTheKeysFileIsAcceptedAndRefusedOnceRevokedWithoutARestart()
    {
        // Until the file is read again the new key is unknown; the polls must not trip the lock-out.
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Api:Limits:FailedAuthenticationsPerMinute"] = "1000" });
        var probe = app.CreateClient(ApiApplication.ReadKey);
        Assert.Equal(HttpStatusCode.NotFound, (await probe.GetAsync("/v1/customers/C1")).StatusCode);

        var key = ApiKeyFile.Add(app.KeysFile, "crm", [ApiScope.Read], DateTimeOffset.UtcNow);
        var client = app.CreateClient(key);
        var accepted = await UntilAsync(() => client.GetAsync("/v1/customers/C1"), HttpStatusCode.NotFound);
        ApiKeyFile.Revoke(app.KeysFile, "crm", DateTimeOffset.UtcNow);
        var refused = await UntilAsync(() => client.GetAsync("/v1/customers/C1"), HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.NotFound, accepted);
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresTheKeySchemeAndEachOperationsScope()
    {
        await using var app = new ApiApplication(bundle, settings: Production);

        var document = await (await app.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", (string?)scheme["type"]);
        Assert.Equal("header", (string?)scheme["in"]);
        Assert.Equal("X-Api-Key", (string?)scheme["name"]);
        string[] Scopes(string path, string method) =>
            document["paths"]![path]![method]!["security"]?.AsArray().SelectMany(r => r!["ApiKey"]?.AsArray().Select(s => (string)s!) ?? []).ToArray() ?? [];
        Assert.Equal(["read"], Scopes("/v1/customers/{id}", "get"));
        Assert.Equal(["read"], Scopes("/v1/segments", "get"));
        Assert.Equal(["predict"], Scopes("/v1/predictions", "post"));
        Assert.Equal(["admin"], Scopes("/v1/admin/reload", "post"));
        Assert.Empty(Scopes("/v1/model", "get"));
    }

    /// <summary>The keys file is looked at again within a second; poll until the answer changes.</summary>
    static async Task<HttpStatusCode> UntilAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode wanted)
    {
        var deadline = DateTime.UtcNow + ApiApplication.Patience;
        while (true)
        {
            var status = (await send()).StatusCode;
            if (status == wanted || DateTime.UtcNow > deadline)
                return status;
            await Task.Delay(100);
        }
    }
}
