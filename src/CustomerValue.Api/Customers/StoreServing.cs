using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Serving;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Customers;

/// <summary>Registers the customer store (from <c>Store:Provider</c> and <c>Store:ConnectionString</c>), its seeding and its readiness check.</summary>
public static class StoreServing
{
    public const string DefaultDatabaseFile = "cvml.db";

    public static IHostApplicationBuilder AddCustomerStore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.Section)
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.Provider == StoreProvider.Sqlite)
                    options.ConnectionString = "Data Source=" + DefaultDatabasePath(environment.ContentRootPath);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.AddOptions<StoreSeedOptions>()
            .BindConfiguration(StoreOptions.Section)
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                var samples = SamplesFolder(environment.ContentRootPath);
                options.SeedTransactions = Resolve(options.SeedTransactions, environment.ContentRootPath, samples, "transactions.csv");
                options.SeedCustomers = Resolve(options.SeedCustomers, environment.ContentRootPath, samples, "customers.csv");
            });
        // The container disposes the store at shutdown.
        services.AddSingleton(sp => CustomerStoreFactory.Create(sp.GetRequiredService<IOptions<StoreOptions>>().Value));
        services.TryAddSingleton(sp => new CustomerScorer(sp.GetRequiredService<IOptions<LifecycleOptions>>().Value));
        services.AddSingleton<StoreSeeding>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreSeeding>());
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [ApiDefaults.ReadyTag]);
        return builder;
    }

    /// <summary><c>out/cvml.db</c> in the repository (git-ignored), or <c>App_Data/cvml.db</c> under the content root outside one.</summary>
    static string DefaultDatabasePath(string contentRoot)
    {
        var models = ModelsOptions.FindRepositoryModels(contentRoot, AppContext.BaseDirectory);
        return models is not null
            ? Path.Combine(Path.GetDirectoryName(models)!, "out", DefaultDatabaseFile)
            : Path.Combine(contentRoot, "App_Data", DefaultDatabaseFile);
    }

    static string? SamplesFolder(string contentRoot) =>
        ModelsOptions.FindRepositoryModels(contentRoot, AppContext.BaseDirectory) is { } models
            ? Path.Combine(Path.GetDirectoryName(models)!, "data-samples", "synthetic")
            : null;

    static string? Resolve(string? configured, string contentRoot, string? samples, string sampleFile)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured, contentRoot);
        return samples is null ? null : Path.Combine(samples, sampleFile);
    }
}

/// <summary>Fails start-up with every problem <see cref="StoreOptions.Validate"/> finds, each naming its setting.</summary>
public sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
