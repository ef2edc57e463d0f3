using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// The modified BG/NBD model (Batislam, Denizel &amp; Filiztekin 2007; lifetimes' ModifiedBetaGeoFitter): as BG/NBD,
/// but a customer may also drop out right after the first purchase, so customers without repeat purchases are
/// not assumed alive. Parameters r, α (purchase rate Gamma(r, α)) and a, b (dropout Beta(a, b)); times in <see cref="TimeUnit"/>.
/// </summary>
public sealed class MbgNbd : BetaGeometricNbd
{
    public MbgNbd(double r, double alpha, double a, double b, TimeUnit timeUnit)
        : this(new FitOutcome([r, alpha, a, b], [], double.NaN, FitDiagnostics.NotFitted), timeUnit)
    {
    }

    MbgNbd(FitOutcome outcome, TimeUnit timeUnit)
        : base(outcome, timeUnit, "MBG/NBD", modified: true)
    {
    }

    public override BtydModelKind Kind => BtydModelKind.MbgNbd;

    public override IReadOnlyList<string> Notes { get; } =
    [
        "MBG/NBD lets a customer drop out right after the first purchase too, so P(alive) of a customer without " +
        "repeat purchases falls as time since the first purchase grows.",
    ];

    public static MbgNbd Fit(ReadOnlySpan<RepeatSummary> customers, TimeUnit timeUnit, BtydFitOptions? options = null) =>
        Fit(customers, default, timeUnit, options);

    /// <summary>Maximum-likelihood fit; <paramref name="weights"/> (empty for all ones) say how many customers each row stands for.</summary>
    public static MbgNbd Fit(ReadOnlySpan<RepeatSummary> customers, ReadOnlySpan<double> weights, TimeUnit timeUnit, BtydFitOptions? options = null) =>
        new(FitParameters(customers, weights, options, modified: true), timeUnit);

    /// <remarks>1 / (1 + a/(b+x) · ((α+T)/(α+tₓ))^(r+x)), below 1 also for x = 0.</remarks>
    public override double ProbabilityAlive(RepeatSummary customer)
    {
        BtydMath.CheckCustomer(customer);
        var x = customer.Frequency;
        var logOdds = Math.Log(A) - Math.Log(B + x)
            + (R + x) * (Math.Log(Alpha + customer.Age) - Math.Log(Alpha + customer.Recency));
        return 1 / (1 + Math.Exp(logOdds));
    }

    /// <remarks>b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))].</remarks>
    public override double UnconditionalExpectedPurchases(double t)
    {
        BtydMath.CheckHorizon(t);
        var (r, alpha, a, b) = (R, Alpha, A, B);
        var hyp = Hypergeometric.Gauss2F1(r, b + 1, a + b, t / (alpha + t));
        return b / (a - 1) * (1 - Math.Pow(alpha / (alpha + t), r) * hyp);
    }

    /// <remarks>
    /// B(a, b+n+1)/B(a, b) · NBD(n) + B(a+1, b+n)/B(a, b) · [1 − Σ_{j&lt;n} NBD(j)]: alive throughout, or dropped out
    /// after the n-th purchase (n = 0 included).
    /// </remarks>
    public override double ProbabilityOfPurchases(int n, double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        BtydMath.CheckHorizon(t);
        var (r, alpha, a, b) = (R, Alpha, A, B);
        var lnBab = SpecialFunctions.BetaLn(a, b);
        var first = Math.Exp(SpecialFunctions.BetaLn(a, b + n + 1) - lnBab + NegativeBinomialLog(r, alpha, n, t));
        var cumulative = 0.0;
        for (var j = 0; j < n; j++)
        {
            cumulative += Math.Exp(NegativeBinomialLog(r, alpha, j, t));
        }

        return first + Math.Exp(SpecialFunctions.BetaLn(a + 1, b + n) - lnBab) * (1 - cumulative);
    }
}
