using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Models.Evaluation;

namespace CustomerValue.Core.Models.Training;

/// <summary>
/// Held-out predictions of the models and of every baseline, row-aligned, gathered over the splits
/// of one evaluation (one split out-of-time, k splits for k-fold).
/// </summary>
internal sealed class HeldOut
{
    public List<double> Clv { get; } = [];
    public List<double> Spend { get; } = [];
    public List<double> Orders { get; } = [];
    public List<double> Purchases { get; } = [];
    public List<double> Churn { get; } = [];
    public List<bool> Churned { get; } = [];
    public List<string> CustomerIds { get; } = [];
    readonly List<double> _foldAuc = [];
    readonly Dictionary<string, List<double>> _clvBaselines = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<double>> _churnBaselines = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _descriptions = new(StringComparer.Ordinal);
    readonly List<(double Main, double Dedicated, double FirstOrder, double Actual, bool HasDedicated)> _cold = [];
    int _splitStart;

    public int Count => Clv.Count;

    public void Add(IReadOnlyList<CustomerExample> test, Predictions predictions)
    {
        _splitStart = Count;
        Clv.AddRange(predictions.Clv);
        Orders.AddRange(predictions.Orders);
        Churn.AddRange(predictions.Churn);
        foreach (var example in test)
        {
            Spend.Add(example.Labels.FutureSpend);
            Purchases.Add(example.Labels.FuturePurchaseDays);
            Churned.Add(example.Labels.Churned);
            CustomerIds.Add(example.Features.CustomerId);
        }
        var labels = test.Select(e => e.Labels.Churned).ToArray();
        _foldAuc.Add(labels.Distinct().Count() == 2 ? BinaryEvaluator.Auc(predictions.Churn, labels) : double.NaN);
    }

    public void AddBaselines(Split split, int horizonDays)
    {
        Append(_clvBaselines, Baselines.Historic, "average ticket × purchase rate (purchase days per day of tenure, tenure ≥ 30 days) × horizon",
            split.Test.Select(e => Baselines.HistoricFormula(e.Features, horizonDays)));
        Append(_clvBaselines, Baselines.Rfm, "RFM quintile cell (recency, frequency, monetary) → mean future spend of that cell in the training rows",
            Baselines.RfmCellMean(split.Train, split.Test, out _));
        Append(_clvBaselines, Baselines.FirstOrder, "the first order's value (for new customers the only thing known)",
            split.Test.Select(e => Math.Max(0, e.Features.FirstTicket)));
    }

    public void AddChurnBaselines(Split split, IReadOnlyList<FeatureDefinition> catalog, bool contract)
    {
        if (!contract)
            Append(_churnBaselines, Baselines.Recency, "days since the last purchase (longer = more likely to churn)", Baselines.RecencyScores(split.Test));
        var (feature, scores) = Baselines.BestSingleFeature(split.Train, split.Test, catalog);
        Append(_churnBaselines, Baselines.OneRule, $"the single numeric feature that best ranks churners in the training rows (here: {feature})", scores);
    }

    public void AddColdStart(Split split, FittedSet? dedicated, IReadOnlyList<FeatureDefinition> catalog)
    {
        var cohort = new List<int>();
        for (var i = 0; i < split.Test.Count; i++)
        {
            if (ColdStartCohort.Contains(split.Test[i].Features))
                cohort.Add(i);
        }
        double[]? dedicatedPredictions = null;
        if (dedicated is not null && cohort.Count > 0)
        {
            var rows = cohort.Select(i => split.Test[i]).ToList();
            dedicatedPredictions = dedicated.Learner.PredictClv(dedicated.Clv!, ModelTrainer.Encode(dedicated.Vectorizer, rows));
        }
        for (var c = 0; c < cohort.Count; c++)
        {
            var example = split.Test[cohort[c]];
            _cold.Add((Clv[_splitStart + cohort[c]], dedicatedPredictions?[c] ?? double.NaN,
                Math.Max(0, example.Features.FirstTicket), example.Labels.FutureSpend, dedicatedPredictions is not null));
        }
    }

    public IReadOnlyList<BaselineResult> ClvBaselineResults()
    {
        var actual = Spend.ToArray();
        return [.. _clvBaselines.Select(kv =>
        {
            var metrics = RegressionEvaluator.Evaluate(kv.Value.ToArray(), actual);
            return new BaselineResult(kv.Key, _descriptions[kv.Key], metrics.NormalizedGini, metrics.Mae, metrics.Rmse);
        })];
    }

    public IReadOnlyList<BaselineResult> ChurnBaselineResults()
    {
        var labels = Churned.ToArray();
        return [.. _churnBaselines.Select(kv =>
        {
            var auc = BinaryEvaluator.Auc(kv.Value.ToArray(), labels);
            return new BaselineResult(kv.Key, _descriptions[kv.Key], (2 * auc) - 1, null, null, auc);
        })];
    }

    public IReadOnlyList<double>? FoldAuc(int splits) => splits > 1 ? _foldAuc : null;

    public ColdStartCard? ColdStartCard()
    {
        if (_cold.Count < 10)
            return null;
        var actual = _cold.Select(c => c.Actual).ToArray();
        var main = RegressionEvaluator.Evaluate(_cold.Select(c => c.Main).ToArray(), actual);
        var firstOrder = RegressionEvaluator.Evaluate(_cold.Select(c => c.FirstOrder).ToArray(), actual);
        RegressionMetrics? dedicated = _cold.All(c => c.HasDedicated)
            ? RegressionEvaluator.Evaluate(_cold.Select(c => c.Dedicated).ToArray(), actual)
            : null;
        var useDedicated = dedicated is not null && dedicated.NormalizedGini > main.NormalizedGini + 0.01 && dedicated.Mae <= main.Mae * 1.05;
        var decision = dedicated is null
            ? $"one model serves new customers: too few brand-new customers in some training split to fit a dedicated model (main model Gini {main.NormalizedGini:0.000} vs first-order value {firstOrder.NormalizedGini:0.000})"
            : useDedicated
                ? $"a dedicated cold-start model serves brand-new customers: its held-out Gini {dedicated.NormalizedGini:0.000} beats the main model's {main.NormalizedGini:0.000} by more than 0.01 with MAE no worse than 5 % (first-order value baseline: {firstOrder.NormalizedGini:0.000})"
                : $"one model serves new customers: the dedicated cold-start model (Gini {dedicated.NormalizedGini:0.000}, MAE {dedicated.Mae:0.00}) does not beat the main model (Gini {main.NormalizedGini:0.000}, MAE {main.Mae:0.00}) by the required margin (first-order value baseline: {firstOrder.NormalizedGini:0.000})";
        return new ColdStartCard(ColdStartCohort.Description, _cold.Count, main, dedicated, firstOrder, useDedicated, decision, null);
    }

    void Append(Dictionary<string, List<double>> into, string name, string description, IEnumerable<double> values)
    {
        if (!into.TryGetValue(name, out var list))
            into[name] = list = [];
        list.AddRange(values);
        _descriptions[name] = description;
    }
}
