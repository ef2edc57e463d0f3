namespace CustomerValue.Core.Btyd;

/// <summary>Thrown by <c>EnsureConverged()</c> when a maximum-likelihood fit stopped short of its tolerance.</summary>
public sealed class FitDidNotConvergeException : Exception
{
    public FitDidNotConvergeException(string model, FitDiagnostics diagnostics)
        : base($"{model} fit did not converge after {diagnostics.Iterations} iterations " +
               $"(gradient norm {diagnostics.GradientNorm:G3}): {diagnostics.Message}")
    {
        Model = model;
        Diagnostics = diagnostics;
    }

    public string Model { get; }

    public FitDiagnostics Diagnostics { get; }
}
