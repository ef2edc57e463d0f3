using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Campaigns;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerValue.Api.Tests.Campaigns;

[Collection(FixtureBundleCollection.Name)]
public sealed class CampaignsApiTests(FixtureBundle bundle)
{
    static readonly DateOnly AsOf = new(2025, 12, 31);
    const string Body = """{"name":"winter","stage":"recovery","costPerContact":1,"controlShare":0.25,"seed":9}""";

    static async Task<(HttpClient Client, ICustomerStore Store)> ScoredAsync(ApiApplication app)
    {
        var client = app.CreateClient();
        var store = app.Services.GetRequiredService<ICustomerStore>();
        var customers = Enumerable.Range(0, 200).Select(i => new ScoredCustomer
        {
            CustomerId = $"C{i:D3}",
            AsOf = AsOf,
            PredictedValue = 50 + i,
            ChurnProbability = 0.6,
            Stage = i % 4 == 0 ? LifecycleStage.Retention : LifecycleStage.Recovery,
            RfmSegment = "AtRisk",
            RecommendedAction = "win-back offer",
        });
        await store.WriteRunAsync(new ScoringRunStart(FixtureBundle.Version, AsOf), customers);
        return (client, store);
    }

    static HttpRequestMessage Post(string json, string? key = ApiApplication.AdminKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/campaigns")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return request;
    }

    static HttpRequestMessage Get(string path, string key = ApiApplication.ReadKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        return request;
    }

