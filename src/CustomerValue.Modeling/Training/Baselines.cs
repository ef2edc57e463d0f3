using CustomerValue.Core.Features;
using CustomerValue.Core.Segmentation;
using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The simple methods a marketer would otherwise use, fitted on the same training rows and scored
/// on the same held-out rows as the models, so the grade compares like with like.
/// </summary>
public static class Baselines
{
    public const string Historic = "historic-formula";
    public const string Rfm = "rfm-cell-mean";
    public const string FirstOrder = "first-order-value";
    public const string LastPeriodSpend = "last-period-spend";
    public const string Recency = "recency";
    public const string OneRule = "best-single-feature";

    public static RfmValues RfmOf(FeatureRow row) =>
        row.IsProspect ? RfmValues.Prospect : new RfmValues(row.RecencyDays, row.Frequency, row.Monetary > 0 ? row.Monetary : row.FirstTicket);

    /// <summary>Each RFM cell predicts the mean future spend its training customers went on to have.</summary>
    public static double[] RfmCellMean(IReadOnlyList<CustomerExample> train, IReadOnlyList<CustomerExample> test, out RfmScorer scorer)
    {
        scorer = RfmScorer.Fit(train.Select(e => RfmOf(e.Features)));
        var sums = new Dictionary<int, (double Sum, int Count)>();
        double total = 0;
        foreach (var example in train)
        {
            var cell = scorer.Score(RfmOf(example.Features)).Cell;
            var (sum, count) = sums.GetValueOrDefault(cell);
            sums[cell] = (sum + example.Labels.FutureSpend, count + 1);
            total += example.Labels.FutureSpend;
        }
        var overall = train.Count == 0 ? 0 : total / train.Count;
        var result = new double[test.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var cell = scorer.Score(RfmOf(test[i].Features)).Cell;
            result[i] = sums.TryGetValue(cell, out var s) ? s.Sum / s.Count : overall;
        }
        return result;
    }

    /// <summary>
    /// The numeric feature whose ranking alone best separates churners on the training rows (either
    /// direction), applied to the held-out rows: the "one rule" a analyst would try first.
    /// </summary>
    public static (string Feature, double[] Scores) BestSingleFeature(
        IReadOnlyList<CustomerExample> train, IReadOnlyList<CustomerExample> test, IReadOnlyList<FeatureDefinition> catalog)
    {
        var labels = train.Select(e => e.Labels.Churned).ToArray();
        string best = "";
        double bestAuc = 0.5;
        var sign = 1;
        if (labels.Distinct().Count() == 2)
        {
            foreach (var feature in catalog.Where(f => f.Kind == FeatureKind.Numeric))
            {
                var values = train.Select(e => Finite(e.Features.GetNumeric(feature.Name))).ToArray();
                var auc = BinaryEvaluator.Auc(values, labels);
                if (double.IsNaN(auc))
                    continue;
                var distance = Math.Abs(auc - 0.5);
                if (distance > Math.Abs(bestAuc - 0.5))
                {
                    best = feature.Name;
                    bestAuc = auc;
                    sign = auc >= 0.5 ? 1 : -1;
                }
            }
        }
        if (best.Length == 0)
            return ("(none)", [.. test.Select(_ => 0.5)]);
        return (best, ToProbabilityLike([.. test.Select(e => sign * Finite(e.Features.GetNumeric(best)))]));
    }

    /// <summary>Days since the last purchase as a churn score (prospects rank as the most lapsed).</summary>
    public static double[] RecencyScores(IReadOnlyList<CustomerExample> test) =>
        ToProbabilityLike([.. test.Select(e => e.Features.IsProspect ? double.MaxValue / 4 : e.Features.RecencyDays)]);

    static double Finite(double value) => double.IsFinite(value) ? value : -1;

    /// <summary>Ranks mapped onto [0, 1], so a score can go through the probability metrics (AUC is rank-based).</summary>
    static double[] ToProbabilityLike(double[] scores)
    {
        if (scores.Length == 0)
            return scores;
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var result = new double[scores.Length];
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
                j++;
            var rank = scores.Length == 1 ? 0.5 : ((i + j) / 2.0) / (scores.Length - 1);
            for (var k = i; k <= j; k++)
                result[order[k]] = rank;
            i = j + 1;
        }
        return result;
    }
}
