using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Api.Tests.Predictions;

/// <summary>The P10-P90 of a customer predicted above every held-out prediction the interval bands were fitted on.</summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class IntervalBeyondBandsTests(FixtureBundle bundle)
{
    const string Buyer = """{ "asOf": "2024-12-31", "history": { "orders": [ { "date": "2024-03-01", "amount": 120 }, { "date": "2024-09-01", "amount": 150 }, { "date": "2024-12-01", "amount": 180 } ] } }""";

    /// <summary>Olist's most valuable customer: 88.76 over 180 days with an 80 % interval of [86.94, 87.25], and no word of doubt.</summary>
    [Fact]
    public async Task APredictionAboveTheTopBandIsWarnedAbout()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var folder = bundle.Publish(app.ModelsDirectory, "low-bands");
        var clv = bundle.Card.Clv!;
        var bands = clv.Interval.Bands.ToList();
        bands[^1] = bands[^1] with { UpperPrediction = 0.01 };
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName),
            (bundle.Card with { Version = "low-bands", Clv = clv with { Interval = clv.Interval with { Bands = bands } } }).ToJson());
        app.WritePointer("low-bands");
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions", Buyer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("low-bands", (string?)body["modelVersion"]);
        Assert.True((double)body["predictedValue"]! > 0.01);
        Assert.Contains(body["warnings"]!.AsArray(), w => (string?)w!["code"] == "intervalBeyondBands");
    }

    [Fact]
    public async Task APredictionWithinTheBandsIsNot()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var body = await (await client.PostJsonAsync("/v1/predictions", Buyer)).ReadJsonAsync();

        Assert.True((double)body["predictedValue"]! <= bundle.Card.Clv!.Interval.Bands[^1].UpperPrediction);
        Assert.DoesNotContain(body["warnings"]!.AsArray(), w => (string?)w!["code"] == "intervalBeyondBands");
    }
}
