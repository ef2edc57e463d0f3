namespace CustomerValue.Modeling.Evaluation;

/// <summary>
/// Platt scaling: maps a raw score s to P(positive) = 1 / (1 + exp(A·s + B)), with A and B fitted
/// by maximum likelihood on held-out scores.
/// </summary>
/// <remarks>
/// Fitted with the Newton method and backtracking line search of Lin, Lin and Weng, "A note on
/// Platt's probabilistic outputs for support vector machines" (2007), which stays stable where
/// Platt's original code overflows. The targets are Platt's smoothed ones, (N₊ + 1)/(N₊ + 2) and
/// 1/(N₋ + 2), so perfectly separated scores still give finite A and B.
/// </remarks>
public sealed class PlattCalibrator
{
    const int MaxIterations = 100;
    const double MinStep = 1e-10;
    const double HessianRidge = 1e-12;
    const double GradientTolerance = 1e-5;

    public PlattCalibrator(double a, double b)
    {
        A = a;
        B = b;
    }

    /// <summary>Slope on the score; negative when higher scores mean more likely positive.</summary>
    public double A { get; }

    /// <summary>Offset.</summary>
    public double B { get; }

    public double Calibrate(double score) => Probability(A * score + B);

    // Written both ways so exp never overflows.
    static double Probability(double z) =>
        z >= 0 ? Math.Exp(-z) / (1 + Math.Exp(-z)) : 1 / (1 + Math.Exp(z));

    /// <exception cref="ArgumentException">The spans differ in length, are empty, hold a non-finite score, or hold one class only.</exception>
    public static PlattCalibrator Fit(ReadOnlySpan<double> score, ReadOnlySpan<bool> label)
    {
        MetricInputs.RequirePairs(score.Length, label.Length, nameof(score), nameof(label));
        MetricInputs.RequireFinite(score, nameof(score));
        double positives = 0;
        foreach (var y in label) if (y) positives++;
        var negatives = label.Length - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException("Calibration needs both positive and negative examples.", nameof(label));

        var hiTarget = (positives + 1) / (positives + 2);
        var loTarget = 1 / (negatives + 2);
        var target = new double[label.Length];
        for (var i = 0; i < target.Length; i++) target[i] = label[i] ? hiTarget : loTarget;
        var s = score.ToArray();

        double a = 0, b = Math.Log((negatives + 1) / (positives + 1));
        var loss = NegativeLogLikelihood(s, target, a, b);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            double h11 = HessianRidge, h22 = HessianRidge, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < s.Length; i++)
            {
                var p = Probability(a * s[i] + b);
                var d2 = p * (1 - p);
                h11 += s[i] * s[i] * d2;
                h22 += d2;
                h21 += s[i] * d2;
                var d1 = target[i] - p;
                g1 += s[i] * d1;
                g2 += d1;
            }
            if (Math.Abs(g1) < GradientTolerance && Math.Abs(g2) < GradientTolerance) break;

            var det = h11 * h22 - h21 * h21;
            var da = -(h22 * g1 - h21 * g2) / det;
            var db = -(-h21 * g1 + h11 * g2) / det;
            var descent = g1 * da + g2 * db;

            var step = 1.0;
            while (step >= MinStep)
            {
                var newA = a + step * da;
                var newB = b + step * db;
                var newLoss = NegativeLogLikelihood(s, target, newA, newB);
                if (newLoss < loss + 1e-4 * step * descent)
                {
                    (a, b, loss) = (newA, newB, newLoss);
                    break;
                }
                step /= 2;
            }
            if (step < MinStep) break;
        }
        return new PlattCalibrator(a, b);
    }

    static double NegativeLogLikelihood(double[] score, double[] target, double a, double b)
    {
        double loss = 0;
        for (var i = 0; i < score.Length; i++)
        {
            var z = score[i] * a + b;
            loss += z >= 0
                ? target[i] * z + Math.Log(1 + Math.Exp(-z))
                : (target[i] - 1) * z + Math.Log(1 + Math.Exp(z));
        }
        return loss;
    }
}
