using CustomerValue.Core.Store;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CustomerValue.Api.Telemetry;

/// <summary>
/// OpenTelemetry metrics and traces: the framework's HTTP instruments, the service's own (<see cref="ApiMetrics"/>),
/// Npgsql's when the store is PostgreSQL, exported as <see cref="TelemetryOptions.Exporter"/> says.
/// </summary>
public static class TelemetrySetup
{
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.SectionName)
            .Validate(o => o.Validate().Count == 0, "Telemetry:Exporter must be prometheus, otlp or none.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiMetrics>();
        // Read as text: a bad provider is the store options' validation to report, naming the key, not this one's.
        var postgres = string.Equals(builder.Configuration[$"{StoreOptions.Section}:{nameof(StoreOptions.Provider)}"], "postgres",
            StringComparison.OrdinalIgnoreCase);

        var openTelemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cvml-api"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddMeter(ApiMetrics.MeterName);
                if (postgres)
                    metrics.AddNpgsqlInstrumentation();
                if (telemetry.UsesPrometheus)
                    // No cache: a scrape right after a request sees it.
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                else if (telemetry.UsesOtlp)
                    metrics.AddOtlpExporter(o => Endpoint(o, telemetry));
            });
        // Spans only where they are exported: a tracer with no exporter still samples, tags and enriches a span for
        // every request, then drops it.
        if (telemetry.UsesOtlp)
        {
            openTelemetry.WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation().AddSource(ApiMetrics.ActivitySourceName);
                if (postgres)
                    tracing.AddNpgsql();
                tracing.AddOtlpExporter(o => Endpoint(o, telemetry));
            });
        }
        return builder;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        // The observable gauges exist from start, not from the first prediction.
        app.Services.GetRequiredService<ApiMetrics>();
        if (options.UsesPrometheus)
            app.MapPrometheusScrapingEndpoint(options.PrometheusPath);
        return app;
    }

    static void Endpoint(OpenTelemetry.Exporter.OtlpExporterOptions exporter, TelemetryOptions options)
    {
        if (options.OtlpEndpoint is { } endpoint)
            exporter.Endpoint = endpoint;
    }
}
