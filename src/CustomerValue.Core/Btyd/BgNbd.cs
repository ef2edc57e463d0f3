using System.Diagnostics;
using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the Easy Way"): while alive a customer
/// buys at rate λ ~ Gamma(r, α); after each repeat purchase they drop out with probability p ~ Beta(a, b).
/// Times are in <see cref="TimeUnit"/>.
/// </summary>
public sealed class BgNbd : TransactionModel
{
    static readonly string[] Names = ["r", "alpha", "a", "b"];

    public const string NoRepeatNote =
        "BG/NBD lets a customer drop out only right after a repeat purchase, so P(alive) = 1 for every customer " +
        "with no repeat purchases, however long ago their first purchase was. Use MBG/NBD when that matters.";

    /// <summary>A model with given parameters, e.g. loaded from a saved model or taken from a paper.</summary>
    public BgNbd(double r, double alpha, double a, double b, TimeUnit timeUnit)
        : this(new FitOutcome([r, alpha, a, b], [], double.NaN, FitDiagnostics.NotFitted), timeUnit)
    {
    }

    BgNbd(FitOutcome outcome, TimeUnit timeUnit)
        : base(outcome, timeUnit, Names, "BG/NBD")
    {
    }

    public double R => Outcome.Theta[0];
    public double Alpha => Outcome.Theta[1];
    public double A => Outcome.Theta[2];
    public double B => Outcome.Theta[3];

    public override BtydModelKind Kind => BtydModelKind.BgNbd;
    public override IReadOnlyList<string> Notes { get; } = [NoRepeatNote];

    public static BgNbd Fit(ReadOnlySpan<RepeatSummary> customers, TimeUnit timeUnit, BtydFitOptions? options = null) =>
        Fit(customers, default, timeUnit, options);

    /// <summary>Maximum-likelihood fit; <paramref name="weights"/> (empty for all ones) say how many customers each row stands for.</summary>
    public static BgNbd Fit(ReadOnlySpan<RepeatSummary> customers, ReadOnlySpan<double> weights, TimeUnit timeUnit, BtydFitOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        options ??= BtydFitOptions.Default;
        var data = RepeatData.Aggregate(customers, weights);
        var start = new[] { 1.0, 1.0 / BtydMath.MeanRate(data), 1.0, 1.0 };
        var outcome = MaximumLikelihood.Fit(new BetaGeometricLikelihood(data, modified: false), start, options,
            data.Rows, data.Count, clock, Names, []);
        return new BgNbd(outcome, timeUnit);
    }

    /// <summary>This customer's log-likelihood contribution at the model's parameters.</summary>
    public double LogLikelihoodOf(RepeatSummary customer)
    {
        BtydMath.CheckCustomer(customer);
        var data = RepeatData.Aggregate([customer], default);
        return new BetaGeometricLikelihood(data, modified: false).Evaluate(Outcome.Theta.Select(v => Math.Log(v)).ToArray(), new double[4]);
    }

    /// <remarks>
    /// FHL 2005 eq. 10, with Euler's transformation folded in so that large x cannot overflow ₂F₁:
    /// E = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; t/(α+T+t))] · P(alive).
    /// </remarks>
    public override double ExpectedPurchases(double t, RepeatSummary customer, double alive)
    {
        BtydMath.CheckHorizon(t);
        BtydMath.CheckCustomer(customer);
        var x = customer.Frequency;
        var (r, alpha, a, b) = (R, Alpha, A, B);
        var z = t / (alpha + customer.Age + t);
        var hyp = Hypergeometric.Gauss2F1(a + b - 1 - r, a - 1, a + b + x - 1, z);
        var bracket = 1 - Math.Exp((a - 1) * Math.Log(1 - z)) * hyp;
        if (!double.IsFinite(bracket))
        {
            // The untransformed eq. 10, ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z): on sparse data the fit can run
            // along the ridge where p's Beta(a, b) becomes a point mass (a near 10⁵–10⁶), and then the transformed power
            // underflows to 0 while its ₂F₁ overflows or has no representation that converges (NaN), where this series
            // converges in a few hundred terms.
            bracket = 1 - Math.Exp((r + x) * Math.Log(1 - z)) * Hypergeometric.Gauss2F1(r + x, b + x, a + b + x - 1, z);
        }
        return (a + b + x - 1) / (a - 1) * bracket * alive;
    }

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

    /// <remarks>
    /// A customer alive at T buys at rate λ with posterior Gamma(r + x, α + T) and can drop out only right after a
    /// purchase, so P(buy within t) = P(alive) · [1 − ((α+T)/(α+T+t))^(r+x)].
    /// </remarks>
    public override double ProbabilityOfPurchaseWithin(double t, RepeatSummary customer, double alive)
    {
        BtydMath.CheckHorizon(t);
        BtydMath.CheckCustomer(customer);
        var lnNone = (R + customer.Frequency) * (Math.Log(Alpha + customer.Age) - Math.Log(Alpha + customer.Age + t));
        return alive * -BtydMath.ExpM1(lnNone);
    }

    public override double? TimeToNextPurchase(RepeatSummary customer, double horizon, double probability, double alive)
    {
        CheckNextPurchaseArguments(horizon, probability);
        BtydMath.CheckCustomer(customer);
        return TimeToProbabilityWhenAlive(alive, R, Alpha, customer, horizon, probability);
    }

    public override double ExpectedDaysToNextPurchase(RepeatSummary customer) => BtydMath.DaysToNextPurchase(R, Alpha, customer, TimeUnit);

    /// <summary>ln P(Poisson-gamma count in t = j) = ln[Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j].</summary>
    internal static double NegativeBinomialLog(double r, double alpha, int j, double t)
    {
        var head = SpecialFunctions.GammaLn(r + j) - SpecialFunctions.GammaLn(r) - SpecialFunctions.GammaLn(j + 1.0)
            + r * Math.Log(alpha / (alpha + t));
        return j == 0 ? head : head + j * Math.Log(t / (alpha + t));
    }
}
