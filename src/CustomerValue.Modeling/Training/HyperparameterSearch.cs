using System.Diagnostics;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Evaluation;
using Microsoft.ML;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// A small search over the four FastTree settings on validation data carved from the training rows
/// by customer: 3-fold for fewer than <see cref="SmallData"/> rows (one 20 % split of a small base is
/// too noisy to choose by), one 80/20 split above. The defaults go first; the rest of the grid
/// follows in a seeded order until the time budget or the trial limit runs out. CLV trials fit both
/// objectives; the better normalized Gini wins (MAE breaks near-ties); churn keeps the best AUC.
/// Last, the weight of the ML prediction in a blend with the BTYD + Gamma-Gamma prediction is chosen
/// on the same validation rows (1 = ML alone).
/// </summary>
internal sealed class HyperparameterSearch(
    MLContext ml, TrainingOptions options, IReadOnlyList<FeatureDefinition> catalog, bool contract, BtydModelKind? btydKind)
{
    const double GiniTie = 0.005;
    public const int SmallData = 20_000;

    /// <summary>
    /// The defaults, then the grid in a seeded order that visits every tree size early: round-robin
    /// over the leaf counts, so a short search still tries stumps (near-additive data such as
    /// contract churn) as well as deep trees.
    /// </summary>
    public static IReadOnlyList<TreeHyperparameters> Grid(int seed)
    {
        var grid = new List<TreeHyperparameters>();
        foreach (var trees in new[] { 100, 300 })
            foreach (var leaves in new[] { 2, 4, 8, 16, 32 })
                foreach (var rate in new[] { 0.03, 0.1 })
                    foreach (var minLeaf in new[] { 10, 50, 200 })
                        grid.Add(new TreeHyperparameters(trees, leaves, rate, minLeaf));
        var random = new Random(seed);
        var byLeaves = grid.OrderBy(_ => random.Next()).GroupBy(hp => hp.NumberOfLeaves).Select(g => g.ToList()).ToList();
        var ordered = new List<TreeHyperparameters> { TreeHyperparameters.Default };
        for (var round = 0; ordered.Count <= grid.Count; round++)
        {
            foreach (var group in byLeaves.Where(g => round < g.Count))
                ordered.Add(group[round]);
        }
        return ordered;
    }

    public SearchResult Run(IReadOnlyList<CustomerExample> rows, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var splits = ValidationSplits(rows);
        var spendValid = splits.SelectMany(s => s.SpendValid).ToArray();
        var churnValid = splits.SelectMany(s => s.ChurnValid).ToArray();
        var twoClasses = splits.All(s => s.ChurnFit.Distinct().Count() == 2) && churnValid.Distinct().Count() == 2;

        var candidates = options.Hyperparameters is { } fixedHp ? [fixedHp] : Grid(options.Seed);
        var trials = new List<SearchTrial>();
        var bestClv = (Objective: ClvObjective.Tweedie, Hp: candidates[0], Gini: double.NegativeInfinity, Mae: double.PositiveInfinity, Predictions: Array.Empty<double>());
        var bestByObjective = new Dictionary<ClvObjective, ObjectiveComparison>();
        var bestChurn = (Hp: candidates[0], Auc: double.NegativeInfinity, Threshold: 0.5, Probabilities: Array.Empty<double>());

        foreach (var hp in candidates.Take(options.MaximumTrials))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (trials.Count > 0 && clock.Elapsed > options.SearchBudget)
                break;
            if (!contract)
            {
                foreach (var objective in new[] { ClvObjective.Tweedie, ClvObjective.Log1p })
                {
                    var predicted = splits.SelectMany(s => s.Learner.PredictClv(s.Learner.FitClv(s.XFit, s.SpendFit, objective, hp), s.XValid)).ToArray();
                    var metrics = RegressionEvaluator.Evaluate(predicted, spendValid);
                    trials.Add(new SearchTrial($"clv-{objective.ToString().ToLowerInvariant()}", hp, "normalizedGini", metrics.NormalizedGini));
                    if (!bestByObjective.TryGetValue(objective, out var seen) || metrics.NormalizedGini > seen.ValidationGini)
                        bestByObjective[objective] = new ObjectiveComparison(objective, metrics.NormalizedGini, metrics.Mae, metrics.Rmse);
                    var better = metrics.NormalizedGini > bestClv.Gini + GiniTie
                        || (Math.Abs(metrics.NormalizedGini - bestClv.Gini) <= GiniTie && metrics.Mae < bestClv.Mae);
                    if (better)
                        bestClv = (objective, hp, metrics.NormalizedGini, metrics.Mae, predicted);
                }
            }
            if (twoClasses)
            {
                var probabilities = splits.SelectMany(s => s.Learner.PredictChurn(s.Learner.FitChurn(s.XFit, s.ChurnFit, hp), s.XValid)).ToArray();
                var metrics = BinaryEvaluator.Evaluate(probabilities, churnValid);
                trials.Add(new SearchTrial("churn", hp, "auc", metrics.Auc));
                if (metrics.Auc > bestChurn.Auc)
                    bestChurn = (hp, metrics.Auc, metrics.BestF1.Threshold, probabilities);
            }
        }

        var (weight, blendReason) = contract ? (1.0, "no CLV model") : ChooseBlend(bestClv.Predictions, splits, spendValid);
        var scale = contract ? 1.0 : SumScale(bestClv.Predictions, splits, spendValid, weight);
        var (churnWeight, churnBlendReason) = contract || !twoClasses ? (1.0, "no BTYD model") : ChooseChurnBlend(bestChurn.Probabilities, splits, churnValid);
        var comparison = bestByObjective.Values.OrderBy(c => c.Objective).ToList();
        var reason = comparison.Count == 2
            ? $"{bestClv.Objective} had the better validation normalized Gini ({string.Join(" vs ", comparison.Select(c => $"{c.Objective} {c.ValidationGini:0.000}"))}); near-ties within {GiniTie} go to the lower MAE"
            : "only one objective was evaluated";
        return new SearchResult(
            bestClv.Objective, reason, bestClv.Hp, bestChurn.Hp, double.IsFinite(bestChurn.Threshold) ? bestChurn.Threshold : 0.5,
            weight, blendReason, scale, churnWeight, churnBlendReason, comparison, trials, clock.Elapsed.TotalSeconds,
            splits.Count == 1 ? "one 80/20 split of the training rows by customer" : $"{splits.Count}-fold split of the training rows by customer");
    }

    /// <summary>
    /// w·ML + (1 − w)·BTYD for w in 0, 0.1, …, 1: trees rank a strong continuous input coarsely,
    /// so on small or BTYD-shaped data the blend can beat both. The best validation Gini wins;
    /// within 0.002 the larger ML weight (the simpler story) is kept.
    /// </summary>
    static (double Weight, string Reason) ChooseBlend(double[] ml, IReadOnlyList<ValidationSplit> splits, double[] actual)
    {
        var btyd = splits.SelectMany(s => s.BtydSpend).ToArray();
        if (ml.Length == 0 || btyd.Length != ml.Length || btyd.All(double.IsNaN))
            return (1, "no usable BTYD prediction: ML alone");
        var best = (Weight: 1.0, Gini: double.NegativeInfinity);
        var ginis = new List<string>();
        for (var step = 10; step >= 0; step--)
        {
            var w = step / 10.0;
            var blended = ml.Select((m, i) => ClvBlend.Apply(m, btyd[i], w)).ToArray();
            var gini = RegressionEvaluator.Evaluate(blended, actual).NormalizedGini;
            ginis.Add($"{w:0.0}: {gini:0.000}");
            if (gini > best.Gini + 0.002)
                best = (w, gini);
        }
        return (best.Weight, $"validation normalized Gini by ML weight ({string.Join(", ", ginis)}); chose {best.Weight:0.0}");
    }

    /// <summary>
    /// Σ actual / Σ predicted of the blended validation predictions: boosting with few small steps
    /// (or a log target) leaves the total short, and budgets are sums. One factor moves every
    /// prediction alike, so rankings (and Gini) stay as they are. Kept within [0.5, 2].
    /// </summary>
    static double SumScale(double[] ml, IReadOnlyList<ValidationSplit> splits, double[] actual, double mlWeight)
    {
        if (ml.Length == 0)
            return 1;
        var btyd = splits.SelectMany(s => s.BtydSpend).ToArray();
        var predicted = ml.Select((m, i) => ClvBlend.Apply(m, i < btyd.Length ? btyd[i] : double.NaN, mlWeight)).Sum();
        return predicted > 0 ? Math.Clamp(actual.Sum() / predicted, 0.5, 2) : 1;
    }

    /// <summary>
    /// w·trees + (1 − w)·P(no purchase in the churn window) from BTYD, for w in 1, 0.9, …, 0, by
    /// validation AUC; the trees alone unless the blend gains at least 0.001. On small bases a
    /// one-feature rule can out-rank the trees, and the blend keeps the better of both.
    /// </summary>
    static (double TreeWeight, string Reason) ChooseChurnBlend(double[] trees, IReadOnlyList<ValidationSplit> splits, bool[] labels)
    {
        var btyd = splits.SelectMany(s => s.BtydNoPurchase).ToArray();
        if (trees.Length == 0 || btyd.Length != trees.Length || btyd.All(double.IsNaN))
            return (1, "no usable BTYD prediction: trees alone");
        var best = (Weight: 1.0, Auc: double.NegativeInfinity);
        var aucs = new List<string>();
        for (var step = 10; step >= 0; step--)
        {
            var w = step / 10.0;
            var auc = BinaryEvaluator.Auc(trees.Select((t, i) => ChurnBlend.Apply(t, btyd[i], w)).ToArray(), labels);
            aucs.Add($"{w:0.0}: {auc:0.000}");
            if (auc > best.Auc + 0.001)
                best = (w, auc);
        }
        return (best.Weight, $"validation AUC by tree weight ({string.Join(", ", aucs)}); chose {best.Weight:0.0}");
    }

    IReadOnlyList<ValidationSplit> ValidationSplits(IReadOnlyList<CustomerExample> rows)
    {
        var small = rows.Count < SmallData;
        var folds = CustomerFolds.Assign([.. rows.Select(r => r.Features.CustomerId)], small ? 3 : 5, options.Seed);
        var result = new List<ValidationSplit>();
        foreach (var validFold in small ? [0, 1, 2] : new[] { 0 })
        {
            var fit = rows.Where((_, i) => folds[i] != validFold).ToList();
            var valid = rows.Where((_, i) => folds[i] == validFold).ToList();
            var scorer = DerivedColumns.Fit(fit.Select(e => e.Features), btydKind, options.HorizonDays);
            var vectorizer = FeatureVectorizer.Fit([.. fit.Select(e => e.Features)], catalog, scorer.Columns);
            result.Add(new ValidationSplit(
                new Learner(ml, vectorizer.SlotCount),
                ModelTrainer.Encode(vectorizer, scorer, fit),
                ModelTrainer.Encode(vectorizer, scorer, valid),
                [.. fit.Select(e => e.Labels.FutureSpend)],
                [.. valid.Select(e => e.Labels.FutureSpend)],
                [.. fit.Select(e => e.Labels.Churned)],
                [.. valid.Select(e => e.Labels.Churned)],
                [.. valid.Select(e => scorer.Btyd?.ExpectedSpend(e.Features, options.HorizonDays) ?? double.NaN)],
                [.. valid.Select(e => ChurnBlend.NoPurchase(scorer.Btyd, e.Features, options.ChurnDays ?? options.HorizonDays))]));
        }
        return result;
    }

    sealed record ValidationSplit(
        Learner Learner, List<float[]> XFit, List<float[]> XValid, double[] SpendFit, double[] SpendValid,
        bool[] ChurnFit, bool[] ChurnValid, double[] BtydSpend, double[] BtydNoPurchase);
}

internal sealed record SearchResult(
    ClvObjective ClvObjective,
    string ObjectiveReason,
    TreeHyperparameters ClvHyperparameters,
    TreeHyperparameters ChurnHyperparameters,
    double ChurnThreshold,
    double BlendWeight,
    string BlendReason,
    double ClvScale,
    double ChurnTreeWeight,
    string ChurnBlendReason,
    IReadOnlyList<ObjectiveComparison> ObjectiveComparison,
    IReadOnlyList<SearchTrial> Trials,
    double Seconds,
    string Validation);
