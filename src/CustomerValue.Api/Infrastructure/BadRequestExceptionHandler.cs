using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CustomerValue.Api.Infrastructure;

/// <summary>
/// Answers a body that does not bind (wrong type, malformed JSON, missing body) with a problem
/// document; a JSON error becomes a validation problem naming the field by its JSON path, a body that
/// could not be read (<see cref="UnreadableBodyException"/>) its status alone.
/// </summary>
/// <remarks>Needs <c>RouteHandlerOptions.ThrowOnBadRequest</c>, which <see cref="ApiDefaults"/> turns on.</remarks>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is UnreadableBodyException unreadable)
            return await WriteStatusAsync(httpContext, unreadable);
        if (exception is not BadHttpRequestException badRequest)
            return false;
        ProblemDetails problem = badRequest.InnerException is JsonException json
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [JsonErrors.Field(json.Path)] = [JsonErrors.Message(json)] })
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

    /// <summary>The problem document the status code page writes for a status with no body of its own.</summary>
    async ValueTask<bool> WriteStatusAsync(HttpContext httpContext, UnreadableBodyException exception)
    {
        httpContext.Response.StatusCode = exception.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = exception.StatusCode },
            Exception = exception,
        });
    }
}
