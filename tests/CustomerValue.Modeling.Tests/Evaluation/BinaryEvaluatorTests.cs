using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Tests.Evaluation;

public sealed class BinaryEvaluatorTests
{
    const int Precision = 12;

    [Fact]
    public void AucAndAveragePrecisionMatchSklearnsDocumentedExample()
    {
        // sklearn's docs: roc_auc_score = 0.75 and average_precision_score = 0.83 for this case.
        // AP by hand: thresholds 0.8 (P 1, R .5), 0.4 (P .5, R .5), 0.35 (P 2/3, R 1) → .5·1 + .5·2/3.
        double[] probability = [0.1, 0.4, 0.35, 0.8];
        bool[] label = [false, false, true, true];

        var m = BinaryEvaluator.Evaluate(probability, label);

        Assert.Equal(0.75, m.Auc, Precision);
        Assert.Equal(5.0 / 6, m.AveragePrecision, Precision);
    }

    [Fact]
    public void AucCountsATiedPositiveNegativePairAsHalf()
    {
        // Pairs: (0.4+, 0.1−) 1, (0.4+, 0.4−) ½, (0.8+, either) 2 → 3.5 of 4.
        var auc = BinaryEvaluator.Auc([0.1, 0.4, 0.4, 0.8], [false, false, true, true]);

        Assert.Equal(0.875, auc, Precision);
    }

    [Fact]
    public void AucEqualsTheTrapezoidAreaUnderTheRocCurveWhenManyScoresTie()
    {
        // Probabilities rounded to one decimal so most rows tie with others.
        var random = new Random(3);
        var probability = Enumerable.Range(0, 300).Select(_ => Math.Round(random.NextDouble(), 1)).ToArray();
        var label = probability.Select(p => random.NextDouble() < p).ToArray();

        var auc = BinaryEvaluator.Auc(probability, label);

        Assert.Equal(TrapezoidRocArea(probability, label), auc, Precision);
    }

    /// <summary>The ROC curve walked threshold by threshold, each tied group one diagonal step.</summary>
    static double TrapezoidRocArea(double[] probability, bool[] label)
    {
        double positives = label.Count(y => y), negatives = label.Length - positives;
        double area = 0, tpr = 0, fpr = 0;
        foreach (var threshold in probability.Distinct().OrderDescending())
        {
            var tp = probability.Zip(label).Count(x => x.First >= threshold && x.Second) / positives;
            var fp = probability.Zip(label).Count(x => x.First >= threshold && !x.Second) / negatives;
            area += (fp - fpr) * (tp + tpr) / 2;
            (tpr, fpr) = (tp, fp);
        }
        return area;
    }

    [Fact]
    public void AveragePrecisionLetsATiedGroupInAtOnce()
    {
        // Group 0.8 brings one hit in two (P .5, R .5), then 0.3 (P 2/3, R 1): .25 + 1/3 = 7/12.
        // Taking the tie in row order would give 5/6 instead.
        var ap = BinaryEvaluator.AveragePrecision([0.8, 0.8, 0.3, 0.1], [true, false, true, false]);

        Assert.Equal(7.0 / 12, ap, Precision);
    }

    [Fact]
    public void LogLossMatchesSklearnsDocumentedExample()
    {
        // −(ln .9 + ln .9 + ln .8 + ln .65)/4; sklearn's docs print 0.21616...
        var m = BinaryEvaluator.Evaluate([0.9, 0.1, 0.2, 0.65], [true, false, false, true]);

        Assert.Equal(0.21616187468057912, m.LogLoss, Precision);
    }

    [Fact]
    public void LogLossClipsACertainWrongAnswerToAFiniteLoss()
    {
        var m = BinaryEvaluator.Evaluate([0.0], [true]);

        Assert.Equal(-Math.Log(1e-15), m.LogLoss, Precision);
    }

    [Fact]
    public void BrierMatchesSklearnsDocumentedExample()
    {
        // (.01 + .01 + .04 + .09)/4.
        var m = BinaryEvaluator.Evaluate([0.1, 0.9, 0.8, 0.3], [false, true, true, false]);

        Assert.Equal(0.0375, m.Brier, Precision);
    }

    [Fact]
    public void F1AtAThresholdAndTheBestF1ThresholdAreBothReported()
    {
        double[] probability = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05];
        bool[] label = [true, true, false, true, false, true, false, false, false, false];

        var m = BinaryEvaluator.Evaluate(probability, label, threshold: 0.5);

