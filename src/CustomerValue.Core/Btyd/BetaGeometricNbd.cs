using System.Diagnostics;
using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// What BG/NBD and MBG/NBD share: while alive a customer buys at rate λ ~ Gamma(r, α), and drops out after a purchase
/// with probability p ~ Beta(a, b). They differ in whether the first purchase counts as one after which a customer can
/// drop out (<c>modified</c>, MBG/NBD), which moves a, b and x by one in their formulas. Times are in <see cref="TimeUnit"/>.
/// </summary>
public abstract class BetaGeometricNbd : TransactionModel
{
    private protected static readonly string[] Names = ["r", "alpha", "a", "b"];

    readonly bool _modified;

    private protected BetaGeometricNbd(FitOutcome outcome, TimeUnit timeUnit, string displayName, bool modified)
        : base(outcome, timeUnit, Names, displayName)
    {
        _modified = modified;
    }

    public double R => Outcome.Theta[0];
    public double Alpha => Outcome.Theta[1];
    public double A => Outcome.Theta[2];
    public double B => Outcome.Theta[3];

    /// <summary>Maximum-likelihood fit; <paramref name="weights"/> (empty for all ones) say how many customers each row stands for.</summary>
    private protected static FitOutcome FitParameters(ReadOnlySpan<RepeatSummary> customers, ReadOnlySpan<double> weights, BtydFitOptions? options, bool modified)
    {
        var clock = Stopwatch.StartNew();
        options ??= BtydFitOptions.Default;
        var data = RepeatData.Aggregate(customers, weights);
        var start = new[] { 1.0, 1.0 / BtydMath.MeanRate(data), 1.0, 1.0 };
        return MaximumLikelihood.Fit(new BetaGeometricLikelihood(data, modified), start, options,
            data.Rows, data.Count, clock, Names, []);
    }

    /// <summary>This customer's log-likelihood contribution at the model's parameters.</summary>
    public double LogLikelihoodOf(RepeatSummary customer)
    {
        BtydMath.CheckCustomer(customer);
        var data = RepeatData.Aggregate([customer], default);
        return new BetaGeometricLikelihood(data, _modified).Evaluate(Outcome.Theta.Select(v => Math.Log(v)).ToArray(), new double[4]);
    }

    /// <remarks>
    /// BG/NBD (FHL 2005 eq. 10), with Euler's transformation folded in so that large x cannot overflow ₂F₁:
    /// E = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z)] · P(alive), z = t/(α+T+t).
    /// MBG/NBD: (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; z)] · P(alive), transformed the same
    /// way into 1 − ((α+T)/(α+T+t))^(a−1) ₂F₁(a+b−r, a−1; a+b+x; z): the BG/NBD forms with one less subtracted.
    /// </remarks>
    public override double ExpectedPurchases(double t, RepeatSummary customer, double alive)
    {
        BtydMath.CheckHorizon(t);
        BtydMath.CheckCustomer(customer);
        var x = customer.Frequency;
        var (r, alpha, a, b) = (R, Alpha, A, B);
        var one = _modified ? 0.0 : 1.0;
        var z = t / (alpha + customer.Age + t);
        var hyp = Hypergeometric.Gauss2F1(a + b - one - r, a - 1, a + b + x - one, z);
        var bracket = 1 - Math.Exp((a - 1) * Math.Log(1 - z)) * hyp;
        if (!double.IsFinite(bracket))
        {
            // The untransformed form, ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z) for BG/NBD: on sparse data the fit
            // can run along the ridge where p's Beta(a, b) becomes a point mass (a near 10⁵–10⁶), and then the transformed
            // power underflows to 0 while its ₂F₁ overflows or has no representation that converges (NaN), where this
            // series converges in a few hundred terms.
            bracket = 1 - Math.Exp((r + x) * Math.Log(1 - z)) * Hypergeometric.Gauss2F1(r + x, b + x + (1 - one), a + b + x - one, z);
        }
        return (a + b + x - one) / (a - 1) * bracket * alive;
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
    private protected static double NegativeBinomialLog(double r, double alpha, int j, double t)
    {
        var head = SpecialFunctions.GammaLn(r + j) - SpecialFunctions.GammaLn(r) - SpecialFunctions.GammaLn(j + 1.0)
            + r * Math.Log(alpha / (alpha + t));
        return j == 0 ? head : head + j * Math.Log(t / (alpha + t));
    }
}
