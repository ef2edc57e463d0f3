namespace CustomerValue.Api.Telemetry;

/// <summary>The <c>Telemetry</c> section: where metrics and traces go.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// <c>prometheus</c> (default): metrics on <see cref="PrometheusPath"/> for a scraper, no traces;
    /// <c>otlp</c>: metrics and traces pushed to <see cref="OtlpEndpoint"/> (or the OTEL_EXPORTER_OTLP_* variables);
    /// <c>none</c>: nothing leaves the process.
    /// </summary>
    public string Exporter { get; set; } = "prometheus";

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>The collector's address; null leaves it to the standard OTEL_EXPORTER_OTLP_ENDPOINT variable.</summary>
    public Uri? OtlpEndpoint { get; set; }

    public bool UsesPrometheus => string.Equals(Exporter, "prometheus", StringComparison.OrdinalIgnoreCase);

    public bool UsesOtlp => string.Equals(Exporter, "otlp", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> Validate() =>
        Exporter is not null && (UsesPrometheus || UsesOtlp || string.Equals(Exporter, "none", StringComparison.OrdinalIgnoreCase))
            ? []
            : [$"Telemetry:Exporter is '{Exporter}'; it must be prometheus, otlp or none."];
}
