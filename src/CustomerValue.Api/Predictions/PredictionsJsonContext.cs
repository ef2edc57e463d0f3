using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Compile-time JSON metadata for the prediction requests and answers, so they are read and written without
/// reflection. The options mirror <see cref="Infrastructure.ApiDefaults"/>'s HTTP JSON options (camelCase, strict
/// numbers, enums as camelCase strings): the context serves under those options.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PredictionRequest))]
[JsonSerializable(typeof(BatchPredictionRequest))]
[JsonSerializable(typeof(PredictionResponse))]
[JsonSerializable(typeof(BatchPredictionResponse))]
internal sealed partial class PredictionsJsonContext : JsonSerializerContext;
