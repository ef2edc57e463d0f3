namespace CustomerValue.Core.Btyd;

/// <summary>
/// The shifted-beta-geometric (sBG) model (Fader &amp; Hardie 2007, "How to Project Customer Retention", Journal of
/// Interactive Marketing 21(1)): each customer churns at the end of every period with a constant probability
/// θ ~ Beta(γ, δ). S(t) = B(γ, δ+t)/B(γ, δ) and the retention rate r(t) = (δ+t−1)/(γ+δ+t−1) rises with t.
/// </summary>
public sealed class ShiftedBetaGeometric : RetentionModel
{
    static readonly string[] Names = ["gamma", "delta"];

    public ShiftedBetaGeometric(double gamma, double delta)
        : this(new FitOutcome([gamma, delta], [], double.NaN, FitDiagnostics.NotFitted))
    {
    }

    ShiftedBetaGeometric(FitOutcome outcome) : base(outcome, Names)
    {
    }

    public double Gamma => Outcome.Theta[0];
    public double Delta => Outcome.Theta[1];

    /// <summary>γ + δ past which a fit that did not converge has run to the no-heterogeneity boundary (<see cref="RanToGeometric"/>).</summary>
    public const double GeometricBoundary = 1e4;

    /// <summary>
    /// Whether the fit ran to the no-heterogeneity boundary: γ and δ grew without bound (past <see cref="GeometricBoundary"/>)
    /// and the optimizer stopped short of its tolerance along that ridge. The data show every customer churning with about
    /// the same probability, and the curve is that plain geometric, γ / (γ + δ) a period: as good a fit as the data allow.
    /// </summary>
    public bool RanToGeometric => !Diagnostics.Converged && Gamma + Delta > GeometricBoundary;

    public override string Name => "sBG";

    /// <summary>Maximum-likelihood fit on one or several cohorts that share the parameters (FH 2007 eq. 8).</summary>
    public static ShiftedBetaGeometric Fit(IReadOnlyList<SurvivorCounts> cohorts, BtydFitOptions? options = null) =>
        new(FitCounts(cohorts, fitShape: false, Names, options));

    public override double LogSurvival(int t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        return LogBetaRatio(Gamma, Delta, t);
    }

    /// <remarks>
    /// FH 2010 eq. 6: DERL(d | γ, δ, n−1 renewals) = (δ+n−1)/(γ+δ+n−1) · ₂F₁(1, δ+n; γ+δ+n; 1/(1+d)). When γ and δ
    /// are huge (a fit running to the no-heterogeneity boundary) the ₂F₁ series may not converge; the sum of
    /// discounted survival is then taken term by term.
    /// </remarks>
    public override double DiscountedExpectedResidualLifetime(int renewals, double discountRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(renewals);
        CheckDiscount(discountRate);
        var n = renewals + 1.0;
        var (g, d) = (Gamma, Delta);
        var closed = (d + n - 1) / (g + d + n - 1) * Hypergeometric.Gauss2F1(1, d + n, g + d + n, 1 / (1 + discountRate));
        return double.IsFinite(closed) ? closed : base.DiscountedExpectedResidualLifetime(renewals, discountRate);
    }
}
