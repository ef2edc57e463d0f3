using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Infrastructure;

/// <summary>
/// Answers a body that does not bind (wrong type, malformed JSON, missing body) with a problem
/// document; a JSON error becomes a validation problem naming the field by its JSON path.
/// </summary>
/// <remarks>Needs <c>RouteHandlerOptions.ThrowOnBadRequest</c>, which <see cref="ApiDefaults"/> turns on.</remarks>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
            return false;
        ProblemDetails problem = badRequest.InnerException is JsonException json
            ? new HttpValidationProblemDetails(JsonErrors.Describe(json, BodyType(httpContext)))
            {
                Title = "One or more validation errors occurred.",
                Status = StatusCodes.Status400BadRequest,
            }
            // Another status (415) takes its standard title from the problem details service.
            : new ProblemDetails { Title = badRequest.StatusCode == StatusCodes.Status400BadRequest ? "Bad request" : null, Detail = badRequest.Message, Status = badRequest.StatusCode };
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The JSON metadata of the type the failed endpoint reads its body as (the framework records it on the endpoint).</summary>
    JsonTypeInfo? BodyType(HttpContext httpContext) =>
        httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } type
            ? json.Value.SerializerOptions.GetTypeInfo(type)
            : null;
}
