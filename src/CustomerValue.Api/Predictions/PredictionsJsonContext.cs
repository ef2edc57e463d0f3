using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Compile-time JSON metadata for the prediction answers, so they are written without reflection.
/// The options mirror <see cref="Infrastructure.ApiDefaults"/>'s HTTP JSON options (camelCase, strict
/// numbers, enums as camelCase strings): the context serves under those options.
/// </summary>
/// <remarks>
/// Requests stay with the reflection resolver: its type errors name the CLR type that failed, which
/// <see cref="Infrastructure.JsonErrors"/> turns into "must be a number" and the like.
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PredictionResponse))]
[JsonSerializable(typeof(BatchPredictionResponse))]
// ExplanationItem.Value is an object holding one of these.
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string))]
internal sealed partial class PredictionsJsonContext : JsonSerializerContext;
