using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Api.Tests.Serving;

[Collection(FixtureBundleCollection.Name)]
public sealed class ModelApiTests(FixtureBundle bundle)
{
    [Fact]
    public async Task ModelEndpointSummarizesTheLoadedCard()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.GetAsync("/v1/model");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(FixtureBundle.Version, (string?)body["version"]);
        Assert.Equal(1, (long)body["generation"]!);
        Assert.Equal(64, ((string)body["sha256"]!).Length);
        Assert.Equal("2024-12-31", (string?)body["cutoff"]);
        Assert.Equal(365, (int)body["horizonDays"]!);
        Assert.Equal(bundle.Card.Grade, (string?)body["grade"]);
        Assert.Equal(bundle.Card.Clv!.Metrics.NormalizedGini, (double)body["metrics"]!["clv"]!["normalizedGini"]!, 12);
        Assert.Equal(bundle.Card.Churn.Metrics.Auc, (double)body["metrics"]!["churn"]!["auc"]!, 12);
        Assert.Equal(bundle.Card.Features.Select(f => f.Name), body["features"]!.AsArray().Select(f => (string)f!));
        Assert.False((bool)body["status"]!["lastLoadFailed"]!);
        Assert.Equal(bundle.Card.Forecast!.PredictedValue, (double)body["forecast"]!["predictedValue"]!, 9);
        Assert.Equal(bundle.Card.Forecast.Customers, (int)body["forecast"]!["customers"]!);
        Assert.Equal("2025-12-31", (string?)body["forecast"]!["asOf"]);
        Assert.Equal(bundle.Card.Forecast.ByMonth!.Select(m => m.PredictedValue), body["forecast"]!["byMonth"]!.AsArray().Select(m => (double)m!["predictedValue"]!));
    }

    [Fact]
    public async Task TheCardsWarningsComeWithTheModelButNotTheRestatedEvaluation()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var folder = bundle.Publish(app.ModelsDirectory, "noted");
        const string Doubled = "orders.csv: 5,000 of the 30,112 rows loaded (16.6 %) repeat an earlier row's customer, timestamp, amount and order id";
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName),
            (bundle.Card with { Version = "noted", Notes = [bundle.Card.Evaluation.Description, Doubled] }).ToJson());
        app.WritePointer("noted");

        var body = await (await app.CreateClient().GetAsync("/v1/model")).ReadJsonAsync();

        Assert.Equal("noted", (string?)body["version"]);
        Assert.Equal([Doubled], body["notes"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task PingAnswersAConstantObject()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var body = await client.GetStringAsync("/v1/ping");

        Assert.Equal("""{"status":"pong","service":"CustomerValue.Api"}""", body);
    }

    [Fact]
    public async Task OpenApiDocumentListsEveryEndpointWithRequestExamples()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var paths = document["paths"]!.AsObject().Select(p => p.Key).Order();
        Assert.Equal(["/health/live", "/health/ready", "/v1/admin/reload", "/v1/campaigns", "/v1/campaigns/{name}", "/v1/campaigns/{name}/result",
            "/v1/campaigns/{name}/treatment", "/v1/customers", "/v1/customers/{id}", "/v1/model", "/v1/model/drift", "/v1/ping", "/v1/predictions",
            "/v1/predictions/batch", "/v1/reactivation-candidates", "/v1/runs/{id}/realised", "/v1/segments"], paths);
        var examples = document["paths"]!["/v1/predictions"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        Assert.Equal(["longHistory", "newCustomer", "summary"], examples.Select(e => e.Key).Order());
    }
}
