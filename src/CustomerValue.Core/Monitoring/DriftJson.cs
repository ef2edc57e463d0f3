using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerValue.Core.Monitoring;

/// <summary>How the baseline and the stored reports are written: camelCase, enums as camelCase names.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DriftBaseline))]
[JsonSerializable(typeof(DriftReport))]
[JsonSerializable(typeof(RealisedReport))]
public sealed partial class DriftJson : JsonSerializerContext;
