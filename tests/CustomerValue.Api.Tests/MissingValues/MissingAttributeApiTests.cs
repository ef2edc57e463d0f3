using System.Globalization;
using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Features;

namespace CustomerValue.Api.Tests.MissingValues;

[Collection(FixtureBundleCollection.Name)]
public sealed class MissingAttributeApiTests(FixtureBundle bundle)
{
    [Fact]
    public async Task AProfileWithoutItsNumericAttributeIsScoredAsTheTrainingFill()
    {
        // The fixture's training profiles all have loyalty points, so its trees never split on the
        // indicator and a customer without them must score exactly as one at the training median.
        var fill = bundle.Card.Vector.Missing!.Single(m => m.Column == FeatureColumns.Attribute("loyalty_points")).Fill;
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var missing = await client.PostJsonAsync("/v1/predictions", Request("\"age_band\": \"35-44\""));
        var filled = await client.PostJsonAsync("/v1/predictions",
            Request($"\"age_band\": \"35-44\", \"loyalty_points\": {fill.ToString(CultureInfo.InvariantCulture)}"));

        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, filled.StatusCode);
        var missingBody = await missing.ReadJsonAsync();
        var filledBody = await filled.ReadJsonAsync();
        Assert.Equal((double)filledBody["predictedValue"]!, (double)missingBody["predictedValue"]!);
        Assert.Equal((double)filledBody["churnProbability"]!, (double)missingBody["churnProbability"]!);
    }

    static string Request(string attributes) => $$"""
        {
          "customerId": "M-1",
          "asOf": "2025-01-31",
          "profile": { "postalCode": "60616", "device": "ios", "channel": "email", "newsletter": true,
                       "signupDate": "2025-01-02", "attributes": { {{attributes}} } },
          "history": { "orders": [ { "date": "2025-01-03", "amount": 84.90 } ] }
        }
        """;
}
