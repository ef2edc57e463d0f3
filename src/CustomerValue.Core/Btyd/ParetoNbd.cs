using System.Diagnostics;
using System.Runtime.CompilerServices;
using MathNet.Numerics;
using MathNet.Numerics.Integration;
using MathNet.Numerics.RootFinding;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// The Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987): while alive a customer buys at rate
/// λ ~ Gamma(r, α) and has an exponential lifetime with rate μ ~ Gamma(s, β). Times are in <see cref="TimeUnit"/>.
/// Formulas follow Fader &amp; Hardie's notes 009 (likelihood, P(alive), expectations) and 028 (pmf).
/// </summary>
public sealed class ParetoNbd : TransactionModel
{
    static readonly string[] Names = ["r", "alpha", "s", "beta"];

    public ParetoNbd(double r, double alpha, double s, double beta, TimeUnit timeUnit)
        : this(new FitOutcome([r, alpha, s, beta], [], double.NaN, FitDiagnostics.NotFitted), timeUnit)
    {
    }

    ParetoNbd(FitOutcome outcome, TimeUnit timeUnit)
        : base(outcome, timeUnit, Names, "Pareto/NBD")
    {
    }

    public double R => Outcome.Theta[0];
    public double Alpha => Outcome.Theta[1];
    public double S => Outcome.Theta[2];
    public double Beta => Outcome.Theta[3];

    public override BtydModelKind Kind => BtydModelKind.ParetoNbd;

    public override IReadOnlyList<string> Notes { get; } =
    [
        "Pareto/NBD customers can drop out at any time, so P(alive) falls with time since the last purchase also for customers without repeat purchases.",
    ];

    public static ParetoNbd Fit(ReadOnlySpan<RepeatSummary> customers, TimeUnit timeUnit, BtydFitOptions? options = null) =>
        Fit(customers, default, timeUnit, options);

    public static ParetoNbd Fit(ReadOnlySpan<RepeatSummary> customers, ReadOnlySpan<double> weights, TimeUnit timeUnit, BtydFitOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        options ??= BtydFitOptions.Default;
        var data = RepeatData.Aggregate(customers, weights);
        var start = new[] { 1.0, 1.0 / BtydMath.MeanRate(data), 1.0, BtydMath.MeanAge(data) };
        var outcome = MaximumLikelihood.Fit(new ParetoNbdLikelihood(data), start, options, data.Rows, data.Count, clock, Names, []);
        return new ParetoNbd(outcome, timeUnit);
    }

    public double LogLikelihoodOf(RepeatSummary customer)
    {
        BtydMath.CheckCustomer(customer);
        return RowLogLikelihood(R, Alpha, S, Beta, customer.Frequency, customer.Recency, customer.Age);
    }

    /// <remarks>Note 009 eq. 41: P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)], whose s → 1 limit is a logarithm.</remarks>
    public override double ExpectedPurchases(double t, RepeatSummary customer, double alive)
    {
        BtydMath.CheckHorizon(t);
        BtydMath.CheckCustomer(customer);
        var (r, alpha, s, beta) = (R, Alpha, S, Beta);
        var x = customer.Frequency;
        var T = customer.Age;
        return alive * (r + x) * (beta + T) / (alpha + T) * SurvivalIntegral(s, beta + T, t);
    }

    /// <remarks>Note 009 eq. 36–37: the share of the likelihood that comes from customers still alive at T.</remarks>
    public override double ProbabilityAlive(RepeatSummary customer)
    {
        BtydMath.CheckCustomer(customer);
        var (r, alpha, s, beta) = (R, Alpha, S, Beta);
        var x = customer.Frequency;
        var alive = -(r + x) * Math.Log(alpha + customer.Age) - s * Math.Log(beta + customer.Age);
        var second = LogSecondTerm(r, alpha, s, beta, x, customer.Recency, customer.Age);
        BtydMath.LogAddExp(alive, second, out var share);
        return share;
    }

    /// <remarks>Note 009 eq. 27: rβ / (α(s−1)) · [1 − (β/(β+t))^(s−1)].</remarks>
    public override double UnconditionalExpectedPurchases(double t)
    {
        BtydMath.CheckHorizon(t);
        return R / Alpha * Beta * SurvivalIntegral(S, Beta, t);
    }

