using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerValue.Api.Predictions;
using CustomerValue.Api.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Tests.Predictions;

[Collection(FixtureBundleCollection.Name)]
public sealed class ExplanationItemJsonTests(FixtureBundle bundle)
{
    [Fact]
    public async Task ANumericFeatureGivesItsValueAndACategoricalOneItsCategory()
    {
        await using var app = new ApiApplication(bundle);
        var options = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        ExplanationItem[] items =
        [
            new("first_ticket", 84.9, null, 0.25, "a first order of 84.90 raises the predicted value"),
            new("device", null, "ios", -0.5, "device 'ios' lowers the predicted value"),
        ];

        var json = JsonNode.Parse(JsonSerializer.Serialize(items, options))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            [ { "feature": "first_ticket", "value": 84.9, "contribution": 0.25, "text": "a first order of 84.90 raises the predicted value" },
              { "feature": "device", "value": null, "category": "ios", "contribution": -0.5, "text": "device 'ios' lowers the predicted value" } ]
            """), json), json.ToJsonString());
    }
}
