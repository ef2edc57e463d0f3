using System.Net;
using CustomerValue.Api.Tests.Fixtures;

namespace CustomerValue.Api.Tests.Predictions;

[Collection(FixtureBundleCollection.Name)]
public sealed class ValidationTests(FixtureBundle bundle)
{
    [Theory]
    [InlineData("""{ "asOf": "2025-01-31", "history": { "orders": [ { "date": "2025-01-03" } ] } }""",
        "history.orders[0].amount", "is required.")]
    [InlineData("""{ "asOf": "2025-01-31", "history": { "orders": [ { "amount": 5 } ] } }""",
        "history.orders[0].date", "is required.")]
    [InlineData("""{ "asOf": "2025-01-31", "history": { "orders": [ { "date": "2025-01-03", "amount": 1 }, { "date": "2025-01-04", "amount": 2 }, { "date": "2025-01-05", "amount": -3 } ] } }""",
        "history.orders[2].amount", "is -3; it must be at least 0 (net a return into the order it refunds).")]
    [InlineData("""{ "asOf": "2025-01-31", "history": { "orders": [ { "date": "2025-02-03", "amount": 5 } ] } }""",
        "history.orders[0].date", "is 2025-02-03, after asOf (2025-01-31).")]
    [InlineData("""{ "asOf": "2999-01-01", "profile": { "channel": "email" } }""",
        "asOf", null)]
    [InlineData("""{ "asOf": "2025-01-31", "profile": { "signupDate": "2025-03-01" } }""",
        "profile.signupDate", "is 2025-03-01, after asOf (2025-01-31).")]
    [InlineData("""{ "asOf": "2025-01-31", "profile": { "device": "toaster" } }""",
        "profile.device", null)]
    [InlineData("""{ "asOf": "2025-01-31", "profile": { "attributes": { "loyalty_points": "lots" } } }""",
        "profile.attributes.loyalty_points", "must be a number: the model reads 'loyalty_points' as numeric.")]
    [InlineData("""{ "asOf": "2025-01-31", "history": { "summary": { "orders": 3, "totalSpend": 90, "firstOrderDate": "2024-06-01", "lastOrderDate": "2024-05-01" } } }""",
        "history.summary.lastOrderDate", "is 2024-05-01, before firstOrderDate (2024-06-01).")]
    [InlineData("""{ "asOf": "2025-01-31", "history": { "summary": { "totalSpend": 90, "firstOrderDate": "2024-06-01", "lastOrderDate": "2024-07-01" } } }""",
        "history.summary.orders", "is required.")]
    [InlineData("""{ "asOf": "2025-01-31", "history": { "orders": [], "summary": { "orders": 1, "totalSpend": 9, "firstOrderDate": "2024-06-01", "lastOrderDate": "2024-06-01" } } }""",
        "history", "give either orders or summary, not both.")]
    [InlineData("""{ "asOf": "2025-01-31" }""",
        "profile", "give a profile, a history, or both.")]
    [InlineData("""{ "asOf": "2025-01-31", "history": { "orders": [ { "date": "2025-01-03", "amount": "12.5" } ] } }""",
        "history.orders[0].amount", "must be a number.")]
    [InlineData("""{ "asOf": "31/01/2025", "profile": { "channel": "email" } }""",
        "asOf", "must be a date written YYYY-MM-DD.")]
    [InlineData("""{ "asOf": "2025-01-31", "profile": { "newsletter": "maybe" } }""",
        "profile.newsletter", "must be true or false.")]
    public async Task BadInputIsAValidationProblemNamingTheField(string body, string field, string? message)
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = await response.ValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field), $"no error for {field} in {errors.ToJsonString()}");
        if (message is not null)
            Assert.Equal(message, (string?)errors[field]![0]);
    }

    [Fact]
    public async Task EveryBadFieldIsReportedAtOnce()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions", """
            { "asOf": "2025-01-31", "profile": { "device": "toaster" },
              "history": { "orders": [ { "date": "2025-02-03", "amount": -1 } ] } }
            """);

        var errors = await response.ValidationErrorsAsync();
        Assert.Equal(["history.orders[0].amount", "history.orders[0].date", "profile.device"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task DeviceMatchesTheModelsVocabularyWhateverItsCase()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();
        var device = bundle.Devices[0].ToUpperInvariant();

        var response = await client.PostJsonAsync("/v1/predictions",
            $$"""{ "asOf": "2025-01-31", "profile": { "device": "{{device}}" }, "history": { "orders": [ { "date": "2025-01-03", "amount": 10 } ] } }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain((await response.ReadJsonAsync())["warnings"]!.AsArray(), w => (string?)w!["field"] == "profile.device");
    }

    [Fact]
    public async Task ConfiguredDeviceTheModelNeverSawIsAcceptedWithAWarning()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions",
            """{ "asOf": "2025-01-31", "profile": { "device": "tablet" }, "history": { "orders": [ { "date": "2025-01-03", "amount": 10 } ] } }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warning = Assert.Single((await response.ReadJsonAsync())["warnings"]!.AsArray(), w => (string?)w!["field"] == "profile.device");
        Assert.Equal("unknownCategory", (string?)warning!["code"]);
    }
}
