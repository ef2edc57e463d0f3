using CustomerValue.Core.Access;
using Microsoft.AspNetCore.Authorization;

namespace CustomerValue.Api.Security;

/// <summary>
/// The caller holds <see cref="Scope"/>; or, where <see cref="AllowAnonymous"/>, presented no credentials at all or
/// valid ones (a key that is wrong is still refused, so a caller learns that their key does not work).
/// </summary>
public sealed class ScopeRequirement(ApiScope scope, bool allowAnonymous) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public ApiScope Scope { get; } = scope;

    public bool AllowAnonymous { get; } = allowAnonymous;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.HasScope(requirement.Scope))
            context.Succeed(requirement);
        else if (requirement.AllowAnonymous && (context.User.Identity?.IsAuthenticated == true || !PresentedCredentials(context.Resource)))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }

    static bool PresentedCredentials(object? resource) =>
        resource is HttpContext http && http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName);
}

/// <summary>Endpoint metadata: the scope the endpoint needs, for the OpenAPI document and the 403 message.</summary>
public sealed record RequiredScope(ApiScope Scope);
