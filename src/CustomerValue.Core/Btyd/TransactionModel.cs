using MathNet.Numerics.RootFinding;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// What the three transaction models share: their fitted (or given) parameters by name, standard
/// errors, log-likelihood, diagnostics and the convergence check. The formulas live in the subclasses.
/// </summary>
public abstract class TransactionModel : ITransactionModel
{
    readonly string _displayName;

    private protected TransactionModel(FitOutcome outcome, TimeUnit timeUnit, string[] names, string displayName)
    {
        foreach (var (name, value) in names.Zip(outcome.Theta))
            BtydMath.CheckPositive(name, value);
        Outcome = outcome;
        TimeUnit = timeUnit;
        Parameters = FitOutcome.Named(names, outcome.Theta);
        StandardErrors = FitOutcome.Named(names, outcome.StandardErrors);
        _displayName = displayName;
    }

    private protected FitOutcome Outcome { get; }

    public abstract BtydModelKind Kind { get; }
    public TimeUnit TimeUnit { get; }
    public IReadOnlyDictionary<string, double> Parameters { get; }
    public IReadOnlyDictionary<string, double> StandardErrors { get; }
    public double LogLikelihood => Outcome.LogLikelihood;
    public FitDiagnostics Diagnostics => Outcome.Diagnostics;
    public abstract IReadOnlyList<string> Notes { get; }

    public void EnsureConverged()
    {
        if (!Diagnostics.Converged)
            throw new FitDidNotConvergeException(_displayName, Diagnostics);
    }

    public double ExpectedPurchases(double t, RepeatSummary customer) => ExpectedPurchases(t, customer, ProbabilityAlive(customer));

    /// <remarks>Each model's expectation is P(alive) times the expectation of a customer who is alive.</remarks>
    public abstract double ExpectedPurchases(double t, RepeatSummary customer, double alive);

    public abstract double ProbabilityAlive(RepeatSummary customer);
    public abstract double UnconditionalExpectedPurchases(double t);
    public abstract double ProbabilityOfPurchases(int n, double t);
    public abstract double ExpectedDaysToNextPurchase(RepeatSummary customer);

    public double ProbabilityOfPurchaseWithin(double t, RepeatSummary customer) =>
        ProbabilityOfPurchaseWithin(t, customer, ProbabilityAlive(customer));

    public abstract double ProbabilityOfPurchaseWithin(double t, RepeatSummary customer, double alive);

    private protected static void CheckNextPurchaseArguments(double horizon, double probability)
    {
        BtydMath.CheckHorizon(horizon);
        if (!(probability > 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The probability must lie strictly between 0 and 1.");
    }

    /// <summary>
    /// BG/NBD and MBG/NBD: P(alive)·[1 − ((α+T)/(α+T+t))^(r+x)] = p solves to t = (α+T)·[(1 − p/P(alive))^(−1/(r+x)) − 1]
    /// when P(alive) &gt; p; null when that is beyond the horizon or P(alive) ≤ p.
    /// </summary>
    private protected static double? TimeToProbabilityWhenAlive(double alive, double r, double alpha, RepeatSummary customer, double horizon, double probability)
    {
        if (double.IsNaN(alive))
            return double.NaN;
        if (alive <= probability)
            return null;
        var t = (alpha + customer.Age) * BtydMath.ExpM1(-Math.Log(1 - probability / alive) / (r + customer.Frequency));
        return t <= horizon ? t : null;
    }

    /// <remarks>
    /// P(bought again by T + t) rises from 0 at t = 0 towards a limit below 1 (the customer may be gone), so the
    /// crossing is found by Brent's method on [0, horizon] once the horizon is known to reach the probability.
    /// </remarks>
    public double? TimeToNextPurchase(RepeatSummary customer, double horizon, double probability = 0.5) =>
        TimeToNextPurchase(customer, horizon, probability, ProbabilityAlive(customer));

    public virtual double? TimeToNextPurchase(RepeatSummary customer, double horizon, double probability, double alive)
    {
        CheckNextPurchaseArguments(horizon, probability);
        if (horizon == 0)
            return null;
        var atHorizon = ProbabilityOfPurchaseWithin(horizon, customer, alive);
        if (double.IsNaN(atHorizon))
            return double.NaN;
        if (atHorizon < probability)
            return null;
        return Brent.TryFindRoot(t => ProbabilityOfPurchaseWithin(t, customer, alive) - probability, 0, horizon, 1e-12, 200, out var root)
            ? root
            : double.NaN;
    }
}
