using System.Globalization;
using System.Diagnostics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV", JMR): a transaction's value is
/// Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, fitted on customers with repeat purchases and positive
/// mean repeat spend. It assumes spend is independent of purchase frequency.
/// </summary>
public sealed class GammaGamma
{
    static readonly string[] Names = ["p", "q", "gamma"];

    readonly FitOutcome outcome;

    public GammaGamma(double p, double q, double gamma)
        : this(new FitOutcome([p, q, gamma], [], double.NaN, FitDiagnostics.NotFitted), 0, 0, 0)
    {
    }

    GammaGamma(FitOutcome outcome, int customersUsed, int withoutRepeats, int nonPositiveSpend)
    {
        foreach (var (name, value) in Names.Zip(outcome.Theta))
        {
            BtydMath.CheckPositive(name, value);
        }

        this.outcome = outcome;
        CustomersUsed = customersUsed;
        ExcludedWithoutRepeats = withoutRepeats;
        ExcludedNonPositiveSpend = nonPositiveSpend;
        Parameters = FitOutcome.Named(Names, outcome.Theta);
        StandardErrors = FitOutcome.Named(Names, outcome.StandardErrors);
    }

    public double P => outcome.Theta[0];
    public double Q => outcome.Theta[1];
    public double Gamma => outcome.Theta[2];

    public IReadOnlyDictionary<string, double> Parameters { get; }
    public IReadOnlyDictionary<string, double> StandardErrors { get; }
    public double LogLikelihood => outcome.LogLikelihood;
    public FitDiagnostics Diagnostics => outcome.Diagnostics;

    /// <summary>Customers (sum of weights) the fit used: x &gt; 0 and z̄ &gt; 0.</summary>
    public int CustomersUsed { get; }

    /// <summary>Customers left out because they have no repeat purchase (x = 0), so no repeat spend to learn from.</summary>
    public int ExcludedWithoutRepeats { get; }

    /// <summary>Customers left out because their mean repeat spend is zero or negative (returns outweigh purchases).</summary>
    public int ExcludedNonPositiveSpend { get; }

    /// <summary>
    /// Pearson's correlation of the fitted customers' repeat purchases x and mean repeat spend z̄ (weighted); NaN for a model
    /// built from parameters, fewer than three customers or no variation. Gamma-Gamma assumes spend does not depend on how
    /// often a customer buys; from <see cref="CorrelationToWarn"/> on the fit warns.
    /// </summary>
    public double FrequencySpendCorrelation { get; private init; } = double.NaN;

    /// <summary>The |correlation| of x and z̄ from which <see cref="Fit"/> warns that the independence assumption fails.</summary>
    public const double CorrelationToWarn = 0.3;

    /// <summary>False when q ≤ 1: the mixing distribution then has no mean, and neither does spend.</summary>
    public bool MeanSpendDefined => Q > 1;

    /// <summary>E[Z] = pγ / (q − 1), the mean transaction value of a new customer.</summary>
    public double PopulationMeanSpend
    {
        get
        {
            EnsureMeanDefined();
            return P * Gamma / (Q - 1);
        }
    }

    public static GammaGamma Fit(ReadOnlySpan<RepeatSummary> customers, BtydFitOptions? options = null) =>
        Fit(customers, default, options);

