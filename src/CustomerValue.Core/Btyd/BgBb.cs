using System.Diagnostics;
using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// The beta-geometric/beta-Bernoulli model (Fader, Hardie &amp; Shang 2010, "Customer-Base Analysis in a
/// Discrete-Time Noncontractual Setting", Marketing Science 29(6)): at each transaction opportunity a customer who
/// is alive transacts with probability p ~ Beta(α, β); after each opportunity they die with probability
/// θ ~ Beta(γ, δ). Time is counted in opportunities (a yearly appeal, a monthly draw), not in days.
/// </summary>
public sealed class BgBb
{
    static readonly string[] Names = ["alpha", "beta", "gamma", "delta"];

    readonly FitOutcome outcome;

    /// <summary>A model with given parameters, e.g. loaded from a saved model or taken from a paper.</summary>
    public BgBb(double alpha, double beta, double gamma, double delta)
        : this(new FitOutcome([alpha, beta, gamma, delta], [], double.NaN, FitDiagnostics.NotFitted))
    {
    }

    BgBb(FitOutcome outcome)
    {
        foreach (var (name, value) in Names.Zip(outcome.Theta))
        {
            BtydMath.CheckPositive(name, value);
        }

        this.outcome = outcome;
        Parameters = FitOutcome.Named(Names, outcome.Theta);
        StandardErrors = FitOutcome.Named(Names, outcome.StandardErrors);
    }

    public double Alpha => outcome.Theta[0];
    public double Beta => outcome.Theta[1];
    public double Gamma => outcome.Theta[2];
    public double Delta => outcome.Theta[3];

    /// <summary>Parameters by name: <c>alpha, beta</c> (transaction probability), <c>gamma, delta</c> (dropout probability).</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>Asymptotic standard errors by name; NaN where the information matrix is not invertible, empty when not fitted.</summary>
    public IReadOnlyDictionary<string, double> StandardErrors { get; }

    /// <summary>Complete log-likelihood of the fitted data at the estimates; NaN when not fitted.</summary>
    public double LogLikelihood => outcome.LogLikelihood;

    public FitDiagnostics Diagnostics => outcome.Diagnostics;

    /// <summary>Throws <see cref="FitDidNotConvergeException"/> when the fit did not converge.</summary>
    public void EnsureConverged()
    {
        if (!Diagnostics.Converged)
        {
            throw new FitDidNotConvergeException("BG/BB", Diagnostics);
        }
    }

    public static BgBb Fit(ReadOnlySpan<RepeatOpportunities> customers, BtydFitOptions? options = null) => Fit(customers, default, options);

    /// <summary>Maximum-likelihood fit; <paramref name="weights"/> (empty for all ones) say how many customers each row stands for.</summary>
    public static BgBb Fit(ReadOnlySpan<RepeatOpportunities> customers, ReadOnlySpan<double> weights, BtydFitOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        options ??= BtydFitOptions.Default;
        if (!weights.IsEmpty && weights.Length != customers.Length)
        {
            throw new ArgumentException($"Got {weights.Length} weights for {customers.Length} customers; give one weight per customer or none.", nameof(weights));
        }

        var merged = new Dictionary<RepeatOpportunities, double>();
        var used = 0;
        for (var i = 0; i < customers.Length; i++)
        {
            var weight = weights.IsEmpty ? 1.0 : weights[i];
            try
            {
                customers[i].Validate();
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Customer {i}: {e.Message}", nameof(customers));
            }

            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new ArgumentException($"Customer {i}: weight must be a finite non-negative number (got {weight}).", nameof(weights));
            }

            if (weight == 0)
            {
                continue;
            }

            used++;
            merged[customers[i]] = merged.GetValueOrDefault(customers[i]) + weight;
        }

        if (used == 0)
        {
            throw new ArgumentException("No customers with positive weight to fit.", nameof(customers));
        }

