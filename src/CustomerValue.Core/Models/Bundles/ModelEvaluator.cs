namespace CustomerValue.Core.Models.Bundles;

/// <summary>How a loaded bundle evaluates its tree models.</summary>
public enum ModelEvaluator
{
    /// <summary>
    /// Compile each supported FastTree model into flat arrays at load and evaluate it directly (same scores and
    /// contributions as ML.NET, bit for bit); a model that cannot be compiled is served by engines instead.
    /// </summary>
    Compiled,

    /// <summary>Every model through pooled ML.NET <c>PredictionEngine</c>s.</summary>
    Engine,
}

/// <summary>How one model of a loaded bundle is evaluated, and why engines serve it when compiling was asked for.</summary>
public sealed record ModelEvaluation(string Model, ModelEvaluator Evaluator, string? FallbackReason = null);
