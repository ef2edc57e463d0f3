using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Monitoring;

/// <summary>
/// The drift of the customers the API has predicted, over a rolling window of the last <see cref="DriftOptions.WindowSize"/>
/// against the serving bundle's baseline. A newer model generation starts a new window: its baseline is another.
/// </summary>
public sealed class LiveDrift(IOptions<DriftOptions> options)
{
    readonly Lock _gate = new();
    Held? _current;

    sealed record Held(long Generation, DriftWindow Window);

    public DriftThresholds Thresholds { get; } = options.Value.Thresholds;

    public int WindowSize { get; } = options.Value.WindowSize;

    public void Record(ModelLease<ModelBundle> lease, FeatureRow row, CustomerScore score)
    {
        if (lease.Bundle.Drift is not { } binner)
            return;
        var current = Volatile.Read(ref _current);
        var generation = lease.Info.Generation;
        if (current is null || current.Generation != generation)
        {
            lock (_gate)
            {
                current = _current;
                // A request still on an older generation does not take the window back from a newer one.
                if (current is not null && current.Generation > generation)
                    return;
                if (current is null || current.Generation != generation)
                    _current = current = new Held(generation, new DriftWindow(binner, WindowSize));
            }
        }
        current.Window.Add(row, new PredictedValues(score.PredictedValue, score.ChurnProbability, score.ExpectedOrders));
    }

    /// <summary>The window's figures for the generation of <paramref name="info"/>; null before it has predicted anyone.</summary>
    public DriftReport? Report(ModelInfo info) =>
        _current is { } current && current.Generation == info.Generation ? current.Window.Report(Thresholds) : null;

    /// <summary>The newest window's figures, for the drift gauges.</summary>
    internal DriftReport? Current() => _current?.Window.Report(Thresholds);
}
