using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Evaluation;

/// <summary>Metrics for churn probabilities.</summary>
public static class BinaryEvaluator
{
    public const double LogLossClip = 1e-15;
    public const int ReliabilityBinCount = 10;

    /// <summary>Scores probabilities against true/false outcomes, row by row.</summary>
    /// <param name="probability">Predicted probability of the positive class, each in [0, 1].</param>
    /// <param name="label">What happened: true for positive (churned).</param>
    /// <param name="threshold">The operating threshold for <see cref="BinaryMetrics.AtThreshold"/>.</param>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, or a probability is outside [0, 1].</exception>
    public static BinaryMetrics Evaluate(ReadOnlySpan<double> probability, ReadOnlySpan<bool> label, double threshold = 0.5)
    {
        MetricInputs.RequirePairs(probability.Length, label.Length, nameof(probability), nameof(label));
        for (var i = 0; i < probability.Length; i++)
        {
            if (!(probability[i] >= 0 && probability[i] <= 1))
                throw new ArgumentException($"probability[{i}] is {probability[i]}; probabilities must lie in [0, 1].", nameof(probability));
        }

        var n = probability.Length;
        var positives = 0;
        double logLoss = 0, brier = 0;
        for (var i = 0; i < n; i++)
        {
            var y = label[i] ? 1.0 : 0.0;
            if (label[i]) positives++;
            var p = Math.Clamp(probability[i], LogLossClip, 1 - LogLossClip);
            logLoss -= label[i] ? Math.Log(p) : Math.Log(1 - p);
            brier += (probability[i] - y) * (probability[i] - y);
        }
        var baseRate = (double)positives / n;

        return new BinaryMetrics(
            Count: n,
            Positives: positives,
            BaseRate: baseRate,
            Auc: Auc(probability, label),
            AveragePrecision: AveragePrecision(probability, label),
            LogLoss: logLoss / n,
            Brier: brier / n,
            ReliabilityBins: ReliabilityBins(probability, label),
            AtThreshold: AtThreshold(probability, label, threshold),
            BestF1: BestF1(probability, label),
            TopDecileLift: TopDecileLift(probability, label));
    }

    /// <summary>
    /// The Mann–Whitney form of the ROC area: the chance a random positive outranks a random negative,
    /// a tie counting one half (average ranks), which equals the trapezoid area under the ROC curve.
    /// NaN when either class is absent.
    /// </summary>
    public static double Auc(ReadOnlySpan<double> score, ReadOnlySpan<bool> label)
    {
        MetricInputs.RequirePairs(score.Length, label.Length, nameof(score), nameof(label));
        var ranks = Ranking.AverageRanks(score);
        double positiveRankSum = 0;
        long positives = 0;
        for (var i = 0; i < label.Length; i++)
        {
            if (!label[i]) continue;
            positiveRankSum += ranks[i];
            positives++;
        }
        var negatives = label.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// Average precision as sklearn's average_precision_score: walk the distinct scores from the top,
    /// letting a whole tied group in at once, and add precision × the recall it gained. This is the
    /// step-wise sum, not the trapezoid, which would be optimistic. NaN when there are no positives.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<double> score, ReadOnlySpan<bool> label)
    {
        MetricInputs.RequirePairs(score.Length, label.Length, nameof(score), nameof(label));
        var positives = 0;
        foreach (var y in label) if (y) positives++;
        if (positives == 0) return double.NaN;

        var order = Ranking.DescendingOrder(score);
        double ap = 0;
        int truePositives = 0, called = 0;
        var i = 0;
        while (i < order.Length)
        {
            var groupScore = score[order[i]];
            var gained = 0;
            while (i < order.Length && score[order[i]].Equals(groupScore))
            {
                if (label[order[i]]) gained++;
                called++;
                i++;
            }
            truePositives += gained;
            ap += (double)gained / positives * ((double)truePositives / called);
        }
        return ap;
    }

    /// <summary>Ten equal-width bins over [0, 1]; a probability of exactly 1 goes in the last bin.</summary>
    public static IReadOnlyList<ReliabilityBin> ReliabilityBins(ReadOnlySpan<double> probability, ReadOnlySpan<bool> label)
    {
        MetricInputs.RequirePairs(probability.Length, label.Length, nameof(probability), nameof(label));
        var counts = new int[ReliabilityBinCount];
        var sums = new double[ReliabilityBinCount];
        var hits = new int[ReliabilityBinCount];
        for (var i = 0; i < probability.Length; i++)
        {
            var bin = Math.Min((int)(probability[i] * ReliabilityBinCount), ReliabilityBinCount - 1);
            counts[bin]++;
            sums[bin] += probability[i];
            if (label[i]) hits[bin]++;
        }

        var bins = new ReliabilityBin[ReliabilityBinCount];
        for (var b = 0; b < ReliabilityBinCount; b++)
        {
            bins[b] = new ReliabilityBin(
                Lower: (double)b / ReliabilityBinCount,
                Upper: (double)(b + 1) / ReliabilityBinCount,
                Count: counts[b],
                MeanPredicted: counts[b] == 0 ? double.NaN : sums[b] / counts[b],
                ObservedRate: counts[b] == 0 ? double.NaN : (double)hits[b] / counts[b]);
        }
        return bins;
    }

    /// <summary>Precision, recall and F1 when probability ≥ threshold is called positive.</summary>
    public static ThresholdMetrics AtThreshold(ReadOnlySpan<double> probability, ReadOnlySpan<bool> label, double threshold)
    {
        MetricInputs.RequirePairs(probability.Length, label.Length, nameof(probability), nameof(label));
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < probability.Length; i++)
        {
            var called = probability[i] >= threshold;
            if (called && label[i]) tp++;
            else if (called) fp++;
            else if (label[i]) fn++;
        }
        return Scores(threshold, tp, fp, fn);
    }

