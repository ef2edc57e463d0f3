using System.Net;
using System.Net.Http.Headers;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerValue.Api.Tests.Customers;

[Collection(FixtureBundleCollection.Name)]
public sealed class StoreApiTests(FixtureBundle bundle)
{
    static readonly DateOnly AsOf = new(2025, 12, 31);

    // Value at stake = churn × value: R1 450, R2 300, T1 160, R3 40, T2 9; M1 and S1 are not candidates.
    static readonly ScoredCustomer[] Customers =
    [
        Customer("R1", LifecycleStage.Recovery, value: 500, churn: 0.9, segment: "AtRisk", postalCode: "10115"),
        Customer("R2", LifecycleStage.Recovery, value: 400, churn: 0.75, segment: "Hibernating"),
        Customer("T1", LifecycleStage.Retention, value: 800, churn: 0.2, segment: "AtRisk", postalCode: "10115"),
        Customer("R3", LifecycleStage.Recovery, value: 50, churn: 0.8, segment: "Lost"),
        Customer("T2", LifecycleStage.Retention, value: 30, churn: 0.3, segment: "NeedAttention"),
        Customer("M1", LifecycleStage.Monetization, value: 1000, churn: 0.1, segment: "Champions"),
        Customer("S1", LifecycleStage.Segmentation, value: 0, churn: 0.95, segment: "Prospect"),
    ];

