using System.Diagnostics;
using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// A contractual (subscription) retention model fitted on cohort survivor counts: each customer churns at the end
/// of a period with a probability that varies across customers, so cohort retention rates rise over time even
/// when nobody's own churn probability does. Periods are renewal periods (months, years): S(t) is the share of a
/// cohort still subscribed after t renewals.
/// </summary>
public abstract class RetentionModel
{
    private protected RetentionModel(FitOutcome outcome, string[] names)
    {
        foreach (var (name, value) in names.Zip(outcome.Theta))
        {
            BtydMath.CheckPositive(name, value);
        }

        Outcome = outcome;
        Parameters = FitOutcome.Named(names, outcome.Theta);
        StandardErrors = FitOutcome.Named(names, outcome.StandardErrors);
    }

    private protected FitOutcome Outcome { get; }

    /// <summary>sBG or BdW as written in the papers.</summary>
    public abstract string Name { get; }

    public IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>Asymptotic standard errors by name; NaN where the information matrix is not invertible, empty when not fitted.</summary>
    public IReadOnlyDictionary<string, double> StandardErrors { get; }

    /// <summary>Log-likelihood of the survivor counts at the estimates; NaN when not fitted.</summary>
    public double LogLikelihood => Outcome.LogLikelihood;

    public FitDiagnostics Diagnostics => Outcome.Diagnostics;

    /// <summary>Throws <see cref="FitDidNotConvergeException"/> when the fit did not converge.</summary>
    public void EnsureConverged()
    {
        if (!Diagnostics.Converged)
        {
            throw new FitDidNotConvergeException(Name, Diagnostics);
        }
    }

    /// <summary>ln S(t): log of the probability that a new customer is still subscribed after t renewal periods.</summary>
    public abstract double LogSurvival(int t);

    /// <summary>S(t) = P(T &gt; t), the share of a cohort still subscribed after t periods.</summary>
    public double Survival(int t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        return Math.Exp(LogSurvival(t));
    }

    /// <summary>P(T = t) = S(t − 1) − S(t): the share of a new cohort that leaves at the end of period t (t ≥ 1).</summary>
    public double ChurnProbability(int t)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        return Survival(t - 1) - Survival(t);
    }

    /// <summary>r(t) = S(t) / S(t − 1): the cohort's retention rate at the t-th renewal (t ≥ 1).</summary>
    public double RetentionRate(int t)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        return Math.Exp(LogSurvival(t) - LogSurvival(t - 1));
    }

    /// <summary>
    /// DERL (Fader &amp; Hardie 2010, "Customer-Base Valuation in a Contractual Setting: The Perils of Ignoring
    /// Heterogeneity", Marketing Science 29(1)): the discounted expected number of further payments of a customer who
    /// has made <paramref name="renewals"/> renewals, standing just before the next one, which is counted undiscounted:
    /// Σ_{t=n}^∞ S(t)/S(n−1) / (1+d)^{t−n} with n − 1 = renewals. Multiply by the price per period for the residual value.
    /// </summary>
    /// <param name="discountRate">d per period, &gt; 0 (the sum need not converge without discounting).</param>
    public virtual double DiscountedExpectedResidualLifetime(int renewals, double discountRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(renewals);
        CheckDiscount(discountRate);
        var n = renewals + 1;
        var lnNow = LogSurvival(n - 1);
        var logX = -Math.Log(1 + discountRate);
        var sum = 0.0;
        for (var k = 0; k < 1_000_000; k++)
        {
            var term = Math.Exp(LogSurvival(n + k) - lnNow + k * logX);
            sum += term;
            if (term < 1e-15 * sum)
            {
                return sum;
            }
        }

        throw new InvalidOperationException($"DERL at discount rate {discountRate} did not converge within a million periods; use a larger rate.");
    }

    /// <summary>
    /// The expected payments over the next <paramref name="periods"/> renewals of a subscriber who has made
    /// <paramref name="renewals"/> (so has survived that many periods), undiscounted: Σ_{k=1}^{periods} S(n + k·e) / S(n),
    /// n = renewals, e = <paramref name="every"/>; a renewal is paid when the subscriber is still there for it.
    /// </summary>
    /// <param name="every">Periods between payments (12 for a yearly plan on a monthly model): the k-th payment needs the
    /// subscriber still there after renewals + k × every periods.</param>
    public double ExpectedPayments(int renewals, int periods, int every = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(renewals);
        ArgumentOutOfRangeException.ThrowIfNegative(periods);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        var lnNow = LogSurvival(renewals);
        var sum = 0.0;
        for (var k = 1; k <= periods; k++)
            sum += Math.Exp(LogSurvival(renewals + (k * every)) - lnNow);
        return sum;
    }

    /// <summary>The residual value of a subscriber paying <paramref name="pricePerPeriod"/> at each renewal: price × DERL.</summary>
    public double ResidualValue(int renewals, double pricePerPeriod, double discountRate)
    {
        if (!double.IsFinite(pricePerPeriod))
        {
            throw new ArgumentOutOfRangeException(nameof(pricePerPeriod), pricePerPeriod, "The price per period must be a finite number.");
        }

        return pricePerPeriod * DiscountedExpectedResidualLifetime(renewals, discountRate);
    }

    private protected static void CheckDiscount(double discountRate)
    {
        if (!(discountRate > 0) || !double.IsFinite(discountRate))
        {
            throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, "The discount rate per period must be a positive finite number.");
        }
    }

    private protected static FitOutcome FitCounts(IReadOnlyList<SurvivorCounts> cohorts, bool fitShape, string[] names, BtydFitOptions? options)
    {
        var clock = Stopwatch.StartNew();
        options ??= BtydFitOptions.Default;
        ArgumentNullException.ThrowIfNull(cohorts);
        if (cohorts.Count == 0)
        {
            throw new ArgumentException("No cohorts to fit.", nameof(cohorts));
        }

        foreach (var cohort in cohorts)
        {
            cohort.Validate();
        }

        var likelihood = new CohortRetentionLikelihood(cohorts, fitShape);
        var start = fitShape ? new[] { 1.0, 1.0, 1.0 } : [1.0, 1.0];
        var customers = (int)Math.Round(cohorts.Sum(c => c.Survivors[0]));
        return MaximumLikelihood.Fit(likelihood, start, options, customers, cohorts.Count, clock, names, []);
    }

    private protected static double LogBetaRatio(double gamma, double delta, double u) =>
        SpecialFunctions.BetaLn(gamma, delta + u) - SpecialFunctions.BetaLn(gamma, delta);
}
