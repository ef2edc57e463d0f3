using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerValue.Api.Serving;

public static class ModelApi
{
    public static RouteGroupBuilder MapModelApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/model").WithTags("Model");

        api.MapGet("/", GetModel)
            .WithName("GetModel")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("The model being served: identity, card summary, key metrics and load status");

        return api;
    }

    static Results<Ok<ModelSummary>, ProblemHttpResult> GetModel(ModelSource<ModelBundle> models)
    {
        if (!models.TryAcquire(out var lease))
            return NotReady(models.Status);
        using (lease)
            return TypedResults.Ok(lease.Bundle.Card.ToSummary(lease.Info, models.Status));
    }

    /// <summary>503 with the load status, for every endpoint that needs a model before one has loaded.</summary>
    public static ProblemHttpResult NotReady(ModelStatus status) => TypedResults.Problem(
        title: "No model is loaded",
        detail: status.LastError ?? "The first model load has not finished.",
        statusCode: StatusCodes.Status503ServiceUnavailable,
        extensions: new Dictionary<string, object?> { ["loadStatus"] = status.ToLoadStatus() });
}
