using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Api.Tests.Predictions;

/// <summary>A prospect (a profile without orders) scored by a model that never saw one.</summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class ProspectTests(FixtureBundle bundle)
{
    const string Prospect = """{ "asOf": "2024-12-31", "profile": { "postalCode": "60616" } }""";

    /// <summary>
    /// Olist's customers all bought (the signup date is the first order's): a prospect got 1.95, more than a real
    /// one-order buyer's 1.65, with a welcome offer's ceiling and no word that the model had no prospect to learn from.
    /// </summary>
    [Fact]
    public async Task AProspectScoredByAModelTrainedOnBuyersAloneIsWarnedAbout()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var folder = bundle.Publish(app.ModelsDirectory, "buyers-only");
        var distributions = new Dictionary<string, FeatureDistribution>(bundle.Card.Distributions, StringComparer.Ordinal)
        {
            [FeatureColumns.IsProspect] = bundle.Card.Distributions[FeatureColumns.IsProspect] with { Mean = 0, StandardDeviation = 0, Max = 0 },
        };
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName), (bundle.Card with { Version = "buyers-only", Distributions = distributions }).ToJson());
        app.WritePointer("buyers-only");
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/v1/predictions", Prospect);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("buyers-only", (string?)body["modelVersion"]);
        Assert.Contains(body["warnings"]!.AsArray(), w => (string?)w!["code"] == "noProspectsInTraining");
    }

    [Fact]
    public async Task AProspectScoredByAModelThatSawProspectsIsNot()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var body = await (await client.PostJsonAsync("/v1/predictions", Prospect)).ReadJsonAsync();

        Assert.True(bundle.Card.Distributions[FeatureColumns.IsProspect].Max > 0);
        Assert.DoesNotContain(body["warnings"]!.AsArray(), w => (string?)w!["code"] == "noProspectsInTraining");
    }
}