    /// <remarks>
    /// 1 − P(X(T, T+t) = 0 | x, tₓ, T) (note 028 eq. 16 with n = 0), worked out as P(alive) times the chance that an alive
    /// customer buys before dropping out within t (<see cref="AlivePosterior.PurchaseBeforeDropout"/>): one ₂F₁ series once P(alive) is
    /// known, where note 028's form takes four. Where that series gives no usable value (a fit on the ridge where a
    /// gamma is nearly a point mass) note 028's form answers.
    /// </remarks>
    public override double ProbabilityOfPurchaseWithin(double t, RepeatSummary customer, double alive)
    {
        BtydMath.CheckHorizon(t);
        var within = alive * new AlivePosterior(this, customer).PurchaseBeforeDropout(t);
        return double.IsFinite(within) ? Math.Clamp(within, 0, 1) : 1 - ConditionalProbabilityOfPurchases(0, t, customer);
    }

    /// <remarks>
    /// The chance rises from 0 with a slope and a bend that need no series
    /// (<see cref="AlivePosterior.PurchaseBeforeDropout(double, out double, out double)"/>), so Halley's method from t = 0
    /// finds the crossing in about three ₂F₁ series where Brent's method on [0, horizon] took about eleven. Where it
    /// does not settle (a series with no finite value, on the ridge where a gamma is nearly a point mass), the chance at
    /// the horizon decides whether there is a crossing and Brent's method, or note 028's form, finds it.
    /// </remarks>
    public override double? TimeToNextPurchase(RepeatSummary customer, double horizon, double probability, double alive)
    {
        CheckNextPurchaseArguments(horizon, probability);
        if (horizon == 0)
            return null;
        // The chance never exceeds P(alive): a customer more likely gone than not needs no series. The margin keeps
        // the few within 1e-4 of the probability on the path below, whose note 028 fallback is accurate to ~1e-6.
        if (alive < probability * (1 - 1e-4))
            return null;
        var posterior = new AlivePosterior(this, customer);
        if (posterior.TryCrossing(alive, probability, horizon, out var crossing))
            return crossing;
        var atHorizon = alive * posterior.PurchaseBeforeDropout(horizon);
        if (!double.IsFinite(atHorizon))
            return base.TimeToNextPurchase(customer, horizon, probability, alive);
        if (atHorizon < probability)
            return null;
        return Brent.TryFindRoot(t => (t == horizon ? atHorizon : alive * posterior.PurchaseBeforeDropout(t)) - probability, 0, horizon, 1e-12, 200, out var root)
            ? root
            : double.NaN;
    }

    /// <summary>Halley's steps before <see cref="TimeToNextPurchase(RepeatSummary, double, double, double)"/> hands over to Brent's method.</summary>
    const int MaxHalleySteps = 40;

