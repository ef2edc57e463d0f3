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

    public abstract double ExpectedPurchases(double t, RepeatSummary customer);
    public abstract double ProbabilityAlive(RepeatSummary customer);
    public abstract double UnconditionalExpectedPurchases(double t);
    public abstract double ProbabilityOfPurchases(int n, double t);
    public abstract double ExpectedDaysToNextPurchase(RepeatSummary customer);
}
