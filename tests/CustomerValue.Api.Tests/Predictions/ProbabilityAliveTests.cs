using System.Net;
using System.Text.Json.Nodes;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Api.Tests.Predictions;

/// <summary>What the answer says of P(alive) when the bundle's BTYD model cannot tell it.</summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class ProbabilityAliveTests(FixtureBundle bundle)
{
    /// <summary>
    /// BG/NBD gives P(alive) = 1 to everyone without a repeat purchase, however long ago: on Olist (97 % buy once) the
    /// API and the console showed P(alive) 100 % beside churn 98 % for nearly every customer.
    /// </summary>
    [Fact]
    public async Task ABgNbdBundleLeavesPAliveOutForACustomerWithoutARepeatPurchaseAndSaysWhy()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var folder = bundle.Publish(app.ModelsDirectory, "bgnbd");
        var card = bundle.Card with
        {
            Version = "bgnbd",
            Btyd = bundle.Card.Btyd! with
            {
                Kind = BtydModelKind.BgNbd,
                Transactions = new Dictionary<string, double> { ["r"] = 0.5, ["alpha"] = 5, ["a"] = 1, ["b"] = 3 },
            },
        };
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName), card.ToJson());
        app.WritePointer("bgnbd");
        var client = app.CreateClient();

        var once = await (await client.PostJsonAsync("/v1/predictions", Orders(("2024-06-01", 80.0)))).ReadJsonAsync();
        var twice = await (await client.PostJsonAsync("/v1/predictions", Orders(("2024-03-01", 50.0), ("2024-06-01", 80.0)))).ReadJsonAsync();

        Assert.Equal("bgnbd", (string?)once["modelVersion"]);
        Assert.Null(once["probabilityAlive"]);
        Assert.Contains(once["warnings"]!.AsArray(), w => (string?)w!["code"] == "noProbabilityAlive");
        var alive = (double)twice["probabilityAlive"]!;
        Assert.InRange(alive, 0, 0.9999);
        Assert.DoesNotContain(twice["warnings"]!.AsArray(), w => (string?)w!["code"] == "noProbabilityAlive");
    }

    static string Orders(params (string Date, double Amount)[] orders) => new JsonObject
    {
        ["asOf"] = FixtureBundle.Cutoff.ToString("yyyy-MM-dd"),
        ["history"] = new JsonObject
        {
            ["orders"] = new JsonArray([.. orders.Select(o => (JsonNode)new JsonObject { ["date"] = o.Date, ["amount"] = o.Amount })]),
        },
    }.ToJsonString();
}
