using System.Globalization;
using CustomerValue.Api.Monitoring;
using CustomerValue.Api.Telemetry;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Store;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Customers;

/// <summary>
/// At start: ensures the store's schema (before the server listens), then, when the store holds no run, scores the
/// seed files with the loaded model in the background, so liveness is never held up and a fresh clone soon serves
/// real lists. Until the seed run is written, readiness reports "scoring" (see <see cref="StoreHealthCheck"/>).
/// </summary>
public sealed class StoreSeeding(
    ICustomerStore store,
    ModelSource<ModelBundle> models,
    CustomerScorer scorer,
    IOptions<StoreSeedOptions> options,
    ApiMetrics metrics,
    LiveDrift liveDrift,
    ILogger<StoreSeeding> logger) : IHostedService
{
    // Not disposed: the container may dispose a singleton before the host stops it, and a CTS without a timer holds nothing.
    readonly CancellationTokenSource _stopping = new();
    Task _seeding = Task.CompletedTask;

    public StoreSeedState State { get; private set; } = StoreSeedState.Starting;

    /// <summary>Why the last seed attempt failed, if it did.</summary>
    public string? LastError { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = await store.EnsureSchemaAsync(cancellationToken);
        logger.LogInformation("Customer store ({Provider}) at schema version {Version}", store.Provider, version);
        if (await store.GetLatestRunAsync(cancellationToken) is not null || !ShouldSeed())
        {
            State = StoreSeedState.Idle;
            return;
        }
        State = StoreSeedState.Scoring;
        _seeding = Task.Run(() => SeedAsync(_stopping.Token), CancellationToken.None);
    }

    bool ShouldSeed()
    {
        var seed = options.Value;
        if (!seed.SeedOnStart)
            return false;
        if (seed.SeedTransactions is null || !File.Exists(seed.SeedTransactions))
        {
            logger.LogInformation("The store has no scoring run and no seed transactions were found ({Path}); run 'cvml score' to fill it",
                seed.SeedTransactions ?? "Store:SeedTransactions not set and no repository found");
            return false;
        }
        return true;
    }

    async Task SeedAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value;
        try
        {
            if (!models.TryAcquire(out var lease))
            {
                logger.LogWarning("No model is loaded, so the store is not seeded; run 'cvml score' once a model is in place");
                State = StoreSeedState.Idle;
                return;
            }
            using (lease)
            {
                var customers = seed.SeedCustomers is { } path && File.Exists(path) ? path : null;
                var input = ScoringInput.Load(new ScoringSources { TransactionsPath = seed.SeedTransactions, CustomersPath = customers },
                    lease.Bundle.FeatureOptions);
                using var activity = ApiMetrics.Activities.StartActivity("cvml.scoring_run");
                var drift = lease.Bundle.Drift is { } binner ? new DriftTally(binner) : null;
                var run = await new ScoringRunWriter(scorer).WriteAsync(lease, input.Customers, store, input.RowsRejected,
                    cancellationToken: cancellationToken, drift: drift);
                if (drift is not null)
                    await store.SaveDriftAsync(run.RunId, drift.Report(liveDrift.Thresholds), cancellationToken);
                metrics.RecordScoringRun(run.ModelVersion, run.Seconds);
                activity?.SetTag("cvml.run_id", run.RunId).SetTag("cvml.customers", run.CustomersScored);
                logger.LogInformation("Seeded the store: {Customers} customers from {Path} as of {AsOf} with model {Version} in {Seconds:0.0} s",
                    run.CustomersScored, seed.SeedTransactions, run.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), run.ModelVersion, run.Seconds);
            }
            State = StoreSeedState.Idle;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            State = StoreSeedState.Idle;
        }
        catch (Exception e)
        {
            LastError = e.Message;
            State = StoreSeedState.Failed;
            logger.LogError(e, "Seeding the store from {Path} failed", seed.SeedTransactions);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _seeding.WaitAsync(cancellationToken);
    }
}

public enum StoreSeedState
{
    Starting,
    Scoring,
    Idle,
    Failed,
}
