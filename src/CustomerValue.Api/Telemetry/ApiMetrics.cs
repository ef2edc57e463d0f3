using System.Diagnostics;
using System.Diagnostics.Metrics;
using CustomerValue.Api.Monitoring;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;

namespace CustomerValue.Api.Telemetry;

/// <summary>
/// The service's own instruments, beside the framework's request counts and durations: predictions by lifecycle stage
/// and their duration, the model served and its load failures, the live drift, and the store's scoring runs.
/// </summary>
public sealed class ApiMetrics
{
    public const string MeterName = "CustomerValue.Api";
    public const string ActivitySourceName = "CustomerValue.Api";

    /// <summary>Spans of the service's own work (scoring runs), beside the framework's request spans.</summary>
    public static readonly ActivitySource Activities = new(ActivitySourceName);

    readonly Counter<long> _predictions;
    readonly Histogram<double> _predictionDuration;
    readonly Histogram<double> _scoringRunDuration;

    public ApiMetrics(IMeterFactory meters, ModelSource<ModelBundle> models, LiveDrift drift)
    {
        var meter = meters.Create(MeterName);
        _predictions = meter.CreateCounter<long>("cvml.predictions", unit: "{prediction}",
            description: "Customers predicted, by lifecycle stage and model version");
        _predictionDuration = meter.CreateHistogram<double>("cvml.prediction.duration", unit: "s",
            description: "Time to score one customer: features, models, lifecycle rules");
        _scoringRunDuration = meter.CreateHistogram<double>("cvml.scoring_run.duration", unit: "s",
            description: "Time to score a whole customer base into the store");
        meter.CreateObservableGauge("cvml.model.generation", () => Generation(models.Status), unit: "{generation}",
            description: "The model generation served (one more per reload), with its version as a tag");
        meter.CreateObservableGauge("cvml.model.ready", () => models.Status.Ready ? 1 : 0,
            description: "1 when a model is loaded and serving");
        meter.CreateObservableGauge("cvml.model.load_failures", () => models.Status.ConsecutiveFailures, unit: "{failure}",
            description: "Model loads that failed since the last one that succeeded (the last good model keeps serving)");
        meter.CreateObservableGauge("cvml.drift.psi", () => Psi(drift),
            description: "Population stability index of each input and prediction over the live window, against the training snapshot");
        meter.CreateObservableGauge("cvml.drift.unseen_share", () => Unseen(drift),
            description: "Share of the live window's values of a categorical input that training never saw");
        meter.CreateObservableGauge("cvml.drift.window_rows", () => drift.Current()?.Rows ?? 0, unit: "{prediction}",
            description: "Predictions in the live drift window");
    }

    public void RecordPrediction(LifecycleStage stage, string modelVersion, TimeSpan duration)
    {
        var tags = new TagList { { "stage", StageTag(stage) }, { "model.version", modelVersion } };
        _predictions.Add(1, tags);
        _predictionDuration.Record(duration.TotalSeconds, tags);
    }

    public void RecordScoringRun(string modelVersion, double seconds) =>
        _scoringRunDuration.Record(seconds, new KeyValuePair<string, object?>("model.version", modelVersion));

    static readonly string[] StageTags = [.. Enum.GetNames<LifecycleStage>().Select(n => n.ToLowerInvariant())];

    static string StageTag(LifecycleStage stage) => StageTags[(int)stage];

    static IEnumerable<Measurement<long>> Generation(ModelStatus status) =>
        status.Model is { } model ? [new Measurement<long>(model.Generation, new KeyValuePair<string, object?>("model.version", model.Version))] : [];

    static IEnumerable<Measurement<double>> Psi(LiveDrift drift)
    {
        if (drift.Current() is not { } report)
            yield break;
        foreach (var (column, kind) in report.Inputs.Select(c => (c, "input")).Concat(report.Predictions.Select(c => (c, "prediction"))))
        {
            if (column.Psi is { } psi)
                yield return new Measurement<double>(psi, new("column", column.Name), new("kind", kind));
        }
    }

    static IEnumerable<Measurement<double>> Unseen(LiveDrift drift)
    {
        if (drift.Current() is not { } report)
            yield break;
        foreach (var column in report.Inputs)
        {
            if (column.UnseenShare is { } share)
                yield return new Measurement<double>(share, new KeyValuePair<string, object?>("column", column.Name));
        }
    }
}
