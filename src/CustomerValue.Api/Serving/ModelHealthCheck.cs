using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerValue.Api.Serving;

/// <summary>
/// Ready once a model is loaded. A reload that failed while the last good model keeps serving is
/// Degraded (still ready, HTTP 200) with the error in the body.
/// </summary>
public sealed class ModelHealthCheck(ModelSource<ModelBundle> source) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = source.Status;
        var data = new Dictionary<string, object>();
        if (status.Model is { } model)
        {
            data["version"] = model.Version;
            data["generation"] = model.Generation;
            data["sha256"] = model.Sha256;
        }
        if (status.LastError is { } error)
        {
            data["lastError"] = error;
            if (status.LastFailedAt is { } failedAt)
                data["lastFailedAt"] = failedAt;
            data["consecutiveFailures"] = status.ConsecutiveFailures;
        }

        var result = status switch
        {
            { Ready: false } => HealthCheckResult.Unhealthy(
                $"No model is loaded: {status.LastError ?? "the first load has not finished"}", data: data),
            { LastLoadFailed: true } => HealthCheckResult.Degraded(
                $"Serving {status.Model!.Version}; the last reload failed: {status.LastError}", data: data),
            _ => HealthCheckResult.Healthy($"Serving {status.Model!.Version}", data),
        };
        return Task.FromResult(result);
    }
}