    /// <summary>
    /// An alive customer's rates after x purchases in T: λ ~ Gamma(a = r+x, A = α+T) and μ ~ Gamma(s, B = β+T),
    /// independent (note 009 §3).
    /// </summary>
    readonly struct AlivePosterior
    {
        readonly double _a, _rateA, _s, _rateB;

        public AlivePosterior(ParetoNbd model, RepeatSummary customer)
        {
            BtydMath.CheckCustomer(customer);
            (_a, _rateA, _s, _rateB) = (model.R + customer.Frequency, model.Alpha + customer.Age, model.S, model.Beta + customer.Age);
            PurchaseShare = Share(_a, _rateA, _s, _rateB);
        }

        /// <summary>E[λ/(λ+μ)]: the chance that the next event is a purchase rather than the dropout.</summary>
        public double PurchaseShare { get; }

        /// <summary>
        /// The chance that a purchase comes before the dropout and within t: E[λ/(λ+μ) · (1 − e^(−(λ+μ)t))]. Weighting the
        /// gammas by e^(−λt−μt) moves their rates to A+t and B+t and scales by (A/(A+t))^a (B/(B+t))^s, so it is
        /// E[λ/(λ+μ)] less that factor times the same share at the moved rates.
        /// </summary>
        public double PurchaseBeforeDropout(double t) => PurchaseBeforeDropout(t, out _, out _);

        /// <summary>
        /// As above, with its first two derivatives in t, which the same weighting gives with no series: the slope
        /// E[λ e^(−(λ+μ)t)] = w · a/(A+t) and the bend −E[λ(λ+μ) e^(−(λ+μ)t)] = −slope · ((a+1)/(A+t) + s/(B+t)),
        /// w = (A/(A+t))^a (B/(B+t))^s.
        /// </summary>
        public double PurchaseBeforeDropout(double t, out double slope, out double bend)
        {
            if (t == 0)
            {
                slope = _a / _rateA;
                bend = -slope * ((_a + 1) / _rateA + _s / _rateB);
                return 0;
            }
            var logWeight = _a * Math.Log(_rateA / (_rateA + t)) + _s * Math.Log(_rateB / (_rateB + t));
            var weight = Math.Exp(logWeight);
            slope = weight * _a / (_rateA + t);
            bend = -slope * ((_a + 1) / (_rateA + t) + _s / (_rateB + t));
            return PurchaseShare - weight * Share(_a, _rateA + t, _s, _rateB + t);
        }

        /// <summary>
        /// Where P(alive) · <see cref="PurchaseBeforeDropout(double)"/> reaches <paramref name="probability"/> by the
        /// horizon: <paramref name="time"/> is that t, or null when it is not reached by then (or ever: P(alive) times
        /// <see cref="PurchaseShare"/>, the limit, is below it). False when the steps do not settle: a value that is not
        /// finite, or rounding noise above the tolerance.
        /// </summary>
        /// <remarks>
        /// Halley's method from t = 0, each step clamped to [0, horizon]; it stops once a step is within Brent's
        /// tolerance of 1e-12 units (the error left is of the order of the step cubed). The function rises and is
        /// concave, so a step that the clamp holds at the horizon with the chance there still short means the crossing
        /// lies beyond it.
        /// </remarks>
        public bool TryCrossing(double alive, double probability, double horizon, out double? time)
        {
            time = null;
            if (!double.IsFinite(PurchaseShare))
                return false;
            if (alive * PurchaseShare < probability)
                return true;
            double t = 0, gap = alive * PurchaseBeforeDropout(0, out var slope, out var bend) - probability;
            (slope, bend) = (alive * slope, alive * bend);
            for (var i = 0; i < MaxHalleySteps; i++)
            {
                var next = Math.Clamp(t - 2 * gap * slope / (2 * slope * slope - gap * bend), 0, horizon);
                if (!double.IsFinite(next))
                    return false;
                if (next == horizon && t == horizon && gap < 0)
                    return true;
                if (Math.Abs(next - t) <= 0.5e-12 + 2.3e-16 * next)
                {
                    time = next;
                    return true;
                }
                t = next;
                gap = alive * PurchaseBeforeDropout(t, out var rate, out var curve) - probability;
                (slope, bend) = (alive * rate, alive * curve);
                if (!double.IsFinite(gap) || !(slope > 0))
                    return false;
            }
            return false;
        }

        /// <summary>
        /// E[λ/(λ+μ)] for λ ~ Gamma(a, A), μ ~ Gamma(s, B): with λ/(λ+μ) = U/(U + (A/B)(1−U)), U ~ Beta(a, s), Euler's
        /// integral gives (B/A) · a/(a+s) · ₂F₁(1, a+1; a+s+1; 1 − B/A).
        /// </summary>
        static double Share(double a, double rateA, double s, double rateB) =>
            rateB / rateA * a / (a + s) * Hypergeometric.Gauss2F1(1, a + 1, a + s + 1, 1 - rateB / rateA);
    }

    /// <remarks>P(X(t) = n) is the conditional pmf of note 028 for a customer with no history (x = tₓ = T = 0).</remarks>
    public override double ProbabilityOfPurchases(int n, double t) => ConditionalProbabilityOfPurchases(n, t, new RepeatSummary(0, 0, 0));