    [Fact]
    public async Task UnknownCustomerIsNotFound()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        var response = await client.GetAsync("/v1/customers/NOBODY");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("NOBODY", (string?)(await response.ReadJsonAsync())["detail"]);
    }

    [Fact]
    public async Task KnownCustomerReturnsTheLatestScoreWithItsReasons()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        var response = await client.GetAsync("/v1/customers/R1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("R1", (string?)body["customerId"]);
        Assert.Equal("2025-12-31", (string?)body["asOf"]);
        Assert.Equal(500, (double)body["predictedValue"]!);
        Assert.Equal(0.9, (double)body["churnProbability"]!);
        Assert.Equal(450, (double)body["valueAtStake"]!);
        Assert.Equal("recovery", (string?)body["lifecycleStage"]);
        Assert.Equal("atRisk", (string?)body["rfmSegment"]);
        Assert.Equal("reactivation-offer", (string?)body["recommendedAction"]);
        Assert.Equal(["no order for 200 days lowers the predicted value", "2 repeat orders raises the predicted value"],
            body["topReasons"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task SegmentsCountCustomersWithMeanValueChurnRateAndValueAtStake()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        var body = await (await client.GetAsync("/v1/segments")).ReadJsonAsync();

        Assert.Equal(7, (long)body["customers"]!);
        var atRisk = body["segments"]!.AsArray().Single(s => (string?)s!["segment"] == "atRisk")!;
        Assert.Equal(2, (long)atRisk["customers"]!);
        Assert.Equal(650, (double)atRisk["meanPredictedValue"]!);
        Assert.Equal(0.55, (double)atRisk["churnRate"]!);
        Assert.Equal(610, (double)atRisk["valueAtStake"]!);
        var recovery = body["stages"]!.AsArray().Single(s => (string?)s!["stage"] == "recovery")!;
        Assert.Equal(3, (long)recovery["customers"]!);
        Assert.Equal(790, (double)recovery["valueAtStake"]!);
        Assert.Null(body["channels"]);
    }

    [Fact]
    public async Task SegmentsGiveClvToAcquisitionCostByChannelWhenCostsAreConfigured()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string>
        {
            ["Lifecycle:AcquisitionCostByChannel:email"] = "50",
        });
        var client = await ScoredAsync(app, Customers);

        var body = await (await client.GetAsync("/v1/segments")).ReadJsonAsync();

        var email = body["channels"]!.AsArray().Single(c => (string?)c!["channel"] == "email")!;
        Assert.Equal(7, (long)email["customers"]!);
        Assert.Equal(50, (double)email["acquisitionCost"]!);
        Assert.Equal(Math.Round(2780.0 / 7 / 50, 2), (double)email["valueToCostRatio"]!);
    }

    [Fact]
    public async Task CandidatesAreAtRiskAndLapsedCustomersRankedByValueAtStake()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        var body = await (await client.GetAsync("/v1/reactivation-candidates")).ReadJsonAsync();

        Assert.Equal(["R1", "R2", "T1", "R3", "T2"], body["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!));
        Assert.Equal([1L, 2, 3, 4, 5], body["candidates"]!.AsArray().Select(c => (long)c!["rank"]!));
        Assert.Equal(5, (long)body["totals"]!["customers"]!);
        var first = body["candidates"]![0]!;
        Assert.Equal(200, (int)first["daysSinceLastOrder"]!);
        Assert.Equal("no order for 200 days lowers the predicted value; 2 repeat orders raises the predicted value", (string?)first["reason"]);
        Assert.Equal("reactivation-offer", (string?)first["offer"]);
        Assert.Equal(45, (double)first["offerMaxSpend"]!);
    }

    [Fact]
    public async Task WithoutAStageOnlyAtRiskAndLapsedCustomersAreListedAndStageAllListsEveryone()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        var byDefault = await (await client.GetAsync("/v1/reactivation-candidates")).ReadJsonAsync();
        var everyone = await (await client.GetAsync("/v1/reactivation-candidates?stage=all")).ReadJsonAsync();
        var active = await (await client.GetAsync("/v1/reactivation-candidates?stage=monetization&stage=segmentation")).ReadJsonAsync();

        Assert.Equal(["R1", "R2", "T1", "R3", "T2"], byDefault["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!));
        Assert.Equal(["R1", "R2", "T1", "M1", "R3", "T2", "S1"], everyone["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!));
        Assert.Equal(["M1", "S1"], active["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!));
    }

    /// <summary>rankBy=churn lists the likeliest to churn first: a churn table's run values no one, so its list was in id order.</summary>
    [Fact]
    public async Task RankByChurnListsTheLikeliestToChurnFirst()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        var body = await (await client.GetAsync("/v1/reactivation-candidates?stage=all&rankBy=churn")).ReadJsonAsync();

        var churn = body["candidates"]!.AsArray().Select(c => (double)c!["churnProbability"]!).ToList();
        Assert.Equal(7, churn.Count);
        Assert.Equal(churn.OrderByDescending(p => p), churn);
    }

    [Fact]
    public async Task FiltersNarrowTheRanking()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        var body = await (await client.GetAsync("/v1/reactivation-candidates?segment=atRisk&postalCode=10115&stage=retention&minValue=100")).ReadJsonAsync();

        Assert.Equal(["T1"], body["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!));
    }

    [Fact]
    public async Task BudgetBuysTheContactsWorthMoreThanTheyCostUntilItIsSpent()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        // 10 per contact: T2 (9 at stake) is not worth it; 25 pays for the first two of the other four.
        var body = await (await client.GetAsync("/v1/reactivation-candidates?budget=25&costPerContact=10")).ReadJsonAsync();

        Assert.Equal(["R1", "R2"], body["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!));
        var totals = body["totals"]!;
        Assert.Equal(2, (long)totals["customers"]!);
        Assert.Equal(20, (double)totals["cost"]!);
        Assert.Equal(750, (double)totals["expectedValue"]!);
        Assert.Equal(730, (double)totals["expectedReturn"]!);
        Assert.Equal(36.5, (double)totals["returnOnCost"]!);
        Assert.Equal([440.0, 290], body["candidates"]!.AsArray().Select(c => (double)c!["expectedReturn"]!));
    }

    [Fact]
    public async Task PagesAreConsecutiveSlicesOfOneRanking()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        var page = await (await client.GetAsync("/v1/reactivation-candidates?limit=2&offset=2")).ReadJsonAsync();

        Assert.Equal(["T1", "R3"], page["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!));
        Assert.Equal([3L, 4], page["candidates"]!.AsArray().Select(c => (long)c!["rank"]!));
        Assert.Equal(5, (long)page["totals"]!["customers"]!);
        Assert.Equal(2, (int)page["limit"]!);
        Assert.Equal(2, (int)page["offset"]!);
    }

    [Fact]
    public async Task CsvExportStreamsInertQuotedCellsWithTotalsInHeaders()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app,
            [Customer("=HYPERLINK(\"x\")", LifecycleStage.Recovery, value: 1000, churn: 0.5, segment: "Lost"), .. Customers]);
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/reactivation-candidates?budget=30&costPerContact=10");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3", response.Headers.GetValues("X-Total-Customers").Single());
        Assert.Equal("30", response.Headers.GetValues("X-Total-Cost").Single());
        Assert.Equal("1250", response.Headers.GetValues("X-Expected-Value").Single());
        Assert.Equal("1220", response.Headers.GetValues("X-Expected-Return").Single());
        Assert.Equal("40.6667", response.Headers.GetValues("X-Return-On-Cost").Single());
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", CandidateCsvWriter.Header), lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("1,\"'=HYPERLINK(\"\"x\"\")\",Recovery,Lost,200,1000,0.5,500,", lines[1]);
    }

    [Fact]
    public async Task FormatCsvWorksWithoutAnAcceptHeader()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        var response = await client.GetAsync("/v1/reactivation-candidates?format=csv&limit=1");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("offset=-5", "offset")]
    [InlineData("minValue=lots", "minValue")]
    [InlineData("stage=vip", "stage")]
    [InlineData("stage=retention,4", "stage")]
    [InlineData("minValueAtStake=-1", "minValueAtStake")]
    [InlineData("responseRate=1.5", "responseRate")]
    [InlineData("segment=vips", "segment")]
    [InlineData("budget=100", "budget")]
    [InlineData("costPerContact=0", "costPerContact")]
    [InlineData("format=xml", "format")]
    public async Task BadQueryValueIsAValidationProblemNamingTheParameter(string query, string parameter)
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, Customers);

        var response = await client.GetAsync("/v1/reactivation-candidates?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([parameter], (await response.ValidationErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task ListsAnswerServiceUnavailableUntilSomethingIsScored()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient(ApiApplication.ReadKey);

        var segments = await client.GetAsync("/v1/segments");
        var candidates = await client.GetAsync("/v1/reactivation-candidates");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, segments.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, candidates.StatusCode);
    }

    [Fact]
    public async Task AnEmptyStoreIsSeededFromTheSampleDataAtStart()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Store:SeedOnStart"] = "true" });
        var client = app.CreateClient(ApiApplication.ReadKey);

        var ready = await app.WaitForAsync(client, "/health/ready", b => (string?)b["status"] == "Healthy");
        var segments = await (await client.GetAsync("/v1/segments")).ReadJsonAsync();
        var candidates = await (await client.GetAsync("/v1/reactivation-candidates?limit=1")).ReadJsonAsync();

        var store = ready["checks"]!.AsArray().Single(c => (string?)c!["name"] == "store")!;
        Assert.Equal(2500, (long)store["data"]!["customers"]!);
        Assert.Equal(FixtureBundle.Version, (string?)segments["modelVersion"]);
        Assert.Equal("2025-12-31", (string?)segments["asOf"]);
        Assert.Equal(2500, segments["stages"]!.AsArray().Sum(s => (long)s!["customers"]!));
        var top = candidates["candidates"]![0]!;
        Assert.NotEmpty((string)top["reason"]!);
        var customer = await (await client.GetAsync("/v1/customers/" + (string)top["customerId"]!)).ReadJsonAsync();
        Assert.Equal(3, customer["topReasons"]!.AsArray().Count);
        // Listed for the action's reason (the trigger and the margin at stake), with the value's drivers beside it.
        Assert.Equal((string?)customer["actionReason"], (string?)top["reason"]);
        Assert.Matches("^(win back|overdue|regular buyer|a customer for|churn probability|spend trend|no order)", (string)top["reason"]!);
        Assert.Contains("margin at stake", (string)top["reason"]!);
        Assert.Equal(string.Join("; ", customer["topReasons"]!.AsArray().Select(r => (string)r!)), (string?)top["valueDrivers"]);
    }

    static async Task<HttpClient> ScoredAsync(ApiApplication app, IReadOnlyList<ScoredCustomer> customers)
    {
        var client = app.CreateClient(ApiApplication.ReadKey);
        var store = app.Services.GetRequiredService<ICustomerStore>();
        await store.WriteRunAsync(new ScoringRunStart(FixtureBundle.Version, AsOf), customers);
        return client;
    }

    static ScoredCustomer Customer(string id, LifecycleStage stage, double value, double churn, string segment, string? postalCode = null) => new()
    {
        CustomerId = id,
        AsOf = AsOf,
        PredictedValue = value,
        ValueP10 = value * 0.5,
        ValueP90 = value * 1.5,
        ChurnProbability = churn,
        Stage = stage,
        RfmSegment = segment,
        DaysSinceLastOrder = 200,
        Orders = 3,
        TotalSpend = 420,
        PostalCode = postalCode,
        Channel = "email",
        TopReasons = ["no order for 200 days lowers the predicted value", "2 repeat orders raises the predicted value"],
        RecommendedAction = stage is LifecycleStage.Recovery or LifecycleStage.Retention ? "reactivation-offer" : "upsell",
        ActionMaxSpend = Math.Round(value * 0.09, 2),
    };
}
