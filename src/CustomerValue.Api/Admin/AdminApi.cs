using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerValue.Api.Admin;

public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/admin").WithTags("Admin");

        api.MapPost("/reload", Reload)
            .WithName("ReloadModel")
            .WithSummary("Reload the model the pointer names now; 422 when the load fails");

        return api;
    }

    static async Task<Results<Ok<ModelLoadResult>, UnprocessableEntity<ModelLoadResult>>> Reload(
        ModelSource<ModelBundle> models, CancellationToken cancellationToken)
    {
        var result = await models.ReloadAsync(cancellationToken);
        return result.Outcome == ModelLoadOutcome.Failed
            ? TypedResults.UnprocessableEntity(result)
            : TypedResults.Ok(result);
    }
}
