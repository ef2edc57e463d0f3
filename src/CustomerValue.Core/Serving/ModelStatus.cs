namespace CustomerValue.Core.Serving;

/// <summary>A snapshot of what a <see cref="ModelSource{TBundle}"/> serves and how its loads went.</summary>
/// <param name="Ready">True once a model is loaded; stays true while a failed reload leaves the last good one serving.</param>
/// <param name="Model">The generation now serving, or null before the first good load.</param>
/// <param name="LastLoadFailed">Whether the most recent load attempt failed.</param>
/// <param name="LastError">Why the most recent failed load failed (kept after later successes, with <paramref name="LastFailedAt"/>).</param>
/// <param name="LastFailedAt">When a load last failed.</param>
/// <param name="LastAttemptAt">When a load was last attempted.</param>
/// <param name="ConsecutiveFailures">Failed loads since the last good one.</param>
public sealed record ModelStatus(
    bool Ready,
    ModelInfo? Model,
    bool LastLoadFailed,
    string? LastError,
    DateTimeOffset? LastFailedAt,
    DateTimeOffset? LastAttemptAt,
    int ConsecutiveFailures)
{
    internal static ModelStatus Initial { get; } = new(false, null, false, null, null, null, 0);
}