    /// <summary>
    /// The threshold, among the distinct probabilities, whose F1 is highest. Only those values can
    /// change the confusion matrix, so nothing better lies between them. Of thresholds tied on F1 the
    /// highest wins: it flags the fewest customers for the same F1.
    /// </summary>
    public static ThresholdMetrics BestF1(ReadOnlySpan<double> probability, ReadOnlySpan<bool> label)
    {
        MetricInputs.RequirePairs(probability.Length, label.Length, nameof(probability), nameof(label));
        var positives = 0;
        foreach (var y in label) if (y) positives++;

        var order = Ranking.DescendingOrder(probability);
        ThresholdMetrics? best = null;
        int tp = 0, fp = 0;
        var i = 0;
        while (i < order.Length)
        {
            var threshold = probability[order[i]];
            while (i < order.Length && probability[order[i]].Equals(threshold))
            {
                if (label[order[i]]) tp++;
                else fp++;
                i++;
            }
            var candidate = Scores(threshold, tp, fp, positives - tp);
            if (best is null || candidate.F1 > best.F1) best = candidate;
        }
        return best!;
    }

    /// <summary>
    /// Positive rate among the top 10 % by probability (⌈n/10⌉ rows) over the base rate. A tie that
    /// straddles the cut counts with its own positive rate for the places it takes, the exact average
    /// over every order of the tie, so the lift never depends on how the rows were sorted.
    /// NaN when there are no positives.
    /// </summary>
    public static double TopDecileLift(ReadOnlySpan<double> probability, ReadOnlySpan<bool> label)
    {
        MetricInputs.RequirePairs(probability.Length, label.Length, nameof(probability), nameof(label));
        var n = probability.Length;
        var positives = 0;
        foreach (var y in label) if (y) positives++;
        if (positives == 0) return double.NaN;

        var top = (n + 9) / 10;
        var order = Ranking.DescendingOrder(probability);
        double topPositives = 0;
        var taken = 0;
        var i = 0;
        while (taken < top)
        {
            var groupScore = probability[order[i]];
            int groupSize = 0, groupPositives = 0;
            while (i < n && probability[order[i]].Equals(groupScore))
            {
                groupSize++;
                if (label[order[i]]) groupPositives++;
                i++;
            }
            var places = Math.Min(groupSize, top - taken);
            topPositives += (double)groupPositives * places / groupSize;
            taken += places;
        }
        return topPositives / top / ((double)positives / n);
    }

    static ThresholdMetrics Scores(double threshold, int tp, int fp, int fn)
    {
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ThresholdMetrics(threshold, tp, fp, fn, precision, recall, f1);
    }
}
