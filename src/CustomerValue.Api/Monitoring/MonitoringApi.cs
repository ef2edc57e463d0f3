using CustomerValue.Api.Serving;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerValue.Api.Monitoring;

public static class MonitoringApi
{
    public static RouteGroupBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1");

        api.MapGet("/model/drift", GetDrift)
            .WithTags("Model")
            .WithName("GetModelDrift")
            .WithSummary("Drift of the serving model: PSI and unseen categories per input and prediction, for the latest scoring run and the live window of requests")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/runs/{id}/realised", GetRealised)
            .WithTags("Runs")
            .WithName("GetRunRealised")
            .WithSummary("A scoring run's predictions against what its customers went on to spend, as cvml realised stored it")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public static IHostApplicationBuilder AddMonitoring(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DriftOptions>()
            .BindConfiguration(DriftOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Act >= o.Watch, "Drift:Act must not be below Drift:Watch.")
            .ValidateOnStart();
        builder.Services.AddSingleton<LiveDrift>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, MonitoringJsonContext.Default));
        return builder;
    }

    static async Task<Results<Ok<ModelDriftResponse>, ProblemHttpResult>> GetDrift(
        ModelSource<ModelBundle> models, LiveDrift live, ICustomerStore store, CancellationToken cancellationToken)
    {
        if (!models.TryAcquire(out var lease))
            return ModelApi.NotReady(models.Status);
        using (lease)
        {
            var bundle = lease.Bundle;
            RunDriftResponse? run = null;
            if (await store.GetLatestRunAsync(cancellationToken) is { } latest
                && await store.GetDriftAsync(latest.RunId, cancellationToken) is { } drift)
                run = new RunDriftResponse(latest.RunId, latest.ModelVersion, latest.AsOf, drift);
            var window = live.Report(lease.Info) is { } report ? new LiveDriftResponse(live.WindowSize, report) : null;
            return TypedResults.Ok(new ModelDriftResponse(lease.Info.Version, bundle.Drift is not null, run, window));
        }
    }

    static async Task<Results<Ok<RealisedReport>, ProblemHttpResult>> GetRealised(
        string id, ICustomerStore store, CancellationToken cancellationToken)
    {
        if (await store.GetRunAsync(id, cancellationToken) is null)
            return TypedResults.Problem(title: "Unknown run", detail: $"The store has no scoring run '{id}'.", statusCode: StatusCodes.Status404NotFound);
        return await store.GetRealisedAsync(id, cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.Problem(
                title: "Nothing realised yet",
                detail: $"Run '{id}' has no predicted-vs-realised comparison; run 'cvml realised --run {id} --transactions …' once part of its horizon has passed.",
                statusCode: StatusCodes.Status404NotFound);
    }
}
