using System.Diagnostics;
using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// The modified BG/NBD model (Batislam, Denizel &amp; Filiztekin 2007; lifetimes' ModifiedBetaGeoFitter): as BG/NBD,
/// but a customer may also drop out right after the first purchase, so customers without repeat purchases are
/// not assumed alive. Parameters r, α (purchase rate Gamma(r, α)) and a, b (dropout Beta(a, b)); times in <see cref="TimeUnit"/>.
/// </summary>
public sealed class MbgNbd : TransactionModel
{
    static readonly string[] Names = ["r", "alpha", "a", "b"];

    public MbgNbd(double r, double alpha, double a, double b, TimeUnit timeUnit)
        : this(new FitOutcome([r, alpha, a, b], [], double.NaN, FitDiagnostics.NotFitted), timeUnit)
    {
    }

    MbgNbd(FitOutcome outcome, TimeUnit timeUnit)
        : base(outcome, timeUnit, Names, "MBG/NBD")
    {
    }

    public double R => Outcome.Theta[0];
    public double Alpha => Outcome.Theta[1];
    public double A => Outcome.Theta[2];
    public double B => Outcome.Theta[3];

    public override BtydModelKind Kind => BtydModelKind.MbgNbd;

    public override IReadOnlyList<string> Notes { get; } =
    [
        "MBG/NBD lets a customer drop out right after the first purchase too, so P(alive) of a customer without " +
        "repeat purchases falls as time since the first purchase grows.",
    ];

    public static MbgNbd Fit(ReadOnlySpan<RepeatSummary> customers, TimeUnit timeUnit, BtydFitOptions? options = null) =>
        Fit(customers, default, timeUnit, options);

    public static MbgNbd Fit(ReadOnlySpan<RepeatSummary> customers, ReadOnlySpan<double> weights, TimeUnit timeUnit, BtydFitOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        options ??= BtydFitOptions.Default;
        var data = RepeatData.Aggregate(customers, weights);
        var start = new[] { 1.0, 1.0 / BtydMath.MeanRate(data), 1.0, 1.0 };
        var outcome = MaximumLikelihood.Fit(new BetaGeometricLikelihood(data, modified: true), start, options,
            data.Rows, data.Count, clock, Names, []);
        return new MbgNbd(outcome, timeUnit);
    }

    public double LogLikelihoodOf(RepeatSummary customer)
    {
        BtydMath.CheckCustomer(customer);
        var data = RepeatData.Aggregate([customer], default);
        return new BetaGeometricLikelihood(data, modified: true).Evaluate(Outcome.Theta.Select(v => Math.Log(v)).ToArray(), new double[4]);
    }

    /// <remarks>
    /// (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; z)] · P(alive), z = t/(α+T+t),
    /// evaluated after Euler's transformation as 1 − ((α+T)/(α+T+t))^(a−1) ₂F₁(a+b−r, a−1; a+b+x; z).
    /// </remarks>
    public override double ExpectedPurchases(double t, RepeatSummary customer, double alive)
    {
        BtydMath.CheckHorizon(t);
        BtydMath.CheckCustomer(customer);
        var x = customer.Frequency;
        var (r, alpha, a, b) = (R, Alpha, A, B);
        var z = t / (alpha + customer.Age + t);
        var hyp = Hypergeometric.Gauss2F1(a + b - r, a - 1, a + b + x, z);
        var bracket = 1 - Math.Exp((a - 1) * Math.Log(1 - z)) * hyp;
        if (!double.IsFinite(bracket))
        {
            // The untransformed form, as in BgNbd.ExpectedPurchases: with a and r in the hundred thousands the
            // transformed power underflows while its ₂F₁ overflows.
            bracket = 1 - Math.Exp((r + x) * Math.Log(1 - z)) * Hypergeometric.Gauss2F1(r + x, b + x + 1, a + b + x, z);
        }
        return (a + b + x) / (a - 1) * bracket * alive;
    }

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
        var first = Math.Exp(SpecialFunctions.BetaLn(a, b + n + 1) - lnBab + BgNbd.NegativeBinomialLog(r, alpha, n, t));
        var cumulative = 0.0;
        for (var j = 0; j < n; j++)
        {
            cumulative += Math.Exp(BgNbd.NegativeBinomialLog(r, alpha, j, t));
        }

        return first + Math.Exp(SpecialFunctions.BetaLn(a + 1, b + n) - lnBab) * (1 - cumulative);
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
}
