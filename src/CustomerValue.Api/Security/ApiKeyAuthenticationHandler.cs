using System.Security.Claims;
using System.Text.Encodings.Web;
using CustomerValue.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Security;

/// <summary>
/// Reads the <c>X-Api-Key</c> header. No header: anonymous (a policy may still allow it). A header with no known key:
/// a failure, which the failed-authentication rate limit counts. A known key: a principal named after the key with one
/// <see cref="ApiClaims.Scope"/> claim per scope.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
            return Task.FromResult(AuthenticateResult.Fail($"Send exactly one key in the {HeaderName} header."));
        if (keys.Find(values[0]!) is not { } key)
            return Task.FromResult(AuthenticateResult.Fail($"The {HeaderName} header holds no known key (unknown or revoked)."));

        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name) };
        claims.AddRange(key.Scopes.Select(s => new Claim(ApiClaims.Scope, s.Name())));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ApiClaims.Scope));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    /// <summary>RFC 9110 asks a 401 to say how to authenticate; there is no registered scheme for header keys, so it names the header.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return Task.CompletedTask;
    }
}

/// <summary>The claim types the API's policies read; any sign-in (a key, or a console user) that carries them is served alike.</summary>
public static class ApiClaims
{
    /// <summary>One claim per scope: <c>predict</c>, <c>read</c> or <c>admin</c>.</summary>
    public const string Scope = "scope";

    public static bool HasScope(this ClaimsPrincipal user, ApiScope scope) => user.HasClaim(ApiClaims.Scope, scope.Name());
}
