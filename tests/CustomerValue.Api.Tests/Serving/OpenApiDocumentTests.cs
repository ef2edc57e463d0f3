using System.Net;
using System.Text.Json.Nodes;
using CustomerValue.Api.Tests.Fixtures;
using Microsoft.OpenApi;

namespace CustomerValue.Api.Tests.Serving;

[Collection(FixtureBundleCollection.Name)]
public sealed class OpenApiDocumentTests(FixtureBundle bundle)
{
    [Fact]
    public async Task TheDocumentReadsWithoutErrorsInTheLibraryClientGeneratorsUse()
    {
        await using var app = new ApiApplication(bundle);
        var json = await app.CreateClient().GetStringAsync("/openapi/v1.json");

        var result = OpenApiDocument.Parse(json, "json");
        var errors = result.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? [];

        Assert.Empty(result.Diagnostic!.Errors.Select(e => e.ToString()));
        Assert.Empty(errors.Select(e => e.ToString()));
        Assert.Equal(17, result.Document!.Paths!.Count);
    }

    [Theory]
    [InlineData("/v1/predictions", "post", "400 401 403 413 415 429 503")]
    [InlineData("/v1/predictions/batch", "post", "400 401 403 413 415 429 503")]
    [InlineData("/v1/customers/{id}", "get", "401 403 404 429")]
    [InlineData("/v1/customers", "get", "400 401 403 404 429")]
    [InlineData("/v1/segments", "get", "401 403 429 503")]
    [InlineData("/v1/reactivation-candidates", "get", "400 401 403 429 503")]
    [InlineData("/v1/model", "get", "503")]
    [InlineData("/v1/campaigns", "post", "400 401 403 409 422 429 503")]
    [InlineData("/v1/campaigns/{name}/result", "get", "401 403 404 429")]
    [InlineData("/v1/model/drift", "get", "401 403 429 503")]
    [InlineData("/v1/runs/{id}/realised", "get", "401 403 404 429")]
    public async Task EachOperationDocumentsItsErrorsAsProblemDocuments(string path, string method, string statuses)
    {
        await using var app = new ApiApplication(bundle);
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var responses = document["paths"]![path]![method]!["responses"]!.AsObject();

        foreach (var status in statuses.Split(' '))
        {
            var content = responses[status]?["content"]?.AsObject();
            Assert.True(content is not null, $"{method} {path} does not document {status}");
            var schema = (string?)content["application/problem+json"]?["schema"]?["$ref"];
            Assert.True(schema is "#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails", $"{method} {path} {status}: {content.ToJsonString()}");
        }
    }

    [Fact]
    public async Task ListQueryParametersAreCamelCaseTypedAndDescribed()
    {
        await using var app = new ApiApplication(bundle);
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var operation = document["paths"]!["/v1/reactivation-candidates"]!["get"]!;
        var parameters = operation["parameters"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => p!);

        Assert.Equal(["limit", "offset", "minValue", "minValueAtStake", "stage", "segment", "postalCode", "device", "channel", "budget", "costPerContact", "responseRate", "format", "upliftFrom", "rankBy"], parameters.Keys);
        Assert.Equal(["valueAtStake", "churn"], parameters["rankBy"]["schema"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("integer", (string?)parameters["limit"]["schema"]!["type"]);
        Assert.Equal("string", (string?)parameters["upliftFrom"]["schema"]!["type"]);
        Assert.Equal("number", (string?)parameters["costPerContact"]["schema"]!["type"]);
        Assert.Equal("array", (string?)parameters["stage"]["schema"]!["type"]);
        Assert.Equal(["segmentation", "acquisition", "monetization", "retention", "recovery", "all"],
            parameters["stage"]["schema"]!["items"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.All(parameters.Values, p => Assert.False(string.IsNullOrEmpty((string?)p["description"])));
        var ok = operation["responses"]!["200"]!["content"]!.AsObject();
        Assert.Equal(["application/json", "text/csv"], ok.Select(c => c.Key));
        Assert.Equal("#/components/schemas/CandidatesResponse", (string?)ok["application/json"]!["schema"]!["$ref"]);
    }

    [Fact]
    public async Task HealthEndpointsAreInTheDocument()
    {
        await using var app = new ApiApplication(bundle);
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        Assert.Equal("HealthReady", (string?)document["paths"]!["/health/ready"]!["get"]!["operationId"]);
        Assert.NotNull(document["paths"]!["/health/live"]!["get"]!["responses"]!["200"]);
        Assert.NotNull(document["components"]!["schemas"]!["HealthReport"]);
    }

    [Fact]
    public async Task TheReferencePageIsServedInDevelopmentOnly()
    {
        await using var development = new ApiApplication(bundle);
        await using var production = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["environment"] = "Production" });

        var page = await development.CreateClient().GetAsync("/scalar/v1");
        var absent = await production.CreateClient().GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("openapi/v1.json", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
    }
}
