using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the Easy Way"): while alive a customer
/// buys at rate λ ~ Gamma(r, α); after each repeat purchase they drop out with probability p ~ Beta(a, b).
/// Times are in <see cref="TimeUnit"/>.
/// </summary>
public sealed class BgNbd : BetaGeometricNbd
{
    public const string NoRepeatNote =
        "BG/NBD lets a customer drop out only right after a repeat purchase, so P(alive) = 1 for every customer " +
        "with no repeat purchases, however long ago their first purchase was. Use MBG/NBD when that matters.";

    /// <summary>A model with given parameters, e.g. loaded from a saved model or taken from a paper.</summary>
    public BgNbd(double r, double alpha, double a, double b, TimeUnit timeUnit)
        : this(new FitOutcome([r, alpha, a, b], [], double.NaN, FitDiagnostics.NotFitted), timeUnit)
    {
    }

    BgNbd(FitOutcome outcome, TimeUnit timeUnit)
        : base(outcome, timeUnit, "BG/NBD", modified: false)
    {
    }

    public override BtydModelKind Kind => BtydModelKind.BgNbd;
    public override IReadOnlyList<string> Notes { get; } = [NoRepeatNote];

    public static BgNbd Fit(ReadOnlySpan<RepeatSummary> customers, TimeUnit timeUnit, BtydFitOptions? options = null) =>
        Fit(customers, default, timeUnit, options);

    /// <summary>Maximum-likelihood fit; <paramref name="weights"/> (empty for all ones) say how many customers each row stands for.</summary>
    public static BgNbd Fit(ReadOnlySpan<RepeatSummary> customers, ReadOnlySpan<double> weights, TimeUnit timeUnit, BtydFitOptions? options = null) =>
        new(FitParameters(customers, weights, options, modified: false), timeUnit);

    /// <remarks>
    /// Fader, Hardie &amp; Lee, "Computing P(alive) using the BG/NBD model" (note 021): 1 / (1 + 1{x&gt;0} · a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)).
    /// It is exactly 1 for x = 0 (see <see cref="NoRepeatNote"/>).
    /// </remarks>
    public override double ProbabilityAlive(RepeatSummary customer)
    {
        BtydMath.CheckCustomer(customer);
        var x = customer.Frequency;
        if (x == 0)
        {
            return 1.0;
        }

        var logOdds = Math.Log(A) - Math.Log(B + x - 1)
            + (R + x) * (Math.Log(Alpha + customer.Age) - Math.Log(Alpha + customer.Recency));
        return 1 / (1 + Math.Exp(logOdds));
    }

    /// <remarks>FHL 2005 eq. 9: (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].</remarks>
    public override double UnconditionalExpectedPurchases(double t)
    {
        BtydMath.CheckHorizon(t);
        var (r, alpha, a, b) = (R, Alpha, A, B);
        var hyp = Hypergeometric.Gauss2F1(r, b, a + b - 1, t / (alpha + t));
        return (a + b - 1) / (a - 1) * (1 - Math.Pow(alpha / (alpha + t), r) * hyp);
    }

    /// <remarks>FHL 2005 eq. 8.</remarks>
    public override double ProbabilityOfPurchases(int n, double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        BtydMath.CheckHorizon(t);
        var (r, alpha, a, b) = (R, Alpha, A, B);
        var lnBab = SpecialFunctions.BetaLn(a, b);
        var first = Math.Exp(SpecialFunctions.BetaLn(a, b + n) - lnBab + NegativeBinomialLog(r, alpha, n, t));
        if (n == 0)
        {
            return first;
        }

        var cumulative = 0.0;
        for (var j = 0; j < n; j++)
        {
            cumulative += Math.Exp(NegativeBinomialLog(r, alpha, j, t));
        }

        return first + Math.Exp(SpecialFunctions.BetaLn(a + 1, b + n - 1) - lnBab) * (1 - cumulative);
    }
}
