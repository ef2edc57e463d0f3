using CustomerValue.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace CustomerValue.Api.Security;

/// <summary>
/// Answers a refused request with a problem document: 401 when the caller is not authenticated (no key, or a key that
/// is not known; the <c>WWW-Authenticate</c> header says how), 403 when the caller is known but lacks the scope, which
/// the document names.
/// </summary>
public sealed class AuthorizationProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            // The middleware keeps only successful results; the handler caches its own for the request.
            var failure = (await context.AuthenticateAsync()).Failure?.Message;
            await context.ChallengeAsync();
            await WriteAsync(context, new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = failure ?? $"Send an API key in the {ApiKeyAuthenticationHandler.HeaderName} header{Needing(policy)}.",
            });
            return;
        }
        if (authorizeResult.Forbidden)
        {
            await context.ForbidAsync();
            var name = context.User.Identity?.Name;
            await WriteAsync(context, new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Scope required",
                Detail = $"The key '{name}' does not have the scope this endpoint needs{Needing(policy)}.",
            });
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    static string Needing(AuthorizationPolicy policy)
    {
        var scopes = policy.Requirements.OfType<ScopeRequirement>().Select(r => r.Scope.Name()).ToList();
        return scopes.Count == 0 ? "" : $" (scope: {string.Join(", ", scopes)})";
    }

    async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