    /// <summary>P(X(T, T+t) = n | x, tₓ, T): probability of exactly n purchases in the next t units (note 028 eq. 16).</summary>
    public double ConditionalProbabilityOfPurchases(int n, double t, RepeatSummary customer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        BtydMath.CheckHorizon(t);
        BtydMath.CheckCustomer(customer);
        if (t == 0)
        {
            return n == 0 ? 1.0 : 0.0;
        }

        var (r, alpha, s, beta) = (R, Alpha, S, Beta);
        var (x, T) = (customer.Frequency, customer.Age);
        var logL = RowLogLikelihood(r, alpha, s, beta, x, customer.Recency, T);
        var alphaSmaller = alpha < beta;
        var p = alphaSmaller ? beta : alpha;
        var d = Math.Abs(alpha - beta);
        var q = alphaSmaller ? r + x + n : s + 1;
        var lgR = SpecialFunctions.GammaLn(r);
        var lgS = SpecialFunctions.GammaLn(s);
        var prior = r * Math.Log(alpha) + s * Math.Log(beta);
        var betaTerm = SpecialFunctions.BetaLn(r + x + n, s + 1);
        var m = r + s + x;

        var logAlive = SpecialFunctions.GammaLn(r + x) - lgR + prior - (r + x) * Math.Log(alpha + T) - s * Math.Log(beta + T) - logL;
        var logB1 = SpecialFunctions.GammaLn(r + x + n) - lgR + prior - (r + x + n) * Math.Log(alpha + T + t) - s * Math.Log(beta + T + t);
        var logB2 = prior + SpecialFunctions.GammaLn(m) + betaTerm
            + Math.Log(Hypergeometric.Gauss2F1(m, q, m + n + 1, d / (p + T))) - lgR - lgS - m * Math.Log(p + T);

        var result = (n == 0 ? -BtydMath.ExpM1(logAlive) : 0.0)
            + Math.Exp(n * Math.Log(t) - SpecialFunctions.GammaLn(n + 1.0) + logB1 - logL)
            + Math.Exp(logB2 - logL);
        for (var i = 0; i <= n; i++)
        {
            var logB3 = prior + SpecialFunctions.GammaLn(m + i) + betaTerm
                + Math.Log(Hypergeometric.Gauss2F1(m + i, q, m + n + 1, d / (p + T + t))) - lgR - lgS - (m + i) * Math.Log(p + T + t);
            result -= Math.Exp(i * Math.Log(t) - SpecialFunctions.GammaLn(i + 1.0) + logB3 - logL);
        }

        return Math.Clamp(result, 0.0, 1.0);
    }

    public override double ExpectedDaysToNextPurchase(RepeatSummary customer) => BtydMath.DaysToNextPurchase(R, Alpha, customer, TimeUnit);

    /// <summary>One customer's log-likelihood (note 009 eq. 18), evaluated through <see cref="Hypergeometric.Gauss2F1"/>.</summary>
    internal static double RowLogLikelihood(double r, double alpha, double s, double beta, double x, double tx, double T)
    {
        var head = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + r * Math.Log(alpha) + s * Math.Log(beta);
        var alive = -(r + x) * Math.Log(alpha + T) - s * Math.Log(beta + T);
        return head + BtydMath.LogAddExp(alive, LogSecondTerm(r, alpha, s, beta, x, tx, T), out _);
    }

    /// <summary>
    /// Terms of a ₂F₁ series in <see cref="LogSecondTerm"/> after which <see cref="LogDropoutIntegral(double, double, double, double, double, double)"/>
    /// answers instead: its 32-node pieces cost about what a few thousand terms do.
    /// </summary>
    internal const int SeriesTermsBeforeQuadrature = 4_000;

    /// <summary>ln[s/(r+s+x) · A₀] of note 009 eq. 19–20; −∞ when tₓ = T.</summary>
    static double LogSecondTerm(double r, double alpha, double s, double beta, double x, double tx, double T)
    {
        if (tx >= T)
        {
            return double.NegativeInfinity;
        }

        var alphaSmaller = alpha < beta;
        var p = alphaSmaller ? beta : alpha;
        var d = Math.Abs(alpha - beta);
        var q = alphaSmaller ? r + x : s + 1;
        var m = r + s + x;
        // The quadrature costs about as much as a few thousand series terms; a customer with hundreds of purchase days
        // can need millions in each representation of ₂F₁ (a coffee shop's regulars: 200 s to train 800 customers).
        var atRecency = Hypergeometric.Gauss2F1(m, q, m + 1, d / (p + tx), SeriesTermsBeforeQuadrature);
        var atAge = double.IsNaN(atRecency) ? double.NaN : Hypergeometric.Gauss2F1(m, q, m + 1, d / (p + T), SeriesTermsBeforeQuadrature);
        var ratio = Math.Exp(-m * (Math.Log(p + T) - Math.Log(p + tx)));
        var difference = atRecency - ratio * atAge;
        // With r or s in the hundred thousands (a fit on the ridge where λ's or μ's gamma is a point mass) the two terms
        // agree to more than 8 digits, or one is NaN, and the difference is noise; the integral it stands for is not.
        return difference > 1e-8 * atRecency && double.IsFinite(difference)
            ? Math.Log(s) - Math.Log(m) - m * Math.Log(p + tx) + Math.Log(difference)
            : Math.Log(s) + LogDropoutIntegral(r + x, alpha, s + 1, beta, tx, T);
    }

