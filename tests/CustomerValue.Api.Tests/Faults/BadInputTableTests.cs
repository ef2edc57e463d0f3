using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerValue.Api.Tests.Faults;

/// <summary>The API rows of issue 16's table of bad inputs, each with the clear answer it now gets.</summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class BadInputTableTests(FixtureBundle bundle)
{
    [Theory]
    [InlineData("costPerContact=1e-308", "costPerContact")]
    [InlineData("costPerContact=1e300&budget=10", "costPerContact")]
    [InlineData("budget=1e300&costPerContact=1", "budget")]
    [InlineData("minValue=-1e300", "minValue")]
    [InlineData("rankBy=value", "rankBy")]
    public async Task ExtremeListParametersAreABadRequestNamingTheParameter(string query, string parameter)
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, "C1");

        var response = await client.GetAsync("/v1/reactivation-candidates?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([parameter], (await response.ValidationErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task AnyCustomerIdIsReachableByQuery()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, "shop/42 ?&#");

        var byQuery = await client.GetAsync("/v1/customers?id=" + Uri.EscapeDataString("shop/42 ?&#"));
        var missing = await client.GetAsync("/v1/customers?id=");

        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal("shop/42 ?&#", (string?)(await byQuery.ReadJsonAsync())["customerId"]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["id"], (await missing.ValidationErrorsAsync()).Select(e => e.Key));
    }

    [Fact]
    public async Task AnEncodedSlashInThePathFindsTheCustomer()
    {
        await using var app = new ApiApplication(bundle);
        var client = await ScoredAsync(app, "shop/42");

        var response = await client.GetAsync("/v1/customers/shop%2F42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("shop/42", (string?)(await response.ReadJsonAsync())["customerId"]);
    }

    [Theory]
    [InlineData("""{ "date": "0001-01-01", "amount": 10 }""", "history.orders[0].date", "0001-01-01 is before 1900-01-01, the earliest date accepted.")]
    [InlineData("""{ "date": "2025-01-03", "amount": 1e30 }""", "history.orders[0].amount", "1E+30 is beyond ±1e12, the largest amount accepted.")]
    [InlineData("""{ "date": "2025-01-03", "amount": 1e308 }""", "history.orders[0].amount", "1E+308 is beyond ±1e12, the largest amount accepted.")]
    public async Task AnOrderOutOfRangeIsABadRequestNamingItsField(string order, string field, string message)
    {
        await using var app = new ApiApplication(bundle);

        var response = await app.CreateClient().PostJsonAsync("/v1/predictions",
            $$"""{ "asOf": "2025-01-31", "history": { "orders": [ {{order}} ] } }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, (string?)(await response.ValidationErrorsAsync())[field]![0]);
    }

    static async Task<HttpClient> ScoredAsync(ApiApplication app, string customerId)
    {
        var client = app.CreateClient(ApiApplication.ReadKey);
        var asOf = new DateOnly(2025, 12, 31);
        await app.Services.GetRequiredService<ICustomerStore>().WriteRunAsync(new ScoringRunStart(FixtureBundle.Version, asOf),
        [
            new ScoredCustomer
            {
                CustomerId = customerId, AsOf = asOf, PredictedValue = 100, ValueP10 = 50, ValueP90 = 150, ChurnProbability = 0.5,
                Stage = LifecycleStage.Retention, RfmSegment = "AtRisk", DaysSinceLastOrder = 200, Orders = 3, TotalSpend = 420,
                TopReasons = [], RecommendedAction = "reactivation-offer", ActionMaxSpend = 9,
            },
        ]);
        return client;
    }
}
