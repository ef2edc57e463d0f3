using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Api.Tests.Predictions;

/// <summary>A bundle whose card names a candidate other than the trees is answered with that candidate's values.</summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class CandidateServingTests(FixtureBundle bundle)
{
    [Fact]
    public async Task ABundleThatShipsBtydAnswersWithBtydTimesTheValidationScale()
    {
        const double scale = 1.25;
        await using var app = new ApiApplication(bundle, version: null);
        var folder = bundle.Publish(app.ModelsDirectory, "btyd");
        var card = bundle.Card with { Version = "btyd", Clv = bundle.Card.Clv! with { Candidate = ClvCandidates.Btyd, Scale = scale } };
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName), card.ToJson());
        app.WritePointer("btyd");
        var client = app.CreateClient();
        var (profile, history) = SampleCustomer();

        var response = await client.PostJsonAsync("/v1/predictions", CustomerRequests.Of(profile, history, FixtureBundle.Cutoff).ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var row = FeatureBuilder.Snapshot(profile, history, FixtureBundle.Cutoff, new FeatureOptions
        {
            HorizonDays = card.HorizonDays,
            ChurnWindowDays = card.ChurnWindowDays,
            PostalRegionLength = card.PostalRegionLength,
            Attributes = new Core.Features.AttributeSchema(card.NumericAttributes, card.CategoricalAttributes),
        });
        var expected = scale * BtydFeatureModel.FromParameters(card.Btyd!).ExpectedSpend(row, card.HorizonDays);
        Assert.Equal("btyd", (string?)body["modelVersion"]);
        Assert.Equal(Math.Round(expected, 2), (double)body["predictedValue"]!);
        var explained = body["explanation"]!.AsArray().Select(e => (string)e!["feature"]!).ToList();
        Assert.NotEmpty(explained);
        Assert.All(explained, f => Assert.Contains(f, ClvCandidates.Inputs(ClvCandidates.Btyd)));
    }

    /// <summary>
    /// Training left the profile's columns out (they did not rank its validation period enough better): a caller
    /// who sends them is told each one is ignored, and /v1/model says why.
    /// </summary>
    [Fact]
    public async Task ProfileFieldsTheModelLeftOutAreAnsweredWithAWarningEach()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var folder = bundle.Publish(app.ModelsDirectory, "no-profile");
        string[] leftOut = [FeatureColumns.PostalCode, FeatureColumns.PostalRegion, FeatureColumns.Device, FeatureColumns.Channel, FeatureColumns.Newsletter, FeatureColumns.DaysSinceSignup];
        var card = bundle.Card with
        {
            Version = "no-profile",
            Features = [.. bundle.Card.Features.Where(f => !leftOut.Contains(f.Name))],
            ProfileColumns = new ProfileColumnsCard(false, leftOut, 0.180, 0.181, "the trees leave the profile's columns out: 0.180 with them, 0.181 without"),
        };
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName), card.ToJson());
        app.WritePointer("no-profile");
        var client = app.CreateClient();
        var (profile, history) = SampleCustomer();

        var response = await client.PostJsonAsync("/v1/predictions", CustomerRequests.Of(profile with { Newsletter = null }, history, FixtureBundle.Cutoff).ToJsonString());
        var model = await (await client.GetAsync(new Uri("/v1/model", UriKind.Relative))).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ignored = (await response.ReadJsonAsync())["warnings"]!.AsArray()
            .Where(w => (string?)w!["code"] == "ignoredField").Select(w => (string)w!["field"]!).ToList();
        Assert.Equal(["profile.postalCode", "profile.device", "profile.channel", "profile.signupDate"], ignored);
        Assert.Equal(card.ProfileColumns.Reason, (string?)model["profileColumns"]);
    }

    /// <summary>
    /// A base whose "device" is something else (a payment type) and whose profile training left out: the model reads
    /// neither the device nor the attribute, so a device outside the API's list is no typo to refuse, and an attribute
    /// the card still names is as ignored as the rest of the profile. Both are answered with ignoredField.
    /// </summary>
    [Fact]
    public async Task ADeviceOrAttributeTheModelLeftOutIsIgnoredWithAWarningNotRefused()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var folder = bundle.Publish(app.ModelsDirectory, "no-profile");
        string[] leftOut = [FeatureColumns.Device, FeatureColumns.Attribute("age_band")];
        var card = bundle.Card with
        {
            Version = "no-profile",
            Features = [.. bundle.Card.Features.Where(f => !leftOut.Contains(f.Name))],
            ProfileColumns = new ProfileColumnsCard(false, leftOut, 0.180, 0.181, "the trees leave the profile's columns out"),
        };
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName), card.ToJson());
        app.WritePointer("no-profile");
        var client = app.CreateClient();
        var (profile, history) = SampleCustomer();
        var request = CustomerRequests.Of(profile, history, FixtureBundle.Cutoff);
        request["profile"]!["device"] = "credit_card";
        request["profile"]!["attributes"] = new System.Text.Json.Nodes.JsonObject { ["age_band"] = "35-44" };

        var response = await client.PostJsonAsync("/v1/predictions", request.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ignored = (await response.ReadJsonAsync())["warnings"]!.AsArray()
            .Where(w => (string?)w!["code"] == "ignoredField").Select(w => (string)w!["field"]!).ToList();
        Assert.Equal(["profile.device", "profile.attributes.age_band"], ignored);
    }

    static (Core.Domain.CustomerProfile Profile, IReadOnlyList<Core.Domain.Transaction> History) SampleCustomer()
    {
        var samples = Path.Combine(RepositoryRoot.Find(), "data-samples", "synthetic");
        var transactions = new TransactionLoader().Load(Path.Combine(samples, "transactions.csv")).Transactions;
        var customers = new CustomerLoader().Load(Path.Combine(samples, "customers.csv")).Customers;
        var history = transactions
            .Where(t => DateOnly.FromDateTime(t.Timestamp) <= FixtureBundle.Cutoff)
            .GroupBy(t => t.CustomerId)
            .Where(g => g.All(t => t.Amount >= 0) && g.Select(t => t.Timestamp.Date).Distinct().Count() >= 5)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .First();
        return (customers.Single(c => c.CustomerId == history.Key), [.. history]);
    }
}