    /// <summary>
    /// ln ∫ from tₓ to T of (α+y)^−k (β+y)^−l dy, the integral the ₂F₁ difference of note 009 eq. 19–20 evaluates:
    /// Gauss–Legendre on pieces from tₓ whose widths double from one decay length 1/κ, κ = k/(α+tₓ) + l/(β+tₓ), with the
    /// integrand scaled by its value at tₓ (it falls from there, and ever more slowly: its logarithm is convex).
    /// </summary>
    internal static double LogDropoutIntegral(double k, double alpha, double l, double beta, double tx, double T) =>
        LogDropoutIntegral(k, alpha, l, beta, tx, T, out _, out _, out _, out _);

    /// <summary>Gauss–Legendre nodes on each piece of <see cref="LogDropoutIntegral(double, double, double, double, double, double)"/>.</summary>
    internal const int DropoutNodes = 32;

    static readonly GaussLegendreRule DropoutRule = new(-1, 1, DropoutNodes);

    /// <summary>
    /// As above, with the derivatives of the logarithm with respect to k, α, l and β: on the same nodes, integrals of the
    /// integrand times −ln(α+y), −k/(α+y), −ln(β+y) and −l/(β+y), over the integral.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double LogDropoutIntegral(double k, double alpha, double l, double beta, double tx, double T,
        out double dk, out double dAlpha, out double dl, out double dBeta)
    {
        var top = -k * Math.Log(alpha + tx) - l * Math.Log(beta + tx);
        var kappa = k / (alpha + tx) + l / (beta + tx);
        // A decay length of 0 (α or β underflowed to 0 at tₓ = 0, or a shape beyond any double) would never move the
        // pieces on, and the integrand there is ∞ − ∞: the integral is undefined, and NaN tells the fit so.
        if (!double.IsFinite(top) || !(kappa > 0 && double.IsFinite(kappa)))
        {
            (dk, dAlpha, dl, dBeta) = (double.NaN, double.NaN, double.NaN, double.NaN);
            return double.NaN;
        }

        var abscissas = DropoutRule.Abscissas;
        var weights = DropoutRule.Weights;
        double sum = 0, sk = 0, sAlpha = 0, sl = 0, sBeta = 0;
        var (start, width) = (tx, 1 / kappa);
        while (start < T)
        {
            var end = Math.Min(T, start + width);
            double half = (end - start) / 2, centre = (end + start) / 2, piece = 0;
            for (var j = 0; j < abscissas.Length; j++)
            {
                var y = centre + half * abscissas[j];
                double lnA = Math.Log(alpha + y), lnB = Math.Log(beta + y);
                var f = weights[j] * half * Math.Exp(-k * lnA - l * lnB - top);
                piece += f;
                sk -= f * lnA;
                sAlpha -= f * k / (alpha + y);
                sl -= f * lnB;
                sBeta -= f * l / (beta + y);
            }

            sum += piece;
            if (piece <= 1e-17 * sum)
            {
                break;
            }

            (start, width) = (end, 2 * width);
        }

        (dk, dAlpha, dl, dBeta) = (sk / sum, sAlpha / sum, sl / sum, sBeta / sum);
        return top + Math.Log(sum);
    }

    /// <summary>[1 − (b/(b+t))^(s−1)] / (s−1), written so that s → 1 stays finite (its limit is ln((b+t)/b)).</summary>
    static double SurvivalIntegral(double s, double b, double t)
    {
        var logRatio = Math.Log(b / (b + t));
        var exponent = s - 1;
        return Math.Abs(exponent) < 1e-12 ? -logRatio : -BtydMath.ExpM1(exponent * logRatio) / exponent;
    }
}
