using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Store;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Scoring;

public sealed class NextOrderOutlookTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("cvml-outlook-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task TheOutlookTalliedWhileWritingIsTheOutlookOfTheRunReadBack()
    {
        var models = RepositoryPaths.Of("models");
        using var model = ModelFolder.Load(Path.Combine(models, File.ReadAllText(Path.Combine(models, "current")).Trim()), ModelBundle.Load);
        var sources = new ScoringSources
        {
            TransactionsPath = RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv"),
            CustomersPath = RepositoryPaths.Of("data-samples", "synthetic", "customers.csv"),
        };
        var features = ScoringInput.Load(sources, model.Bundle.FeatureOptions).Features;
        // Any known next purchase will do: the share must come out the same both ways.
        DateOnly? NextPurchase(string id) => id.EndsWith('7') ? features.Cutoff.AddDays(30) : null;
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Path.Combine(directory, "scores.db")));
        await store.EnsureSchemaAsync();
        var tally = new NextOrderTally(top: 5, NextPurchase);

        var run = await new ScoringRunWriter(new CustomerScorer(new LifecycleOptions()))
            .WriteAsync(model, features, store, nextOrders: tally);
        var tallied = tally.Outlook();
        var read = await NextOrderOutlook.ReadAsync(store, run.RunId, top: 5, NextPurchase);

        Assert.Equal(2500, tallied.Customers);
        Assert.InRange(tallied.CustomersWithDate, 1, 2499);
        Assert.NotNull(tallied.ShareOrderedByDate);
        Assert.Equal(read with { Top = [] }, tallied with { Top = [] });
        Assert.Equal(read.Top, tallied.Top);
        Assert.Equal(5, tallied.Top.Count);
    }

    [Fact]
    public void NoCustomerTheServedChurnCallsGoneIsExpectedToOrderWithinTheChurnWindow()
    {
        var models = RepositoryPaths.Of("models");
        using var model = ModelFolder.Load(Path.Combine(models, File.ReadAllText(Path.Combine(models, "current")).Trim()), ModelBundle.Load);
        var bundle = model.Bundle;
        var btyd = bundle.Derived.Btyd!;
        var window = bundle.Card.ChurnWindowDays;
        var rows = ScoringInput.Load(new ScoringSources
        {
            TransactionsPath = RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv"),
            CustomersPath = RepositoryPaths.Of("data-samples", "synthetic", "customers.csv"),
        }, bundle.FeatureOptions).Features.Rows.Select(r => r.Features).ToList();

        var scored = rows.Select(r => (Row: r, Prediction: bundle.Predict(r, explain: false))).ToList();
        var gone = scored.Where(s => s.Prediction.ChurnProbability > 0.5).ToList();

        // BTYD alone dates some of them within the window (P(alive) is not the churn model's view): those lose the date.
        Assert.Contains(gone, s => btyd.DaysToNextPurchase(s.Row, bundle.Card.HorizonDays) <= window);
        Assert.All(gone, s => Assert.False(s.Prediction.NextPurchaseDays <= window, $"{s.Row.CustomerId}: churn {s.Prediction.ChurnProbability}, next order in {s.Prediction.NextPurchaseDays} days"));
        Assert.Contains(scored, s => s.Prediction.ChurnProbability <= 0.5 && s.Prediction.NextPurchaseDays <= window);
    }
}
