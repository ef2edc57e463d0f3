using System.Runtime.InteropServices;
using System.Text.Json;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Serving;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Predictions;

public static class PredictionsApi
{
    /// <summary><c>?explain=false</c> skips the explanation; read from the raw query string on the hot path (see <see cref="QueryFlag"/>).</summary>
    static readonly QueryFlag Explain = new("explain", defaultValue: true);

    public static RouteGroupBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/predictions").WithTags("Predictions");

        api.MapPost("/", Predict)
            .WithName("Predict")
            // The body binds through PredictionRequest.BindAsync, which the OpenAPI document cannot see.
            .AcceptsJsonBody<PredictionRequest>()
            .WithSummary("Value, churn, lifecycle stage and next actions for one customer; ?explain=false skips the explanation")
            .AddOpenApiOperationTransformer(Explain.Document)
            .AddOpenApiOperationTransformer(OpenApiExamples.AddPredictExamples);

        api.MapPost("/batch", PredictBatch)
            .WithName("PredictBatch")
            .WithSummary("Up to Api:MaxBatchSize customers in one call; a bad item fails alone, with its index")
            .AddOpenApiOperationTransformer(OpenApiExamples.AddBatchExample);

        return api;
    }

    public static IHostApplicationBuilder AddPredictions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PredictionRequestValidator>();
        builder.Services.TryAddSingleton(sp => new CustomerScorer(sp.GetRequiredService<IOptions<LifecycleOptions>>().Value));
        builder.Services.AddSingleton<RequestPredictor>();
        builder.Services.AddSingleton<PredictionResponseWriter>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, PredictionsJsonContext.Default));
        return builder;
    }

    static Results<PredictionJsonResult, ValidationProblem, ProblemHttpResult> Predict(
        PredictionRequest request, HttpRequest http, RequestPredictor predictor, PredictionResponseWriter writer, ModelSource<ModelBundle> models)
    {
        // Bound after the body, as the framework bound a declared parameter: a bad body is answered first.
        var explain = Explain.Read(http);
        if (!models.TryAcquire(out var lease))
            return ModelApi.NotReady(models.Status);
        using (lease)
        {
            var result = predictor.Predict(lease, request, explain);
            return result.Errors is { } errors
                ? TypedResults.ValidationProblem(errors)
                : new PredictionJsonResult(result.Response!, writer);
        }
    }

    static Results<Ok<BatchPredictionResponse>, ValidationProblem, ProblemHttpResult> PredictBatch(
        BatchPredictionRequest request, RequestPredictor predictor, ModelSource<ModelBundle> models,
        IOptions<ApiOptions> options, IOptions<JsonOptions> json, bool explain = true)
    {
        var max = options.Value.MaxBatchSize;
        if (request.Items is not { } items)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["items"] = ["is required."] });
        if (items.Count == 0 || items.Count > max)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["items"] = [$"holds {items.Count} items; a batch holds 1 to {max} (Api:MaxBatchSize)."],
            });
        if (!models.TryAcquire(out var lease))
            return ModelApi.NotReady(models.Status);

        // One lease for the whole batch: every item is scored by the same model version.
        using (lease)
        {
            var results = new BatchItemResult[items.Count];
            for (var i = 0; i < items.Count; i++)
                results[i] = ScoreItem(i, items[i], predictor, lease, json.Value.SerializerOptions, explain);
            var failed = results.Count(r => r.Errors is not null);
            return TypedResults.Ok(new BatchPredictionResponse(lease.Info.Version, results.Length - failed, failed, results));
        }
    }

    static BatchItemResult ScoreItem(int index, JsonElement item, RequestPredictor predictor, ModelLease<ModelBundle> lease,
        JsonSerializerOptions serializerOptions, bool explain)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return new BatchItemResult(index, null, new Dictionary<string, string[]> { ["body"] = ["must be a JSON object."] });
        PredictionRequest? request;
        try
        {
            // The item's own bytes, not a copy: the reader's fast path, else the serializer as before.
            if (!PredictionRequestReader.TryRead(JsonMarshal.GetRawUtf8Value(item), serializerOptions, out request))
                request = item.Deserialize<PredictionRequest>(serializerOptions)!;
        }
        catch (JsonException e)
        {
            return new BatchItemResult(index, null, new Dictionary<string, string[]> { [JsonErrors.Field(e.Path)] = [JsonErrors.Message(e)] });
        }
        var result = predictor.Predict(lease, request, explain);
        return new BatchItemResult(index, result.Response, result.Errors);
    }
}
