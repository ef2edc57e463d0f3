using System.Net;
using CustomerValue.Api.Serving;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace CustomerValue.Api.Tests.Serving;

/// <summary><c>Models:Evaluator</c>: the engine path stays real, answers as the compiled default does, and a bad value stops start-up.</summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class EvaluatorTests(FixtureBundle bundle)
{
    [Fact]
    public async Task EngineAndCompiledEvaluatorsAnswerTheSameJsonForTheSameCustomers()
    {
        await using var compiled = new ApiApplication(bundle);
        await using var engine = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Models:Evaluator"] = "engine" });
        var compiledClient = compiled.CreateClient();
        var engineClient = engine.CreateClient();
        var requests = SampleRequests(40);

        foreach (var path in new[] { "/v1/predictions", "/v1/predictions?explain=false" })
        {
            foreach (var request in requests)
            {
                var expected = await engineClient.PostJsonAsync(path, request);
                var actual = await compiledClient.PostJsonAsync(path, request);

                Assert.True(expected.StatusCode == HttpStatusCode.OK, await expected.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
                Assert.Equal(await expected.Content.ReadAsStringAsync(), await actual.Content.ReadAsStringAsync());
            }
        }
        var batch = $$"""{ "items": [ {{string.Join(", ", requests.Take(10))}} ] }""";
        Assert.Equal(
            await (await engineClient.PostJsonAsync("/v1/predictions/batch", batch)).Content.ReadAsStringAsync(),
            await (await compiledClient.PostJsonAsync("/v1/predictions/batch", batch)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnknownEvaluatorStopsStartUpNamingTheSetting()
    {
        // The host is started directly: through WebApplicationFactory a failed start sometimes surfaces as the
        // factory's own ObjectDisposedException instead of the start-up error.
        await using var models = new ApiApplication(bundle);
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Models:Path"] = models.ModelsDirectory;
        builder.Configuration["Models:Evaluator"] = "fastest";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddModelServing();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("Models:Evaluator", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Customers of the shipped sample as requests at the fixture's cutoff: prospects, one-timers and regulars.</summary>
    static List<string> SampleRequests(int count)
    {
        var samples = Path.Combine(RepositoryRoot.Find(), "data-samples", "synthetic");
        var cutoff = FixtureBundle.Cutoff;
        var histories = new TransactionLoader().Load(Path.Combine(samples, "transactions.csv")).Transactions
            // The API rejects a negative order amount, so these requests carry purchases only.
            .Where(t => DateOnly.FromDateTime(t.Timestamp) <= cutoff && t.Amount > 0)
            .ToLookup(t => t.CustomerId);
        return [.. new CustomerLoader().Load(Path.Combine(samples, "customers.csv")).Customers
            .OrderBy(c => c.CustomerId, StringComparer.Ordinal)
            .Take(count)
            .Select(profile => CustomerRequests.Of(profile, histories[profile.CustomerId], cutoff).ToJsonString())];
    }
}
