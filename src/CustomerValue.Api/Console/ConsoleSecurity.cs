using CustomerValue.Api.Security;
using CustomerValue.Core.Access;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Console;

/// <summary>
/// The console's sign-in: a cookie that carries the same scope claims as an API key, so a signed-in user with
/// <c>read</c> sees what a <c>read</c> key reads, and only <c>admin</c> reloads the model. The cookie is HTTP-only,
/// same-site and expires after <see cref="ConsoleOptions.SignInMinutes"/>; every form that changes anything carries an
/// antiforgery token.
/// </summary>
public static class ConsoleSecurity
{
    public const string Scheme = "Console";
    public const string ReadPolicy = "console:read";
    public const string AdminPolicy = "console:admin";
    public const string SignedInPolicy = "console:signed-in";
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    public const string AccessDeniedPath = "/access-denied";

    public static IHostApplicationBuilder AddConsoleSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConsoleOptions>()
            .BindConfiguration(ConsoleOptions.SectionName)
            .PostConfigure<IOptions<ApiSecurityOptions>, IHostEnvironment>((options, security, environment) =>
                options.UsersFile = string.IsNullOrWhiteSpace(options.UsersFile)
                    ? ConsoleUserFile.BesideKeysFile(security.Value.KeysFile!)
                    : Path.GetFullPath(options.UsersFile, environment.ContentRootPath))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();
        services.AddSingleton<ConsoleUsers>();
        services.AddHostedService<FirstAdmin>();

        // Read at registration: the key ring's place decides how data protection is built, not a per-request setting.
        if (builder.Configuration[$"{ConsoleOptions.SectionName}:{nameof(ConsoleOptions.KeyRingFolder)}"] is { Length: > 0 } keyRing)
            services.AddDataProtection()
                .SetApplicationName("CustomerValue.ML")
                .PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(keyRing, builder.Environment.ContentRootPath)));

        services.AddAuthentication().AddCookie(Scheme);
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<ConsoleOptions>>((cookie, console) =>
        {
            cookie.Cookie.Name = "cvml.console";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(console.Value.SignInMinutes);
            cookie.SlidingExpiration = false;
            cookie.LoginPath = SignInPath;
            cookie.LogoutPath = SignOutPath;
            cookie.AccessDeniedPath = AccessDeniedPath;
            cookie.ReturnUrlParameter = "returnUrl";
            // Since .NET 10 a cookie challenge on an endpoint that looks like an API (the CSV export does) answers 401;
            // every console address is opened by a person in a browser, so it always goes to the sign-in page.
            cookie.Events.OnRedirectToLogin = context =>
            {
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });
        services.AddOptions<AuthorizationOptions>().Configure(authorization =>
        {
            authorization.AddPolicy(ReadPolicy, policy => policy.AddAuthenticationSchemes(Scheme).AddRequirements(new ScopeRequirement(ApiScope.Read, false)));
            authorization.AddPolicy(SignedInPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
            authorization.AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(Scheme).AddRequirements(new ScopeRequirement(ApiScope.Admin, false)));
        });
        return builder;
    }

    sealed class FirstAdmin(ConsoleUsers users, TimeProvider time) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            users.EnsureFirstAdmin(time.GetUtcNow());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Fails start-up naming each bad console setting.</summary>
public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
