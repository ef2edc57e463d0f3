using CustomerValue.Core.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerValue.Api.Customers;

/// <summary>
/// Unready while the seed run is being scored; otherwise healthy when the store answers, with the current run in the
/// data. A failed seed is Degraded: predictions still work, and <c>cvml score</c> can fill the store.
/// </summary>
public sealed class StoreHealthCheck(ICustomerStore store, StoreSeeding seeding) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (seeding.State is StoreSeedState.Starting or StoreSeedState.Scoring)
            return HealthCheckResult.Unhealthy("scoring: the seed customer base is being scored into the empty store");
        ScoringRun? run;
        try
        {
            run = await store.GetLatestRunAsync(cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"The customer store does not answer: {e.Message}");
        }
        var data = new Dictionary<string, object> { ["provider"] = store.Provider.ToString() };
        if (run is not null)
        {
            data["runId"] = run.RunId;
            data["modelVersion"] = run.ModelVersion;
            data["asOf"] = run.AsOf.ToString("yyyy-MM-dd");
            data["customers"] = run.CustomersScored;
        }
        if (seeding.State == StoreSeedState.Failed)
            return HealthCheckResult.Degraded($"Seeding the store failed: {seeding.LastError}", data: data);
        return HealthCheckResult.Healthy(run is null ? "No scoring run yet: run 'cvml score'" : $"Run {run.RunId}", data);
    }
}
