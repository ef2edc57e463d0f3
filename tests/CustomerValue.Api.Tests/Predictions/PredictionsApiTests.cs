using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Segmentation;
using CustomerValue.Core.Serving;

namespace CustomerValue.Api.Tests.Predictions;

[Collection(FixtureBundleCollection.Name)]
public sealed class PredictionsApiTests(FixtureBundle bundle)
{
    const string NewCustomer = """
        {
          "customerId": "N-1",
          "asOf": "2025-01-31",
          "profile": { "postalCode": "60616", "device": "ios", "channel": "email", "newsletter": true,
                       "signupDate": "2025-01-02", "attributes": { "age_band": "35-44", "loyalty_points": 0 } },
          "history": { "orders": [ { "date": "2025-01-03", "amount": 84.90 } ] }
        }
        """;

    [Fact]
    public async Task BrandNewCustomerIsInAcquisitionWithASecondPurchaseIncentive()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions", NewCustomer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("N-1", (string?)body["customerId"]);
        Assert.Equal(FixtureBundle.Version, (string?)body["modelVersion"]);
        Assert.Equal(365, (int)body["horizonDays"]!);
        Assert.Equal("acquisition", (string?)body["lifecycleStage"]);
        var segment = new RfmScorer(bundle.Card.Rfm!).Score(new RfmValues(RecencyDays: 28, Frequency: 0, Monetary: 84.90)).Segment;
        Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(segment.ToString()), (string?)body["rfmSegment"]);
        Assert.Equal("second-purchase-incentive", (string?)body["recommendations"]![0]!["action"]);
        var value = (double)body["predictedValue"]!;
        Assert.InRange((double)body["valueInterval"]!["p10"]!, 0, value);
        Assert.True((double)body["valueInterval"]!["p90"]! >= value);
        Assert.InRange((double)body["churnProbability"]!, 0, 1);
        Assert.Equal(3, body["explanation"]!.AsArray().Count);
    }

    [Fact]
    public async Task ARegularBuyerGetsAnExpectedNextOrderDateWithinTheHorizonAndAOneTimeBuyerFromLongAgoNone()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();
        const string regular = """
            { "customerId": "R-1", "asOf": "2025-01-31",
              "history": { "orders": [ { "date": "2024-03-02", "amount": 40 }, { "date": "2024-05-04", "amount": 45 },
                                       { "date": "2024-07-06", "amount": 38 }, { "date": "2024-09-07", "amount": 52 },
                                       { "date": "2024-11-09", "amount": 41 }, { "date": "2025-01-11", "amount": 44 } ] } }
            """;
        const string lapsed = """
            { "customerId": "L-1", "asOf": "2025-01-31",
              "history": { "orders": [ { "date": "2022-02-01", "amount": 40 }, { "date": "2022-02-03", "amount": 45 },
                                       { "date": "2022-02-05", "amount": 38 } ] } }
            """;

        var regularBody = await (await client.PostJsonAsync("/v1/predictions", regular)).ReadJsonAsync();
        var lapsedBody = await (await client.PostJsonAsync("/v1/predictions", lapsed)).ReadJsonAsync();

        var next = DateOnly.Parse((string)regularBody["expectedNextOrderDate"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(next, new DateOnly(2025, 2, 1), new DateOnly(2025, 1, 31).AddDays(365));
        Assert.True(lapsedBody.AsObject().ContainsKey("expectedNextOrderDate"));
        Assert.Null(lapsedBody["expectedNextOrderDate"]);
    }

    [Fact]
    public async Task APredictionIsJsonThatTheOpenApiDocumentDescribes()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions", NewCustomer);
        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var schema = document["paths"]!["/v1/predictions"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("#/components/schemas/PredictionResponse", (string?)schema["$ref"]);
        var properties = document["components"]!["schemas"]!["PredictionResponse"]!["properties"]!.AsObject().Select(p => p.Key);
        var answered = (await response.ReadJsonAsync()).AsObject().Select(p => p.Key);
        Assert.Equal(properties, answered);
        // Both endpoints declare the explain flag, so the framework documents it alike.
        var parameters = document["paths"]!["/v1/predictions"]!["post"]!["parameters"];
        Assert.Equal("explain", (string?)parameters![0]!["name"]);
        Assert.True(JsonNode.DeepEquals(document["paths"]!["/v1/predictions/batch"]!["post"]!["parameters"], parameters));
    }

    [Fact]
    public async Task LongHistoryCustomerGetsTheValueTheTrainingFeatureCodeGives()
    {
        var (request, expected) = await SampleCustomerAsync();
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions", request.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(Math.Round(expected.PredictedValue, 2), (double)body["predictedValue"]!);
        Assert.Equal(Math.Round(expected.ChurnProbability, 4), (double)body["churnProbability"]!);
        var explanation = body["explanation"]!.AsArray();
        Assert.Equal(expected.Contributions.Take(3).Select(c => c.Feature), explanation.Select(e => (string)e!["feature"]!));
    }

    [Fact]
    public async Task ExplanationNamesTheCustomersOwnValueInPlainWords()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var body = await (await client.PostJsonAsync("/v1/predictions", NewCustomer)).ReadJsonAsync();

        foreach (var item in body["explanation"]!.AsArray())
        {
            var text = (string)item!["text"]!;
            var contribution = (double)item["contribution"]!;
            Assert.Matches(contribution > 0 ? " raises? the predicted value$" : " lowers? the predicted value$", text);
            if ((string)item["feature"]! == FeatureColumns.RecencyDays)
                Assert.StartsWith("no order for 28 days ", text);
            if ((string)item["feature"]! == FeatureColumns.FirstTicket)
                Assert.Equal(84.9, (double)item["value"]!);
        }
    }

    [Fact]
    public async Task ExplainFalseLeavesTheExplanationOutButNotTheValue()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var explained = await (await client.PostJsonAsync("/v1/predictions", NewCustomer)).ReadJsonAsync();
        var plain = await (await client.PostJsonAsync("/v1/predictions?explain=false", NewCustomer)).ReadJsonAsync();

        Assert.Null(plain["explanation"]);
        Assert.Equal((double)explained["predictedValue"]!, (double)plain["predictedValue"]!);
    }

    /// <summary>Both endpoints declare <c>bool explain = true</c>: every query string reads alike on the two.</summary>
    [Theory]
    [InlineData("", true)]
    [InlineData("?explain=false", false)]
    [InlineData("?explain=true", true)]
    [InlineData("?EXPLAIN=False", false)]
    [InlineData("?expl%61in=%20false+", false)]
    [InlineData("?other=1&&explain=false&flag", false)]
    [InlineData("?explain=false&explain=false", null)]
    [InlineData("?explain=maybe", null)]
    [InlineData("?explain=", null)]
    [InlineData("?explain", null)]
    [InlineData("?explain=fa%6Cse", false)]
    [InlineData("?explain=0", null)]
    [InlineData("?explained=false", true)]
    public async Task TheExplainFlagReadsAsTheFrameworkBindsIt(string query, bool? explains)
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var single = await client.PostJsonAsync("/v1/predictions" + query, NewCustomer);
        var batch = await client.PostJsonAsync("/v1/predictions/batch" + query, $$"""{ "items": [ {{NewCustomer}} ] }""");

        Assert.Equal(batch.StatusCode, single.StatusCode);
        var (singleBody, batchBody) = (await single.ReadJsonAsync(), await batch.ReadJsonAsync());
        if (explains is not { } expected)
        {
            Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
            Assert.Equal((string?)batchBody["detail"], (string?)singleBody["detail"]);
            Assert.StartsWith("Failed to bind parameter \"bool explain\" from ", (string?)singleBody["detail"]);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal(expected, singleBody["explanation"] is not null);
        Assert.Equal(expected, batchBody["results"]![0]!["prediction"]!["explanation"] is not null);
    }

    [Fact]
    public async Task SummaryHistoryIsScoredWithAnApproximationWarning()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions", """
            { "asOf": "2025-01-31", "profile": { "device": "web" },
              "history": { "summary": { "orders": 6, "totalSpend": 540, "firstOrderDate": "2023-06-10",
                                        "lastOrderDate": "2024-12-01", "firstOrderValue": 120 } } }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var warning = Assert.Single(body["warnings"]!.AsArray(), w => (string)w!["code"]! == "approximateHistory");
        Assert.Equal("history.summary", (string?)warning!["field"]);
        Assert.Null((string?)body["customerId"]);
    }

    [Fact]
    public async Task UnseenPostalCodeIsAWarningNotAnError()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();
        var seen = bundle.Card.Vector.Categorical.Single(v => v.Column == FeatureColumns.PostalRegion).Values;
        var unseen = Enumerable.Range(0, 100).Select(i => i.ToString("00")).First(r => !seen.Contains(r));

        var response = await client.PostJsonAsync("/v1/predictions", $$"""
            { "asOf": "2025-01-31", "profile": { "postalCode": "{{unseen}}999" },
              "history": { "orders": [ { "date": "2025-01-03", "amount": 10 } ] } }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warning = Assert.Single((await response.ReadJsonAsync())["warnings"]!.AsArray(), w => (string)w!["code"]! == "unknownCategory");
        Assert.Equal("profile.postalCode", (string?)warning!["field"]);
        Assert.Contains($"'{unseen}'", (string)warning["message"]!);
    }

    [Fact]
    public async Task AMissingSignupDateIsAssumedToBeTheFirstOrderWithAWarning()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();
        var withoutSignup = NewCustomer.Replace("\"signupDate\": \"2025-01-02\", ", "");
        var withFirstOrderAsSignup = NewCustomer.Replace("2025-01-02", "2025-01-03");

        var assumed = await (await client.PostJsonAsync("/v1/predictions?explain=false", withoutSignup)).ReadJsonAsync();
        var given = await (await client.PostJsonAsync("/v1/predictions?explain=false", withFirstOrderAsSignup)).ReadJsonAsync();

        Assert.NotEqual(NewCustomer, withoutSignup);
        Assert.Equal((double)given["predictedValue"]!, (double)assumed["predictedValue"]!);
        Assert.Equal((double)given["expectedOrders"]!, (double)assumed["expectedOrders"]!);
        Assert.Contains(assumed["warnings"]!.AsArray(), w => (string?)w!["code"] == "signupDateAssumed" && (string?)w["field"] == "profile.signupDate");
        Assert.DoesNotContain(given["warnings"]!.AsArray(), w => (string?)w!["code"] == "signupDateAssumed");
    }

    [Fact]
    public async Task ProspectWithoutHistoryIsInSegmentation()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var body = await (await client.PostJsonAsync("/v1/predictions",
            """{ "asOf": "2025-01-31", "profile": { "channel": "organic", "signupDate": "2025-01-20" } }""")).ReadJsonAsync();

        Assert.Equal("segmentation", (string?)body["lifecycleStage"]);
        Assert.Equal("prospect", (string?)body["rfmSegment"]);
        Assert.Equal("welcome-offer", (string?)body["recommendations"]![0]!["action"]);
    }

    [Fact]
    public async Task BatchScoresGoodItemsAndReportsABadOneByIndex()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions/batch", $$"""
            { "items": [ {{NewCustomer}},
                         { "asOf": "2025-01-31", "history": { "orders": [ { "date": "2025-01-03", "amount": -5 } ] } },
                         { "asOf": "2025-01-31", "history": { "orders": [ { "date": "2025-01-03", "amount": "ten" } ] } } ] }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(1, (int)body["succeeded"]!);
        Assert.Equal(2, (int)body["failed"]!);
        var results = body["results"]!.AsArray();
        Assert.Equal("N-1", (string?)results[0]!["prediction"]!["customerId"]);
        Assert.Equal(1, (int)results[1]!["index"]!);
        Assert.NotNull(results[1]!["errors"]!["history.orders[0].amount"]);
        Assert.Equal(2, (int)results[2]!["index"]!);
        Assert.Equal("must be a number.", (string?)results[2]!["errors"]!["history.orders[0].amount"]![0]);
    }

    [Fact]
    public async Task BatchOverTheLimitIsRejectedNamingItems()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Api:MaxBatchSize"] = "2" });
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions/batch", $$"""{ "items": [ {{NewCustomer}}, {{NewCustomer}}, {{NewCustomer}} ] }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ValidationErrorsAsync();
        Assert.Equal("holds 3 items; a batch holds 1 to 2 (Api:MaxBatchSize).", (string?)errors["items"]![0]);
    }

    /// <summary>
    /// A customer of the sample with several purchase days and no returns before the cutoff, as a
    /// request, and what the bundle predicts for the row FeatureBuilder.Build made for them.
    /// </summary>
    async Task<(JsonObject Request, BundlePrediction Expected)> SampleCustomerAsync()
    {
        var samples = Path.Combine(RepositoryRoot.Find(), "data-samples", "synthetic");
        var transactions = new TransactionLoader().Load(Path.Combine(samples, "transactions.csv")).Transactions;
        var customers = new CustomerLoader().Load(Path.Combine(samples, "customers.csv")).Customers;
        var cutoff = FixtureBundle.Cutoff;
        var history = transactions
            .Where(t => DateOnly.FromDateTime(t.Timestamp) <= cutoff)
            .GroupBy(t => t.CustomerId)
            .Where(g => g.All(t => t.Amount >= 0) && g.Select(t => t.Timestamp.Date).Distinct().Count() >= 5)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .First();
        var profile = customers.Single(c => c.CustomerId == history.Key);

        var directory = Path.Combine(Path.GetTempPath(), "cvml-api-expected-" + Guid.NewGuid().ToString("N"));
        try
        {
            bundle.Publish(directory, "expected");
            File.WriteAllText(Path.Combine(directory, "current"), "expected");
            using var source = new ModelSource<ModelBundle>(new ModelSourceOptions { ModelsDirectory = directory, WatchForChanges = false }, ModelBundle.Load);
            await source.StartAsync();
            using var lease = source.Acquire();
            var row = FeatureBuilder.Snapshot(profile, [.. history], cutoff, lease.Bundle.FeatureOptions);
            var expected = lease.Bundle.Predict(row, explain: true);

            var request = CustomerRequests.Of(profile, history, cutoff);
            return (request, expected);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
