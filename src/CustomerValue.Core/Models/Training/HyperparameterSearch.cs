using System.Diagnostics;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Models.Evaluation;
using Microsoft.ML;

namespace CustomerValue.Core.Models.Training;

/// <summary>
/// A small search over the four FastTree settings on an 80/20 split of the training rows by
/// customer. The default settings go first; the rest of the grid follows in a seeded order until the
/// time budget or the trial limit runs out. CLV trials fit both objectives; the better normalized
/// Gini wins (MAE breaks near-ties); churn keeps the best AUC.
/// </summary>
internal sealed class HyperparameterSearch(
    MLContext ml, TrainingOptions options, IReadOnlyList<FeatureDefinition> catalog, bool contract, BtydModelKind? btydKind)
{
    const double GiniTie = 0.005;

    public static IReadOnlyList<TreeHyperparameters> Grid(int seed)
    {
        var grid = new List<TreeHyperparameters>();
        foreach (var trees in new[] { 100, 300 })
            foreach (var leaves in new[] { 8, 16, 32 })
                foreach (var rate in new[] { 0.05, 0.1 })
                    foreach (var minLeaf in new[] { 10, 50 })
                        grid.Add(new TreeHyperparameters(trees, leaves, rate, minLeaf));
        var random = new Random(seed);
        return [TreeHyperparameters.Default, .. grid.OrderBy(_ => random.Next())];
    }

    public SearchResult Run(IReadOnlyList<CustomerExample> rows, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var folds = CustomerFolds.Assign([.. rows.Select(r => r.Features.CustomerId)], 5, options.Seed);
        var fit = rows.Where((_, i) => folds[i] != 0).ToList();
        var valid = rows.Where((_, i) => folds[i] == 0).ToList();
        var scorer = FeatureScorer.Fit(fit.Select(e => e.Features), btydKind, options.HorizonDays);
        var vectorizer = FeatureVectorizer.Fit([.. fit.Select(e => e.Features)], catalog, scorer.Columns);
        var learner = new Learner(ml, vectorizer.SlotCount);
        var xFit = ModelTrainer.Encode(vectorizer, scorer, fit);
        var xValid = ModelTrainer.Encode(vectorizer, scorer, valid);
        var spendFit = fit.Select(e => e.Labels.FutureSpend).ToArray();
        var spendValid = valid.Select(e => e.Labels.FutureSpend).ToArray();
        var churnFit = fit.Select(e => e.Labels.Churned).ToArray();
        var churnValid = valid.Select(e => e.Labels.Churned).ToArray();
        var twoClasses = churnFit.Distinct().Count() == 2 && churnValid.Distinct().Count() == 2;

        var candidates = options.Hyperparameters is { } fixedHp ? [fixedHp] : Grid(options.Seed);
        var trials = new List<SearchTrial>();
        var bestClv = (Objective: ClvObjective.Tweedie, Hp: candidates[0], Gini: double.NegativeInfinity, Mae: double.PositiveInfinity);
        var bestByObjective = new Dictionary<ClvObjective, ObjectiveComparison>();
        var bestChurn = (Hp: candidates[0], Auc: double.NegativeInfinity, Threshold: 0.5);

        foreach (var hp in candidates.Take(options.MaximumTrials))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (trials.Count > 0 && clock.Elapsed > options.SearchBudget)
                break;
            if (!contract)
            {
                foreach (var objective in new[] { ClvObjective.Tweedie, ClvObjective.Log1p })
                {
                    var model = learner.FitClv(xFit, spendFit, objective, hp);
                    var metrics = RegressionEvaluator.Evaluate(learner.PredictClv(model, xValid), spendValid);
                    trials.Add(new SearchTrial($"clv-{objective.ToString().ToLowerInvariant()}", hp, "normalizedGini", metrics.NormalizedGini));
                    if (!bestByObjective.TryGetValue(objective, out var seen) || metrics.NormalizedGini > seen.ValidationGini)
                        bestByObjective[objective] = new ObjectiveComparison(objective, metrics.NormalizedGini, metrics.Mae, metrics.Rmse);
                    var better = metrics.NormalizedGini > bestClv.Gini + GiniTie
                        || (Math.Abs(metrics.NormalizedGini - bestClv.Gini) <= GiniTie && metrics.Mae < bestClv.Mae);
                    if (better)
                        bestClv = (objective, hp, metrics.NormalizedGini, metrics.Mae);
                }
            }
            if (twoClasses)
            {
                var churn = learner.FitChurn(xFit, churnFit, hp);
                var metrics = BinaryEvaluator.Evaluate(learner.PredictChurn(churn, xValid), churnValid);
                trials.Add(new SearchTrial("churn", hp, "auc", metrics.Auc));
                if (metrics.Auc > bestChurn.Auc)
                    bestChurn = (hp, metrics.Auc, metrics.BestF1.Threshold);
            }
        }

        var comparison = bestByObjective.Values.OrderBy(c => c.Objective).ToList();
        var reason = comparison.Count == 2
            ? $"{bestClv.Objective} had the better validation normalized Gini ({string.Join(" vs ", comparison.Select(c => $"{c.Objective} {c.ValidationGini:0.000}"))}); near-ties within {GiniTie} go to the lower MAE"
            : "only one objective was evaluated";
        return new SearchResult(
            bestClv.Objective, reason, bestClv.Hp, bestChurn.Hp, double.IsFinite(bestChurn.Threshold) ? bestChurn.Threshold : 0.5,
            comparison, trials, clock.Elapsed.TotalSeconds);
    }
}

internal sealed record SearchResult(
    ClvObjective ClvObjective,
    string ObjectiveReason,
    TreeHyperparameters ClvHyperparameters,
    TreeHyperparameters ChurnHyperparameters,
    double ChurnThreshold,
    IReadOnlyList<ObjectiveComparison> ObjectiveComparison,
    IReadOnlyList<SearchTrial> Trials,
    double Seconds);
