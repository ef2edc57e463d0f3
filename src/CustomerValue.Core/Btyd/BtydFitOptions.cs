namespace CustomerValue.Core.Btyd;

/// <summary>Settings for a maximum-likelihood fit. The defaults reproduce the published CDNOW estimates.</summary>
public sealed record BtydFitOptions
{
    public static BtydFitOptions Default { get; } = new();

    /// <summary>
    /// L2 penalty added to the mean negative log-likelihood: <c>Penalizer · Σ θ²</c> over the natural-scale
    /// parameters, as lifetimes' <c>penalizer_coef</c> does. Zero means plain maximum likelihood.
    /// </summary>
    public double Penalizer { get; init; }

    public int MaxIterations { get; init; } = 500;

    /// <summary>Stop when every gradient component of the mean negative log-likelihood (log-parameter space) is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-8;

    /// <summary>Starting values in the model's parameter order (natural scale); null picks data-based defaults.</summary>
    public IReadOnlyList<double>? InitialParameters { get; init; }

    /// <summary>Standard errors need a numerically differentiated Hessian: 2·k extra gradient evaluations.</summary>
    public bool ComputeStandardErrors { get; init; } = true;
}
