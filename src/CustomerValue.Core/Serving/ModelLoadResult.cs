namespace CustomerValue.Core.Serving;

public enum ModelLoadOutcome
{
    /// <summary>A new generation was swapped in.</summary>
    Loaded,

    /// <summary>The files are the ones already serving (same version and hash); nothing changed.</summary>
    Unchanged,

    /// <summary>The load failed; the previous generation, if any, keeps serving.</summary>
    Failed,
}

/// <summary>The result of one load attempt.</summary>
/// <param name="Version">The version the pointer named, or null when the pointer could not be read.</param>
/// <param name="Model">The generation serving after the attempt, or null when none is.</param>
/// <param name="Error">Why the load failed, for <see cref="ModelLoadOutcome.Failed"/>.</param>
public sealed record ModelLoadResult(ModelLoadOutcome Outcome, string? Version, ModelInfo? Model, string? Error);
