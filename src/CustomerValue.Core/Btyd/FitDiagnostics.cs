namespace CustomerValue.Core.Btyd;

/// <summary>How a maximum-likelihood fit went.</summary>
/// <param name="Converged">True when the gradient norm reached the tolerance.</param>
/// <param name="Iterations">Optimizer iterations (L-BFGS steps).</param>
/// <param name="FunctionEvaluations">Likelihood-and-gradient evaluations, line searches included.</param>
/// <param name="GradientNorm">Largest absolute gradient component of the mean negative log-likelihood in log-parameter space at the end.</param>
/// <param name="Message">Why the optimizer stopped, in words.</param>
/// <param name="Rows">Input rows with positive weight (customers, when unweighted).</param>
/// <param name="DistinctRows">Rows left after identical rows were merged into weights.</param>
/// <param name="Elapsed">Wall time of the whole fit, aggregation and standard errors included.</param>
/// <param name="Warnings">Things a user must know about the fitted model (undefined moments, singular information matrix…).</param>
public sealed record FitDiagnostics(
    bool Converged,
    int Iterations,
    int FunctionEvaluations,
    double GradientNorm,
    string Message,
    int Rows,
    int DistinctRows,
    TimeSpan Elapsed,
    IReadOnlyList<string> Warnings)
{
    /// <summary>For a model built from given parameters rather than fitted.</summary>
    public static FitDiagnostics NotFitted { get; } =
        new(true, 0, 0, 0, "Parameters were given, not fitted.", 0, 0, TimeSpan.Zero, []);
}