        // ≥ 0.5 calls five rows: TP 3, FP 2, FN 1 → P .6, R .75, F1 = .9/1.35.
        Assert.Equal((0.5, 3, 2, 1), (m.AtThreshold.Threshold, m.AtThreshold.TruePositives, m.AtThreshold.FalsePositives, m.AtThreshold.FalseNegatives));
        Assert.Equal(0.6, m.AtThreshold.Precision, Precision);
        Assert.Equal(0.75, m.AtThreshold.Recall, Precision);
        Assert.Equal(2.0 / 3, m.AtThreshold.F1, Precision);
        // Scanning: F1 .4, .667, .571, .75, .667, then at 0.4 TP 4, FP 2 → P 2/3, R 1, F1 0.8, then lower.
        Assert.Equal(0.4, m.BestF1.Threshold);
        Assert.Equal((4, 2, 0), (m.BestF1.TruePositives, m.BestF1.FalsePositives, m.BestF1.FalseNegatives));
        Assert.Equal(0.8, m.BestF1.F1, Precision);
        Assert.Equal(0.4, m.BaseRate, Precision);
    }

    [Fact]
    public void TopDecileLiftIsThePositiveRateOfTheTopTenPercentOverTheBaseRate()
    {
        // 20 rows, top 2 by probability hold one positive (rate .5); 4 positives overall (rate .2).
        var probability = Enumerable.Range(0, 20).Select(i => (20 - i) / 20.0).ToArray();
        var label = new bool[20];
        label[0] = label[5] = label[10] = label[15] = true;

        var m = BinaryEvaluator.Evaluate(probability, label);

        Assert.Equal(2.5, m.TopDecileLift, Precision);
    }

    /// <summary>
    /// A NaN score (a BTYD baseline's P(alive) from a degenerate fit) ranks below every number as one tie, as the
    /// sort puts it; the tie loops used to compare it with ==, never matched it, and average precision and the lift
    /// never moved on (the AUC split the tie by sort order).
    /// </summary>
    [Fact]
    public async Task NaNScoresTieAtTheBottomAndEveryMetricReturns()
    {
        double[] probability = [0.9, double.NaN, 0.4, double.NaN, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7];
        bool[] label = [true, false, true, true, false, false, false, false, true, false];

        var (auc, ap, lift) = await Task.Run(() => (BinaryEvaluator.Auc(probability, label), BinaryEvaluator.AveragePrecision(probability, label),
            BinaryEvaluator.TopDecileLift(probability, label))).WaitAsync(TimeSpan.FromSeconds(30));

        // As if the NaNs were one tied score below 0.1: 0.9+ beats 6 negatives (6), 0.6+ 5 (5), 0.4+ 4 (4),
        // the tied NaN+ half the NaN− (0.5): 15.5 of 4 × 6 pairs. AP: 0.9 (1/1), 0.6 (2/3), 0.4 (3/5), the NaNs (4/10).
        Assert.Equal(15.5 / 24, auc, Precision);
        Assert.Equal((1.0 + 2.0 / 3 + 3.0 / 5 + 4.0 / 10) / 4, ap, Precision);
        Assert.Equal(1 / 0.4, lift, Precision);
    }

    [Fact]
    public void ConstantProbabilitiesHaveLiftOneWhereverThePositivesSit()
    {
        var label = new bool[10];
        label[0] = label[1] = label[2] = true;

        var lift = BinaryEvaluator.TopDecileLift(Enumerable.Repeat(0.5, 10).ToArray(), label);

        Assert.Equal(1.0, lift, Precision);
    }

    [Fact]
    public void ReliabilityBinsAreTenEqualWidthBinsWithOneInTheLast()
    {
        double[] probability = [0.05, 0.15, 0.12, 0.95, 1.0, 0.5];
        bool[] label = [false, true, false, true, true, false];

        var bins = BinaryEvaluator.Evaluate(probability, label).ReliabilityBins;

        Assert.Equal([1, 2, 0, 0, 0, 1, 0, 0, 0, 2], bins.Select(b => b.Count));
        Assert.Equal((0.1, 0.2), (bins[1].Lower, bins[1].Upper));
        Assert.Equal(0.135, bins[1].MeanPredicted, Precision);
        Assert.Equal(0.5, bins[1].ObservedRate);
        Assert.Equal(0.975, bins[9].MeanPredicted, Precision);
        Assert.Equal(1.0, bins[9].ObservedRate);
        Assert.True(double.IsNaN(bins[2].ObservedRate));
    }

    [Fact]
    public void AucIsNaNWhenOnlyOneClassIsPresent()
    {
        var m = BinaryEvaluator.Evaluate([0.2, 0.7], [false, false]);

        Assert.True(double.IsNaN(m.Auc));
        Assert.True(double.IsNaN(m.AveragePrecision));
        Assert.True(double.IsNaN(m.TopDecileLift));
    }

    [Fact]
    public void ProbabilitiesOutsideZeroToOneAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => BinaryEvaluator.Evaluate([0.5, 1.2], [true, false]));

        Assert.Contains("probability[1] is 1.2", error.Message);
    }
}
