using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Customers;

public static class SegmentsApi
{
    public static RouteGroupBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/segments").WithTags("Customers");

        api.MapGet("/", GetSegments)
            .WithName("GetSegments")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("RFM segments and lifecycle stages with counts, mean value, churn rate and value at stake; CLV : CAC by channel when Lifecycle:AcquisitionCostByChannel is set");

        return api;
    }

    static async Task<Results<Ok<SegmentsResponse>, ProblemHttpResult>> GetSegments(
        ICustomerStore store, IOptions<LifecycleOptions> lifecycle, CancellationToken cancellationToken)
    {
        var costs = lifecycle.Value.AcquisitionCostByChannel;
        var report = await store.GetSegmentsAsync(costs.Count > 0 ? costs : null, cancellationToken);
        return report is null
            ? NotScoredYet()
            : TypedResults.Ok(report.ToResponse(withChannels: costs.Count > 0));
    }

    /// <summary>503: the lists exist once a run does (the start-up seed or <c>cvml score</c>).</summary>
    internal static ProblemHttpResult NotScoredYet() => TypedResults.Problem(
        title: "Nothing scored yet",
        detail: "The customer store holds no scoring run yet: wait for the start-up seed, or run 'cvml score'.",
        statusCode: StatusCodes.Status503ServiceUnavailable);
}
