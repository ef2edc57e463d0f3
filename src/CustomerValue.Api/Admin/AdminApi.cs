using System.Security.Cryptography;
using System.Text;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Admin;

public static class AdminApi
{
    public const string ApiKeyHeader = "X-Api-Key";

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/admin").WithTags("Admin");

        api.MapPost("/reload", Reload)
            .WithName("ReloadModel")
            .WithSummary("Reload the model the pointer names now (needs the X-Api-Key header); 422 when the load fails");

        return api;
    }

    static async Task<Results<Ok<ModelLoadResult>, UnprocessableEntity<ModelLoadResult>, UnauthorizedHttpResult>> Reload(
        HttpRequest request, ModelSource<ModelBundle> models, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (!IsAdmin(request.Headers[ApiKeyHeader].ToString(), options.Value.AdminKey))
            return TypedResults.Unauthorized();
        var result = await models.ReloadAsync(cancellationToken);
        return result.Outcome == ModelLoadOutcome.Failed
            ? TypedResults.UnprocessableEntity(result)
            : TypedResults.Ok(result);
    }

    /// <summary>
    /// Constant-time over hashes of both, so neither the content nor the length of the key leaks
    /// through timing. No key configured means nobody is admin.
    /// </summary>
    internal static bool IsAdmin(string presented, string? configured)
    {
        if (string.IsNullOrEmpty(configured) || string.IsNullOrEmpty(presented))
            return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
    }
}
