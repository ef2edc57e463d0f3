using CustomerValue.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Admin;

/// <summary>Lets a request through only with the configured admin key in <c>X-Api-Key</c>; 401 otherwise.</summary>
public sealed class AdminKeyFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        AdminApi.IsAdmin(context.HttpContext.Request.Headers[AdminApi.ApiKeyHeader].ToString(), options.Value.AdminKey)
            ? await next(context)
            : TypedResults.Unauthorized();
}
