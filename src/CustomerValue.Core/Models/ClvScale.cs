namespace CustomerValue.Core.Models;

/// <summary>Maps the CLV model's raw score back to currency over the horizon.</summary>
public static class ClvScale
{
    /// <summary>The training label as the learner of <paramref name="objective"/> sees it.</summary>
    public static float ToTarget(ClvObjective objective, double value) =>
        objective == ClvObjective.Log1p ? (float)double.LogP1(Math.Max(0, value)) : (float)Math.Max(0, value);

    /// <summary>
    /// Log-target predictions estimate the median, not the mean; Duan's smearing factor (the mean of
    /// exp(residual) on the training rows) moves them back to the mean that CLV sums need.
    /// </summary>
    public static double ToValue(ClvObjective objective, float score, double smearing) =>
        objective == ClvObjective.Log1p
            ? Math.Max(0, (Math.Exp(score) * smearing) - 1)
            : Math.Max(0, score);
}