    [Fact]
    public async Task CreatingACampaignNeedsTheAdminKey()
    {
        await using var app = new ApiApplication(bundle);
        var (client, store) = await ScoredAsync(app);

        var anonymous = await client.SendAsync(Post(Body, key: null));
        var wrong = await client.SendAsync(Post(Body, key: "guess"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Null(await store.GetCampaignAsync("winter"));
    }

    [Fact]
    public async Task ACreatedCampaignHoldsTheListsCustomersSplitAndItsTreatmentExportHasNoControl()
    {
        await using var app = new ApiApplication(bundle);
        var (client, store) = await ScoredAsync(app);

        var created = await client.SendAsync(Post(Body));
        var again = await client.SendAsync(Post(Body));
        var treatmentRequest = new HttpRequestMessage(HttpMethod.Get, "/v1/campaigns/winter/treatment");
        treatmentRequest.Headers.Add("X-Api-Key", ApiApplication.AdminKey);
        var treatment = await client.SendAsync(treatmentRequest);
        var read = await client.SendAsync(Get("/v1/campaigns/winter"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/v1/campaigns/winter", created.Headers.Location?.OriginalString);
        var body = await created.ReadJsonAsync();
        Assert.Equal(150 - 38, (long)body["treatment"]!);
        Assert.Equal(38, (long)body["control"]!);
        Assert.Equal("2025-12-31", (string?)body["date"]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var members = await store.GetCampaignMembersAsync("winter");
        Assert.All(members, m => Assert.Equal(LifecycleStage.Recovery, m.Candidate.Stage));
        var exported = (await treatment.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Select(l => l.Split(',')[1]).ToHashSet();
        Assert.Equal(members.Where(m => m.Group == CampaignGroup.Treatment).Select(m => m.Candidate.CustomerId).ToHashSet(), exported);
    }

    [Fact]
    public async Task ABadCampaignIsAValidationProblemNamingEachField()
    {
        await using var app = new ApiApplication(bundle);
        var (client, _) = await ScoredAsync(app);

        var response = await client.SendAsync(Post("""{"name":" ","stage":"sideways","controlShare":1.5,"budget":10}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ValidationErrorsAsync();
        Assert.Equal(["controlShare", "name", "seed", "stage"], errors.Select(e => e.Key).Order());
        var definitionErrors = await (await client.SendAsync(Post("""{"name":"x","controlShare":1.5,"budget":10,"seed":1}"""))).ValidationErrorsAsync();
        Assert.Equal(["budget", "controlShare"], definitionErrors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task TheListTakesItsRatesFromAnEvaluatedCampaignWhenAskedAndSaysSoOnEveryRow()
    {
        await using var app = new ApiApplication(bundle);
        var (client, store) = await ScoredAsync(app);
        await client.SendAsync(Post(Body));
        var unevaluated = await client.SendAsync(Get("/v1/reactivation-candidates?upliftFrom=winter"));
        var campaign = (await store.GetCampaignAsync("winter"))!;
        var members = await store.GetCampaignMembersAsync("winter");
        // Every other contacted customer of the top half came back; the control group did not.
        var orders = members.Where((m, i) => m.Group == CampaignGroup.Treatment && m.Decile <= 5 && i % 2 == 0)
            .Select(m => new Transaction(m.Candidate.CustomerId, new DateTime(2026, 1, 5), 30)).ToList();
        var result = CampaignEvaluator.Evaluate(campaign, members, orders, 90);
        var evaluated = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        await store.SaveCampaignResultAsync("winter", result, evaluated);
        var uplift = MeasuredUplift.From("winter", evaluated, result, members, configuredRate: 0.5);

        var measured = await (await client.SendAsync(Get("/v1/reactivation-candidates?upliftFrom=winter&responseRate=0.5&limit=1000"))).ReadJsonAsync();
        var configured = await (await client.SendAsync(Get("/v1/reactivation-candidates?responseRate=0.5&limit=1"))).ReadJsonAsync();
        var unknown = await client.SendAsync(Get("/v1/reactivation-candidates?upliftFrom=summer"));

        Assert.Equal(HttpStatusCode.BadRequest, unevaluated.StatusCode);
        Assert.Contains("not been evaluated", (string)(await unevaluated.ValidationErrorsAsync())["upliftFrom"]![0]!);
        Assert.StartsWith("campaign winter's measured uplift by value-at-stake decile", (string?)measured["rateSource"]);
        var rows = measured["candidates"]!.AsArray();
        Assert.Equal(200, rows.Count);
        Assert.All(rows, row =>
        {
            var atStake = (double)row!["valueAtStake"]!;
            Assert.Equal(uplift.SourceFor(atStake), (string?)row["rateSource"]);
            Assert.Equal(Math.Round(uplift.DecileFor(atStake).Rate, 4), (double)row["responseRate"]!);
            Assert.Equal(Math.Round(uplift.DecileFor(atStake).Rate * atStake, 2), (double)row["expectedReturn"]!, 2);
        });
        Assert.Equal(Math.Round(rows.Sum(r => (double)r!["expectedReturn"]!), 2), (double)measured["totals"]!["expectedValue"]!, 1);
        Assert.Equal("configured", (string?)configured["rateSource"]);
        Assert.Equal("configured", (string?)configured["candidates"]![0]!["rateSource"]);
        Assert.Equal(0.5, (double)configured["candidates"]![0]!["responseRate"]!);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("No campaign named 'summer'", (string)(await unknown.ValidationErrorsAsync())["upliftFrom"]![0]!);
    }

    [Fact]
    public async Task TheResultIsNotFoundUntilEvaluatedThenServedAsStored()
    {
        await using var app = new ApiApplication(bundle);
        var (client, store) = await ScoredAsync(app);
        await client.SendAsync(Post(Body));

        var before = await client.SendAsync(Get("/v1/campaigns/winter/result"));
        var campaign = (await store.GetCampaignAsync("winter"))!;
        var members = await store.GetCampaignMembersAsync("winter");
        var result = CampaignEvaluator.Evaluate(campaign, members, [new Transaction(members[0].Candidate.CustomerId, new DateTime(2026, 1, 5), 30)], 90);
        await store.SaveCampaignResultAsync("winter", result, new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc));
        var after = await client.SendAsync(Get("/v1/campaigns/winter/result"));
        var unknown = await client.SendAsync(Get("/v1/campaigns/nothing/result"));

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal("Not evaluated yet", (string?)(await before.ReadJsonAsync())["title"]);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var body = await after.ReadJsonAsync();
        Assert.Equal("winter", (string?)body["campaign"]);
        Assert.Equal(result.Overall.Treatment.Customers, (long)body["overall"]!["treatment"]!["customers"]!);
        Assert.Equal(result.Overall.Verdict, (string?)body["overall"]!["verdict"]);
        Assert.Equal(10, body["byDecile"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Unknown campaign", (string?)(await unknown.ReadJsonAsync())["title"]);
    }
}
