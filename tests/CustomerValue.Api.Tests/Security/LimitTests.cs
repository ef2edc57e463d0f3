using System.Net;
using System.Text;
using CustomerValue.Api.Security;
using CustomerValue.Api.Tests.Fixtures;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerValue.Api.Tests.Security;

[Collection(FixtureBundleCollection.Name)]
public sealed class LimitTests(FixtureBundle bundle)
{
    const string Customer = """
        { "asOf": "2025-01-31", "profile": { "channel": "email" }, "history": { "orders": [ { "date": "2025-01-03", "amount": 40 } ] } }
        """;

    [Fact]
    public async Task ABurstBeyondTheRateIsAnsweredTooManyRequestsWithRetryAfter()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string>
        {
            ["Api:Limits:PermitsPerSecond"] = "1",
            ["Api:Limits:Burst"] = "3",
        });
        var client = app.CreateClient(ApiApplication.ReadKey);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
            responses.Add(await client.GetAsync("/v1/segments"));

        Assert.All(responses.Take(3), r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Too many requests from key 'reader': Api:Limits:PermitsPerSecond is 1 (Api:Limits:Burst 3). Retry after",
            (string?)(await refused.ReadJsonAsync())["detail"]);
    }

    [Fact]
    public async Task EachCallerHasABucketOfItsOwn()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string>
        {
            ["Api:Limits:PermitsPerSecond"] = "1",
            ["Api:Limits:Burst"] = "1",
        });
        var reader = app.CreateClient(ApiApplication.ReadKey);
        await reader.GetAsync("/v1/segments");
        var exhausted = await reader.GetAsync("/v1/segments");

        var predictor = await app.CreateClient(ApiApplication.PredictKey).PostJsonAsync("/v1/predictions", Customer);

        Assert.Equal(HttpStatusCode.TooManyRequests, exhausted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, predictor.StatusCode);
    }

    [Fact]
    public async Task RepeatedUnknownKeysAreLockedOutWhileAKnownKeyStillWorks()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Api:Limits:FailedAuthenticationsPerMinute"] = "3" });
        var guesser = app.CreateClient("guess");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await guesser.PostAsync("/v1/admin/reload", null)).StatusCode);
        var locked = await guesser.GetAsync("/v1/segments");
        var known = await app.CreateClient(ApiApplication.ReadKey).GetAsync("/v1/segments");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);
        Assert.StartsWith("Too many requests with an unknown key from this address: Api:Limits:FailedAuthenticationsPerMinute is 3.",
            (string?)(await locked.ReadJsonAsync())["detail"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, known.StatusCode);
    }

    [Fact]
    public async Task WithTheCallerLimitOffTheDataEndpointsCarryNoRateLimitPolicyWhileUnknownKeysAreStillLockedOut()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string>
        {
            ["Api:Limits:PermitsPerSecond"] = "0",
            ["Api:Limits:FailedAuthenticationsPerMinute"] = "2",
        });
        var guesser = app.CreateClient("guess");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await guesser.PostJsonAsync("/v1/predictions", Customer)).StatusCode);
        var known = await app.CreateClient(ApiApplication.PredictKey).PostJsonAsync("/v1/predictions", Customer);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var limited = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is "Predict" or "PredictBatch" or "GetSegments")
            .ToList();
        Assert.Equal(3, limited.Count);
        Assert.All(limited, e => Assert.Null(e.Metadata.GetMetadata<EnableRateLimitingAttribute>()));
    }

    [Fact]
    public async Task WithTheCallerLimitOnEveryDataEndpointCarriesThePerCallerPolicy()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Api:Limits:PermitsPerSecond"] = "5" });
        await app.CreateClient().GetAsync("/v1/ping");

        var limited = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is "Predict" or "PredictBatch" or "GetSegments")
            .ToList();

        Assert.Equal(3, limited.Count);
        Assert.All(limited, e => Assert.Equal(RequestLimits.PerCallerPolicy, e.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName));
    }

    [Fact]
    public async Task ABatchBodyOverItsLimitIsTooLargeNamingTheSetting()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Api:Limits:MaxBatchBodyBytes"] = "2048" });
        var body = $$"""{ "items": [ {{string.Join(",", Enumerable.Repeat(Customer, 20))}} ] }""";

        var response = await app.CreateClient().PostJsonAsync("/v1/predictions/batch", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal($"The body is {Encoding.UTF8.GetByteCount(body)} bytes; Api:Limits:MaxBatchBodyBytes allows at most 2048.",
            (string?)(await response.ReadJsonAsync())["detail"]);
    }

    [Fact]
    public async Task ASinglePredictionHasTheSmallerBodyLimit()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Api:Limits:MaxBodyBytes"] = "1024" });
        var body = Customer.Replace("\"email\"", "\"" + new string('e', 2000) + "\"");

        var response = await app.CreateClient().PostJsonAsync("/v1/predictions", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Api:Limits:MaxBodyBytes allows at most 1024", (string?)(await response.ReadJsonAsync())["detail"]);
    }

    [Fact]
    public async Task MoreOrdersThanTheLimitIsABadRequestNamingTheSetting()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Api:Limits:MaxOrdersPerCustomer"] = "2" });
        var body = """
            { "asOf": "2025-01-31", "history": { "orders": [ { "date": "2025-01-03", "amount": 40 }, { "date": "2025-01-04", "amount": 40 },
              { "date": "2025-01-05", "amount": 40 } ] } }
            """;

        var response = await app.CreateClient().PostJsonAsync("/v1/predictions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("holds 3 orders; Api:Limits:MaxOrdersPerCustomer allows at most 2.", (string?)(await response.ValidationErrorsAsync())["history.orders"]![0]);
    }

    [Fact]
    public async Task ManagedMemoryReturnsNearItsBaselineAfterLargeBatches()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();
        var item = """{ "asOf": "2025-01-31", "history": { "orders": [ """
            + string.Join(",", Enumerable.Range(0, 200).Select(d => $$"""{ "date": "{{new DateOnly(2024, 1, 1).AddDays(d):yyyy-MM-dd}}", "amount": 12.5 }"""))
            + "] } }";
        var body = $$"""{ "items": [ {{string.Join(",", Enumerable.Repeat(item, 1000))}} ] }""";
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/v1/predictions/batch", $$"""{ "items": [ {{Customer}} ] }""")).StatusCode);
        var baseline = Settle();

        for (var i = 0; i < 8; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/v1/predictions/batch", body)).StatusCode);
        var after = Settle();

        // Loose on purpose: each body is ~8 MB; retaining even one request's buffers would show as tens of MB.
        Assert.True(after - baseline < 48L << 20, $"managed heap grew from {baseline >> 20} MB to {after >> 20} MB");
    }

    static long Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
