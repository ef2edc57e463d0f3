namespace CustomerValue.Core.Btyd;

/// <summary>
/// What every fitted transaction model offers, so the CLI and training code can treat BG/NBD, Pareto/NBD and
/// MBG/NBD alike. Every time argument and result is in <see cref="TimeUnit"/>, the unit of the data the model
/// was fitted on, unless its name says days.
/// </summary>
public interface ITransactionModel
{
    BtydModelKind Kind { get; }

    TimeUnit TimeUnit { get; }

    /// <summary>Parameters by name in the model's order (<c>r, alpha, a, b</c> or <c>r, alpha, s, beta</c>).</summary>
    IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>Asymptotic standard errors by parameter name; NaN where the information matrix is not invertible, empty when not fitted.</summary>
    IReadOnlyDictionary<string, double> StandardErrors { get; }

    /// <summary>Log-likelihood of the fitted data at the estimates (unpenalized); NaN when not fitted.</summary>
    double LogLikelihood { get; }

    FitDiagnostics Diagnostics { get; }

    /// <summary>Remarks on how to read this model's predictions.</summary>
    IReadOnlyList<string> Notes { get; }

    /// <summary>E[X(T, T + t) | x, tₓ, T]: expected repeat purchases in the next <paramref name="t"/> units.</summary>
    double ExpectedPurchases(double t, RepeatSummary customer);

    /// <summary>As <see cref="ExpectedPurchases(double, RepeatSummary)"/>, with the customer's <see cref="ProbabilityAlive"/> already worked out.</summary>
    double ExpectedPurchases(double t, RepeatSummary customer, double alive);

    /// <summary>P(alive at T | x, tₓ, T).</summary>
    double ProbabilityAlive(RepeatSummary customer);

    /// <summary>E[X(t)]: expected repeat purchases of a new customer in the first <paramref name="t"/> units after the first purchase.</summary>
    double UnconditionalExpectedPurchases(double t);

    /// <summary>P(X(t) = n): probability that a new customer makes exactly <paramref name="n"/> repeat purchases in <paramref name="t"/> units.</summary>
    double ProbabilityOfPurchases(int n, double t);

    /// <summary>
    /// Expected days until the next purchase of a customer who is alive: 1 / E[λ | x, T, alive] = (α + T) / (r + x)
    /// model units, converted to days. It ignores the chance of dropping out; weigh it with <see cref="ProbabilityAlive"/>.
    /// </summary>
    double ExpectedDaysToNextPurchase(RepeatSummary customer);

    /// <summary>P(X(T, T + t) &gt; 0 | x, tₓ, T): the probability that the customer buys again within the next <paramref name="t"/> units.</summary>
    double ProbabilityOfPurchaseWithin(double t, RepeatSummary customer);

    /// <summary>As <see cref="ProbabilityOfPurchaseWithin(double, RepeatSummary)"/>, with the customer's <see cref="ProbabilityAlive"/> already worked out.</summary>
    double ProbabilityOfPurchaseWithin(double t, RepeatSummary customer, double alive);

    /// <summary>
    /// The time from T (model units) by which the customer has bought again with <paramref name="probability"/>
    /// (the median, 0.5, by default), or null when that probability is not reached within <paramref name="horizon"/>,
    /// e.g. because P(alive) is below it; NaN when the model's probabilities cannot be computed at these parameters.
    /// </summary>
    double? TimeToNextPurchase(RepeatSummary customer, double horizon, double probability = 0.5);

    /// <summary>
    /// As <see cref="TimeToNextPurchase(RepeatSummary, double, double)"/> for the median, with the customer's
    /// <see cref="ProbabilityAlive"/> already worked out.
    /// </summary>
    double? TimeToNextPurchase(RepeatSummary customer, double horizon, double probability, double alive);

    /// <summary>Throws <see cref="FitDidNotConvergeException"/> when the fit did not converge.</summary>
    void EnsureConverged();
}
