using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;

namespace CustomerValue.Api.Serving;

/// <summary>What GET /v1/model reports: the loaded generation, its card in brief, and how loads went.</summary>
/// <param name="ProfileColumns">Whether the models read the customer profile's columns and why (null when training did not decide: no profile or no validation period).</param>
/// <param name="Forecast">The base's predicted value and purchases over the horizon after the data's end, summed by training, with the test period's total errors (null for a churn table without a recurring charge and bundles trained before it was recorded).</param>
/// <param name="Valuation">A churn table's: how its customers are valued from their recurring charge (null otherwise).</param>
public sealed record ModelSummary(
    string Version,
    string Sha256,
    IReadOnlyDictionary<string, string> FileSha256,
    DateTimeOffset LoadedAt,
    long Generation,
    DateTimeOffset CreatedAt,
    DateOnly Cutoff,
    int HorizonDays,
    int ChurnWindowDays,
    string Mode,
    string Grade,
    string GradeReason,
    ModelMetrics Metrics,
    IReadOnlyList<string> Features,
    LoadStatus Status,
    string? ProfileColumns = null,
    ForecastCard? Forecast = null,
    IReadOnlyList<string>? Notes = null,
    string? Valuation = null);

/// <summary>Key held-out metrics; a metric the data leaves undefined is null.</summary>
public sealed record ModelMetrics(ClvMetricsSummary? Clv, ChurnMetricsSummary Churn, double? IntervalCoverage);

public sealed record ClvMetricsSummary(string Objective, int Count, double? NormalizedGini, double? Mae, double? Rmse, double? Spearman, double? SumError);

public sealed record ChurnMetricsSummary(int Count, double? Auc, double? AveragePrecision, double? LogLoss, double? Brier, double? TopDecileLift);

/// <summary>The model source's load history; <see cref="LastError"/> stays after later good loads, with its time.</summary>
public sealed record LoadStatus(
    bool Ready,
    bool LastLoadFailed,
    string? LastError,
    DateTimeOffset? LastFailedAt,
    DateTimeOffset? LastAttemptAt,
    int ConsecutiveFailures);

public static class ModelSummaryMapping
{
    public static ModelSummary ToSummary(this ModelCard card, ModelInfo info, ModelStatus status) => new(
        info.Version,
        info.Sha256,
        info.FileSha256,
        info.LoadedAt,
        info.Generation,
        card.CreatedAt,
        card.Cutoff,
        card.HorizonDays,
        card.ChurnWindowDays,
        card.Mode,
        card.Grade,
        card.GradeReason,
        new ModelMetrics(
            card.Clv is { } clv
                ? new ClvMetricsSummary(clv.Objective.ToString(), clv.Metrics.Count, Defined(clv.Metrics.NormalizedGini), Defined(clv.Metrics.Mae),
                    Defined(clv.Metrics.Rmse), Defined(clv.Metrics.Spearman), Defined(clv.Metrics.SumError))
                : null,
            new ChurnMetricsSummary(card.Churn.Metrics.Count, Defined(card.Churn.Metrics.Auc), Defined(card.Churn.Metrics.AveragePrecision),
                Defined(card.Churn.Metrics.LogLoss), Defined(card.Churn.Metrics.Brier), Defined(card.Churn.Metrics.TopDecileLift)),
            card.Clv is { } c ? Defined(c.Interval.Coverage) : null),
        [.. card.Features.Select(f => f.Name)],
        status.ToLoadStatus(),
        card.ProfileColumns?.Reason,
        card.Forecast,
        card.Warnings(),
        card.Recurring?.Reading);

    public static LoadStatus ToLoadStatus(this ModelStatus status) => new(
        status.Ready, status.LastLoadFailed, status.LastError, status.LastFailedAt, status.LastAttemptAt, status.ConsecutiveFailures);

    static double? Defined(double value) => double.IsFinite(value) ? value : null;
}
