using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Tests.Store;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Scoring;

/// <summary>
/// <c>cvml score</c> builds each stored row without the sentences a row never holds; the API builds the full score.
/// Over the sample base with the shipped model, both must give the same rows.
/// </summary>
public sealed class StoreRowTests
{
    static ModelLease<ModelBundle> ShippedModel()
    {
        var models = RepositoryPaths.Of("models");
        return ModelFolder.Load(Path.Combine(models, File.ReadAllText(Path.Combine(models, "current")).Trim()), ModelBundle.Load);
    }

    static IReadOnlyList<CustomerExample> SampleBase(ModelBundle bundle) => ScoringInput.Load(new ScoringSources
    {
        TransactionsPath = RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv"),
        CustomersPath = RepositoryPaths.Of("data-samples", "synthetic", "customers.csv"),
    }, bundle.FeatureOptions).Features.Rows;

    [Fact]
    public void EveryStoredRowIsWhatTheFullScoreOfTheCustomerMapsTo()
    {
        using var model = ShippedModel();
        var bundle = model.Bundle;
        var rows = SampleBase(bundle);
        var scorer = new CustomerScorer(new LifecycleOptions());
        var explained = BaseScoringOptions.DefaultExplainStages;

        var stored = rows.Select(r => scorer.ScoreForStore(bundle, r.Features, explained, r.OrderHistory ?? [])).ToList();
        var full = rows.Select(r =>
        {
            var score = scorer.Score(bundle, r.Features, explain: false);
            if (explained.Contains(score.Lifecycle.Stage))
                score = scorer.Explain(bundle, score);
            return score.ToScoredCustomer() with { OrderHistory = r.OrderHistory ?? [] };
        });

        Assert.Equal(2500, rows.Count);
        Assert.Contains(stored, r => r.TopReasons.Count == CustomerScorer.ExplanationSize);
        // The reactivation list's customers say why they are on it; the others are not worded.
        Assert.All(stored, r => Assert.Equal(explained.Contains(r.Stage), r.ActionReason is not null));
        Assert.Contains(stored, r => r.ActionReason?.StartsWith("win back: ", StringComparison.Ordinal) == true);
        Assert.Equal(full.Select(CustomerStoreContract.Comparable), stored.Select(CustomerStoreContract.Comparable));
    }

    [Fact]
    public void ACustomerWhoseOnlyRowsAreReturnsIsLapsedAndWonBackWhileAProspectIsWelcomed()
    {
        // An export that starts after a customer's purchases holds only what they returned later.
        using var model = ShippedModel();
        var bundle = model.Bundle;
        var asOf = new DateOnly(2025, 12, 31);
        Transaction[] history =
        [
            new("buyer", new DateTime(2025, 3, 2, 10, 0, 0), 80),
            new("buyer", new DateTime(2025, 9, 14, 10, 0, 0), 45.5),
            new("returner", new DateTime(2025, 2, 3, 9, 0, 0), -39.99),
            new("returner", new DateTime(2025, 2, 20, 9, 0, 0), -12),
        ];
        CustomerProfile[] profiles = [new("prospect") { SignupDate = new DateOnly(2025, 11, 1) }];
        var rows = FeatureBuilder.Build(history, profiles, asOf, bundle.FeatureOptions).Rows.ToDictionary(r => r.Features.CustomerId, r => r.Features);
        var scorer = new CustomerScorer(new LifecycleOptions());

        var returner = scorer.ScoreForStore(bundle, rows["returner"], BaseScoringOptions.DefaultExplainStages, []);
        var prospect = scorer.ScoreForStore(bundle, rows["prospect"], BaseScoringOptions.DefaultExplainStages, []);

        Assert.True(rows["returner"].IsProspect);
        Assert.Equal((LifecycleStage.Recovery, LifecycleActions.ReactivationOffer, 0), (returner.Stage, returner.RecommendedAction, returner.Orders));
        Assert.StartsWith("win back: no purchase in the data, only returns", returner.ActionReason);
        Assert.Null(returner.DaysSinceLastOrder);
        Assert.Equal((LifecycleStage.Segmentation, LifecycleActions.WelcomeOffer), (prospect.Stage, prospect.RecommendedAction));
    }

    [Fact]
    public void ExplainingEveryoneGivesEachRowTheReasonsOfTheExplainedScore()
    {
        using var model = ShippedModel();
        var bundle = model.Bundle;
        var rows = SampleBase(bundle);
        var scorer = new CustomerScorer(new LifecycleOptions());

        var stored = rows.Select(r => scorer.ScoreForStore(bundle, r.Features, explainStages: null, []));
        var full = rows.Select(r => scorer.Score(bundle, r.Features, explain: true).ToScoredCustomer());

        Assert.All(stored, r => Assert.NotEmpty(r.TopReasons));
        Assert.Equal(full.Select(CustomerStoreContract.Comparable), stored.Select(CustomerStoreContract.Comparable));
    }
}
