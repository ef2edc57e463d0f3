using CustomerValue.Api.Components;
using CustomerValue.Api.Customers;
using CustomerValue.Api.Serving;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Store;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Console;

/// <summary>
/// The marketer console at <c>/</c>: the server-rendered pages, and the few plain endpoints beside them (CSV export,
/// the report's charts, model reload, sign-out). None of them is part of the API's OpenAPI document.
/// </summary>
public static class ConsoleEndpoints
{
    public const string ExportPath = "/reactivation/export";
    public const string ReloadPath = "/model/reload";
    public const string ChartsPath = "/model/charts";

    public static IHostApplicationBuilder AddConsole(this IHostApplicationBuilder builder)
    {
        builder.AddConsoleSecurity();
        builder.Services.AddRazorComponents();
        return builder;
    }

    /// <summary>After <c>UseApiSecurity</c>: antiforgery checks need to know who is signed in.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseStaticFiles(StaticFiles(app.Environment.WebRootFileProvider, AppContext.BaseDirectory));
        app.UseAntiforgery();
        app.MapRazorComponents<App>();

        var console = app.MapGroup("").ExcludeFromDescription();
        console.MapGet(ExportPath, Export).RequireAuthorization(ConsoleSecurity.ReadPolicy);
        console.MapGet(ChartsPath + "/{name}", Chart).RequireAuthorization(ConsoleSecurity.ReadPolicy);
        console.MapPost(ReloadPath, Reload).RequireAuthorization(ConsoleSecurity.AdminPolicy)
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        // Under the cookie's scheme, so the antiforgery token is checked against the user it was issued to.
        console.MapPost(ConsoleSecurity.SignOutPath, (Delegate)SignOut).RequireAuthorization(ConsoleSecurity.SignedInPolicy)
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    /// <summary>
    /// The console's stylesheet and scripts: from the web root, or from the <c>wwwroot</c> that publishing puts in
    /// <paramref name="appFolder"/> when the web root has none. The content root is the working directory, so the published
    /// API started from another folder (<c>dotnet /opt/cvml/CustomerValue.Api.dll</c>, a service unit without a
    /// <c>WorkingDirectory</c>) found no <c>wwwroot</c> there and served its pages without style or script.
    /// </summary>
    internal static StaticFileOptions StaticFiles(IFileProvider webRoot, string appFolder)
    {
        var shipped = Path.Combine(appFolder, "wwwroot");
        return webRoot.GetFileInfo(StyleSheet).Exists || !File.Exists(Path.Combine(shipped, StyleSheet))
            ? new StaticFileOptions()
            : new StaticFileOptions { FileProvider = new PhysicalFileProvider(shipped) };
    }

    /// <summary>The console's stylesheet, which every page links.</summary>
    internal const string StyleSheet = "console.css";

    /// <summary>The list builder's download: exactly the API's CSV for the same query, through the same handler.</summary>
    static Task<Results<Ok<CandidatesResponse>, PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> Export(
        [AsParameters] CandidateParameters parameters, ICustomerStore store, HttpContext http, CancellationToken cancellationToken) =>
        ReactivationApi.GetCandidates(parameters with { Format = "csv", Limit = null, Offset = null }, store, http, cancellationToken);

    /// <summary>One of the served model's report charts (a PNG in its <c>charts</c> folder).</summary>
    static Results<PhysicalFileHttpResult, NotFound> Chart(string name, ModelSource<ModelBundle> models, IOptions<ModelsOptions> options)
    {
        if (ModelCharts.Find(models, options.Value, name) is not { } path)
            return TypedResults.NotFound();
        return TypedResults.PhysicalFile(path, "image/png");
    }

    static async Task<Results<RedirectHttpResult, ProblemHttpResult>> Reload(
        ModelSource<ModelBundle> models, HttpContext http, CancellationToken cancellationToken)
    {
        if (ForgedForm(http) is { } forged)
            return forged;
        var result = await models.ReloadAsync(cancellationToken);
        return TypedResults.LocalRedirect("/model?reload=" + result.Outcome.ToString().ToLowerInvariant());
    }

    static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOut(HttpContext http)
    {
        if (ForgedForm(http) is { } forged)
            return forged;
        await http.SignOutAsync(ConsoleSecurity.Scheme);
        return TypedResults.LocalRedirect(ConsoleSecurity.SignInPath);
    }

    /// <summary>
    /// The antiforgery middleware only records its verdict; endpoints that bind no form must read it themselves.
    /// </summary>
    static ProblemHttpResult? ForgedForm(HttpContext http) =>
        http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
            ? null
            : TypedResults.Problem(title: "Form not accepted", detail: "The form carries no valid antiforgery token: reload the page and try again.",
                statusCode: StatusCodes.Status400BadRequest);
}

/// <summary>The report charts training saved beside the served model.</summary>
public static class ModelCharts
{
    public const string Folder = "charts";

    /// <summary>The chart files of the model now serving, by name; none without a model or charts.</summary>
    public static IReadOnlyList<string> List(ModelSource<ModelBundle> models, ModelsOptions options)
    {
        if (Directory(models, options) is not { } directory)
            return [];
        return [.. System.IO.Directory.GetFiles(directory, "*.png").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
    }

    /// <summary>The file for <paramref name="name"/> when it is one of <see cref="List"/>; a name is matched, never joined into a path.</summary>
    public static string? Find(ModelSource<ModelBundle> models, ModelsOptions options, string name) =>
        List(models, options).Contains(name, StringComparer.Ordinal) ? Path.Combine(Directory(models, options)!, name) : null;

    static string? Directory(ModelSource<ModelBundle> models, ModelsOptions options)
    {
        if (options.Path is null || !models.TryAcquire(out var lease))
            return null;
        using (lease)
        {
            var directory = Path.Combine(options.Path, lease.Info.Version, Folder);
            return System.IO.Directory.Exists(directory) ? directory : null;
        }
    }
}