    /// <summary>
    /// Fits on customers with x &gt; 0 and z̄ &gt; 0 (the others are counted, not used); <paramref name="weights"/>
    /// (empty for all ones) say how many customers each row stands for.
    /// </summary>
    public static GammaGamma Fit(ReadOnlySpan<RepeatSummary> customers, ReadOnlySpan<double> weights, BtydFitOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        options ??= BtydFitOptions.Default;
        if (!weights.IsEmpty && weights.Length != customers.Length)
        {
            throw new ArgumentException($"Got {weights.Length} weights for {customers.Length} customers.", nameof(weights));
        }

        var rows = new Dictionary<(double X, double Spend), int>();
        var x = new List<double>();
        var spend = new List<double>();
        var w = new List<double>();
        double withoutRepeats = 0, nonPositive = 0, used = 0;
        for (var i = 0; i < customers.Length; i++)
        {
            var c = customers[i];
            var weight = weights.IsEmpty ? 1.0 : weights[i];
            if (!double.IsFinite(weight) || weight < 0 || !double.IsFinite(c.Frequency) || c.Frequency < 0 || double.IsNaN(c.MeanRepeatSpend))
            {
                throw new ArgumentException($"Customer {i}: need finite non-negative frequency and weight and a mean spend (got x={c.Frequency}, z̄={c.MeanRepeatSpend}, weight={weight}).");
            }

            if (weight == 0)
            {
                continue;
            }

            if (c.Frequency == 0)
            {
                withoutRepeats += weight;
                continue;
            }

            if (!(c.MeanRepeatSpend > 0) || !double.IsFinite(c.MeanRepeatSpend))
            {
                nonPositive += weight;
                continue;
            }

            used += weight;
            var key = (c.Frequency, c.MeanRepeatSpend);
            if (rows.TryGetValue(key, out var row))
            {
                w[row] += weight;
                continue;
            }

            rows.Add(key, x.Count);
            x.Add(c.Frequency);
            spend.Add(c.MeanRepeatSpend);
            w.Add(weight);
        }

        if (x.Count == 0)
        {
            throw new ArgumentException("No customer has a repeat purchase with positive mean spend; Gamma-Gamma cannot be fitted.", nameof(customers));
        }

        var warnings = new List<string>();
        if (nonPositive > 0)
        {
            warnings.Add($"{nonPositive} customers with repeat purchases were left out because their mean repeat spend is zero or negative.");
        }

        var correlation = Correlation(x, spend, w);
        if (Math.Abs(correlation) >= CorrelationToWarn)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"repeat purchases and mean repeat spend are correlated (r = {correlation:0.00} over {used} customers): Gamma-Gamma assumes a customer's spend does not depend on how often they buy, so its expected spend is {(correlation > 0 ? "low" : "high")} for frequent buyers and {(correlation > 0 ? "high" : "low")} for occasional ones."));
        }

        var likelihood = new GammaGammaLikelihood(x.ToArray(), spend.ToArray(), w.ToArray());
        var meanSpend = spend.Zip(w, (s, v) => s * v).Sum() / likelihood.TotalWeight;
        var outcome = MaximumLikelihood.Fit(likelihood, [1.0, 2.0, meanSpend], options, (int)used, likelihood.Count, clock, Names, warnings);
        if (outcome.Theta[1] <= 1)
        {
            warnings.Add($"q = {outcome.Theta[1]:G4} ≤ 1: the spend distribution has no finite mean, so expected spend and CLV are undefined.");
        }

        return new GammaGamma(outcome, (int)used, (int)withoutRepeats, (int)nonPositive) { FrequencySpendCorrelation = correlation };
    }

    /// <summary>Weighted Pearson correlation (MathNet's); NaN with fewer than three rows or no variation in either.</summary>
    static double Correlation(List<double> x, List<double> y, List<double> w) =>
        x.Count < 3 || x.Min() == x.Max() || y.Min() == y.Max()
            ? double.NaN
            : MathNet.Numerics.Statistics.Correlation.WeightedPearson(x, y, w);

    public void EnsureConverged()
    {
        if (!Diagnostics.Converged)
        {
            throw new FitDidNotConvergeException("Gamma-Gamma", Diagnostics);
        }
    }

    /// <summary>
    /// E[Z | x, z̄] = p(γ + x z̄) / (px + q − 1): a weighted mean of the population mean and the customer's own mean
    /// repeat spend, the population mean for x = 0.
    /// </summary>
    /// <exception cref="InvalidOperationException">q ≤ 1, so the expectation does not exist.</exception>
    public double ConditionalExpectedSpend(RepeatSummary customer)
    {
        EnsureMeanDefined();
        if (!(customer.Frequency >= 0) || !double.IsFinite(customer.MeanRepeatSpend))
        {
            throw new ArgumentException($"Need x ≥ 0 and a finite mean spend (got x={customer.Frequency}, z̄={customer.MeanRepeatSpend}).", nameof(customer));
        }

        var x = customer.Frequency;
        var spend = x > 0 ? customer.MeanRepeatSpend : 0;
        return P * (Gamma + x * spend) / (P * x + Q - 1);
    }

    void EnsureMeanDefined()
    {
        if (!MeanSpendDefined)
        {
            throw new InvalidOperationException($"Gamma-Gamma q = {Q:G4} ≤ 1: the expected spend is undefined (infinite).");
        }
    }
}
