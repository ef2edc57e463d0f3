namespace CustomerValue.Core.Models;

/// <summary>The shipped CLV prediction: the ML model blended with BTYD + Gamma-Gamma by a weight chosen on validation data.</summary>
public static class ClvBlend
{
    /// <summary>Where BTYD has no prediction (a prospect, an unusable fit) the ML value stands alone.</summary>
    public static double Apply(double ml, double btydSpend, double mlWeight) =>
        mlWeight >= 1 || !double.IsFinite(btydSpend)
            ? ml
            : (mlWeight * ml) + ((1 - mlWeight) * Math.Max(0, btydSpend));

    /// <summary>The blend, then the validation factor that makes the predictions sum to the actual total.</summary>
    public static double Apply(double ml, double btydSpend, double mlWeight, double scale) =>
        scale * Apply(ml, btydSpend, mlWeight);
}
