using CustomerValue.Core.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Security;

/// <summary>Keys, scopes and their policies; endpoint groups opt in with <see cref="RequireScope{TBuilder}"/>.</summary>
public static class ApiSecurity
{
    public static string PolicyName(ApiScope scope) => "scope:" + scope.Name();

    public static IHostApplicationBuilder AddApiSecurity(this IHostApplicationBuilder builder)
    {
        builder.AddRequestLimits();
        var services = builder.Services;
        services.AddOptions<ApiSecurityOptions>()
            .BindConfiguration("Api")
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                options.AllowAnonymousPredictions ??= environment.IsDevelopment();
                options.KeysFile = string.IsNullOrWhiteSpace(options.KeysFile)
                    ? ApiKeyFile.DefaultPath(environment.ContentRootPath, AppContext.BaseDirectory)
                    : Path.GetFullPath(options.KeysFile, environment.ContentRootPath);
            })
            .Validate(o => !o.Validate().Any(), "Api:Keys holds a bad key.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiSecurityOptions>, ApiSecurityOptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<ApiSecurityOptions>>((authorization, security) =>
        {
            foreach (var scope in ApiScopes.All)
            {
                var anonymous = scope == ApiScope.Predict && security.Value.AllowAnonymousPredictions == true;
                authorization.AddPolicy(PolicyName(scope), policy => policy.AddRequirements(new ScopeRequirement(scope, anonymous)));
            }
        });
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<ApiKeyOpenApi>();
            o.AddOperationTransformer<ApiKeyOpenApi>();
        });
        return builder;
    }

    /// <summary>Authentication before authorization, with the rate limiter between them (it needs to know who is calling, and must count refused keys).</summary>
    public static WebApplication UseApiSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseBodyLimits();
        return app;
    }

    /// <summary>
    /// The group's endpoints need <paramref name="scope"/>; the OpenAPI document says so, with the 401 and 403 problems
    /// and the 429 of the lock-out for unknown keys.
    /// </summary>
    public static RouteGroupBuilder RequireScope(this RouteGroupBuilder builder, ApiScope scope)
    {
        builder.RequireAuthorization(PolicyName(scope)).WithMetadata(new RequiredScope(scope));
        builder.ProducesProblem(StatusCodes.Status401Unauthorized);
        builder.ProducesProblem(StatusCodes.Status403Forbidden);
        builder.ProducesProblem(StatusCodes.Status429TooManyRequests);
        return builder;
    }
}

/// <summary>Fails start-up naming each bad configured key.</summary>
public sealed class ApiSecurityOptionsValidator : IValidateOptions<ApiSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiSecurityOptions options)
    {
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
