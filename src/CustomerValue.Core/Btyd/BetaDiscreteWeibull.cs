namespace CustomerValue.Core.Btyd;

/// <summary>
/// The beta-discrete-Weibull (BdW) model (Fader, Hardie, Liu, Davin &amp; Steenburgh 2018, "'How to Project
/// Customer Retention' Revisited: The Role of Duration Dependence", Journal of Interactive Marketing 43): a
/// customer's churn probability changes with tenure, P(survive t | θ) = (1 − θ)^(t^c), θ ~ Beta(γ, δ), so
/// S(t) = B(γ, δ + t^c)/B(γ, δ). c &lt; 1: individual churn falls with tenure; c &gt; 1: it rises; c = 1 is the sBG.
/// </summary>
public sealed class BetaDiscreteWeibull : RetentionModel
{
    static readonly string[] Names = ["gamma", "delta", "c"];

    public BetaDiscreteWeibull(double gamma, double delta, double c)
        : this(new FitOutcome([gamma, delta, c], [], double.NaN, FitDiagnostics.NotFitted))
    {
    }

    BetaDiscreteWeibull(FitOutcome outcome) : base(outcome, Names)
    {
    }

    public double Gamma => Outcome.Theta[0];
    public double Delta => Outcome.Theta[1];
    public double C => Outcome.Theta[2];

    public override string Name => "BdW";

    /// <summary>Maximum-likelihood fit on one or several cohorts that share the parameters.</summary>
    public static BetaDiscreteWeibull Fit(IReadOnlyList<SurvivorCounts> cohorts, BtydFitOptions? options = null) =>
        new(FitCounts(cohorts, fitShape: true, Names, options));

    public override double LogSurvival(int t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        return LogBetaRatio(Gamma, Delta, Math.Pow(t, C));
    }
}
