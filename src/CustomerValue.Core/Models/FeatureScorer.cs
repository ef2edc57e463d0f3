using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Core.Models;

/// <summary>
/// Computes the derived model columns of a row (the BTYD outputs when the bundle has them), in the
/// order of <see cref="VectorLayout.Derived"/>.
/// </summary>
public sealed class FeatureScorer
{
    public static FeatureScorer None { get; } = new();

    public static FeatureScorer FromCard(ModelCard card) => None;

    public DerivedValues Derive(FeatureRow row) => new([], null, null);
}

public sealed record DerivedValues(double[] Values, double? ProbabilityAlive, double? ExpectedPurchases);
