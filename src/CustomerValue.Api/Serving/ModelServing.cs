using CustomerValue.Api.Infrastructure;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Serving;

/// <summary>Registers the model source, its start-up load and its readiness check.</summary>
public static class ModelServing
{
    public static IHostApplicationBuilder AddModelServing(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ModelsOptions>()
            .BindConfiguration(ModelsOptions.SectionName)
            .PostConfigure<IHostEnvironment>((options, environment) => options.Path = Resolve(options.Path, environment.ContentRootPath))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The container disposes the source at shutdown: watching stops, the generation is released.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ModelsOptions>>().Value;
            return new ModelSource<ModelBundle>(
                new ModelSourceOptions
                {
                    ModelsDirectory = options.Path!,
                    DebounceInterval = TimeSpan.FromMilliseconds(options.DebounceMilliseconds),
                    WatchForChanges = options.WatchForChanges,
                    MaximumRetainedEngines = options.MaxRetainedEngines,
                },
                ModelBundle.Loader(options.Evaluator),
                sp.GetRequiredService<ILogger<ModelSource<ModelBundle>>>());
        });
        services.AddHostedService<ModelWarmup>();
        services.AddHealthChecks().AddCheck<ModelHealthCheck>("models", tags: [ApiDefaults.ReadyTag]);
        return builder;
    }

    static string? Resolve(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured, contentRoot);
        return ModelsOptions.FindRepositoryModels(contentRoot, AppContext.BaseDirectory);
    }
}