        var likelihood = new BetaGeometricBetaBernoulliLikelihood([.. merged.Keys], [.. merged.Values]);
        var outcome = MaximumLikelihood.Fit(likelihood, [1.0, 1.0, 1.0, 1.0], options, used, merged.Count, clock, Names, []);
        return new BgBb(outcome);
    }

    /// <summary>ln L(α, β, γ, δ | x, tₓ, n), FHS 2010 eq. 5.</summary>
    public double LogLikelihoodOf(RepeatOpportunities customer)
    {
        customer.Validate();
        var (alpha, beta, gamma, delta) = (Alpha, Beta, Gamma, Delta);
        return BetaGeometricBetaBernoulliLikelihood.RowLogLikelihood(alpha, beta, gamma, delta,
            customer.Frequency, customer.Recency, customer.Opportunities,
            SpecialFunctions.BetaLn(alpha, beta), SpecialFunctions.BetaLn(gamma, delta),
            SpecialFunctions.DiGamma(alpha), SpecialFunctions.DiGamma(beta), SpecialFunctions.DiGamma(alpha + beta),
            SpecialFunctions.DiGamma(gamma), SpecialFunctions.DiGamma(delta), SpecialFunctions.DiGamma(gamma + delta),
            stackalloc double[4]);
    }

    /// <summary>
    /// P(alive at opportunity n + 1 | x, tₓ, n), FHS 2010 eq. 11: B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L.
    /// This is the paper's "P(alive in 2002)" for donors observed through 2001.
    /// </summary>
    public double ProbabilityAlive(RepeatOpportunities customer)
    {
        var (x, n) = (customer.Frequency, customer.Opportunities);
        var log = SpecialFunctions.BetaLn(Alpha + x, Beta + n - x) - SpecialFunctions.BetaLn(Alpha, Beta)
            + SpecialFunctions.BetaLn(Gamma, Delta + n + 1) - SpecialFunctions.BetaLn(Gamma, Delta)
            - LogLikelihoodOf(customer);
        return Math.Exp(log);
    }

    /// <summary>
    /// E[X(n, n + n*) | x, tₓ, n]: expected transactions in the next <paramref name="opportunities"/> opportunities,
    /// FHS 2010 eq. 13, summed term by term: B(α+x+1, β+n−x)/B(α,β) / L · Σ_{t=n+1}^{n+n*} B(γ, δ+t)/B(γ,δ).
    /// The sum is the paper's closed form δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)]
    /// without its removable singularity at γ = 1.
    /// </summary>
    public double ExpectedTransactions(int opportunities, RepeatOpportunities customer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(opportunities);
        var (x, n) = (customer.Frequency, customer.Opportunities);
        var head = SpecialFunctions.BetaLn(Alpha + x + 1, Beta + n - x) - SpecialFunctions.BetaLn(Alpha, Beta) - LogLikelihoodOf(customer);
        return Math.Exp(head) * SurvivalSum(n + 1, n + opportunities);
    }

    /// <summary>E[X(n)]: expected transactions of a new customer in the first n opportunities, FHS 2010 eq. 9: α/(α+β) · Σ_{t=1}^{n} B(γ, δ+t)/B(γ,δ).</summary>
    public double UnconditionalExpectedTransactions(int opportunities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(opportunities);
        return Alpha / (Alpha + Beta) * SurvivalSum(1, opportunities);
    }

    /// <summary>
    /// P(X(n) = x): probability that a new customer transacts at exactly <paramref name="transactions"/> of the first
    /// <paramref name="opportunities"/> opportunities, FHS 2010 eq. 7.
    /// </summary>
    public double ProbabilityOfTransactions(int transactions, int opportunities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(transactions);
        ArgumentOutOfRangeException.ThrowIfNegative(opportunities);
        if (transactions > opportunities)
        {
            return 0;
        }

        var (x, n) = (transactions, opportunities);
        var lnBab = SpecialFunctions.BetaLn(Alpha, Beta);
        var lnBgd = SpecialFunctions.BetaLn(Gamma, Delta);
        var total = Math.Exp(SpecialFunctions.BinomialLn(n, x) + SpecialFunctions.BetaLn(Alpha + x, Beta + n - x) - lnBab
            + SpecialFunctions.BetaLn(Gamma, Delta + n) - lnBgd);
        for (var i = x; i < n; i++)
        {
            total += Math.Exp(SpecialFunctions.BinomialLn(i, x) + SpecialFunctions.BetaLn(Alpha + x, Beta + i - x) - lnBab
                + SpecialFunctions.BetaLn(Gamma + 1, Delta + i) - lnBgd);
        }

        return total;
    }

    /// <summary>Σ_{t=from}^{to} B(γ, δ+t)/B(γ,δ): the probability of being alive at each opportunity, summed.</summary>
    double SurvivalSum(int from, int to)
    {
        var lnBgd = SpecialFunctions.BetaLn(Gamma, Delta);
        var sum = 0.0;
        for (var t = from; t <= to; t++)
        {
            sum += Math.Exp(SpecialFunctions.BetaLn(Gamma, Delta + t) - lnBgd);
        }

        return sum;
    }
}
