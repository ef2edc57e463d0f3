using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerValue.Api.Monitoring;

/// <summary>Compile-time JSON metadata for the drift and realised answers, under the API's HTTP JSON options.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ModelDriftResponse))]
[JsonSerializable(typeof(Core.Monitoring.RealisedReport))]
internal sealed partial class MonitoringJsonContext : JsonSerializerContext;
