using CustomerValue.Core.Monitoring;

namespace CustomerValue.Api.Monitoring;

/// <summary>
/// The serving model's drift: the latest scoring run's figures as <c>cvml score</c> stored them, and the live window
/// of the requests this API has predicted. Either is null when there is nothing to show (no run, no baseline, no request yet).
/// </summary>
/// <param name="HasBaseline">False for a bundle trained without a drift baseline: nothing can be measured.</param>
public sealed record ModelDriftResponse(string ModelVersion, bool HasBaseline, RunDriftResponse? Run, LiveDriftResponse? Live);

public sealed record RunDriftResponse(string RunId, string ModelVersion, DateOnly AsOf, DriftReport Drift);

/// <param name="WindowSize">The window holds at most this many predictions; <c>Drift.Rows</c> says how many it holds now.</param>
public sealed record LiveDriftResponse(int WindowSize, DriftReport Drift);
