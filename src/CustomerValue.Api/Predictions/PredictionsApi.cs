using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
    public static RouteGroupBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/predictions").WithTags("Predictions");

        api.MapPost("/", Predict)
            .WithName("Predict")
            .WithSummary("Value, churn, lifecycle stage and next actions for one customer; ?explain=false skips the explanation")
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
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, PredictionsJsonContext.Default));
        return builder;
    }

    static Results<Ok<PredictionResponse>, ValidationProblem, ProblemHttpResult> Predict(
        PredictionRequest request, RequestPredictor predictor, ModelSource<ModelBundle> models, bool explain = true)
    {
        if (!models.TryAcquire(out var lease))
            return ModelApi.NotReady(models.Status);
        using (lease)
        {
            var result = predictor.Predict(lease, request, explain);
            return result.Errors is { } errors
                ? TypedResults.ValidationProblem(errors)
                : TypedResults.Ok(result.Response);
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
            var requestType = (JsonTypeInfo<PredictionRequest>)json.Value.SerializerOptions.GetTypeInfo(typeof(PredictionRequest));
            var results = new BatchItemResult[items.Count];
            for (var i = 0; i < items.Count; i++)
                results[i] = ScoreItem(i, items[i], predictor, lease, requestType, explain);
            var failed = results.Count(r => r.Errors is not null);
            return TypedResults.Ok(new BatchPredictionResponse(lease.Info.Version, results.Length - failed, failed, results));
        }
    }

    static BatchItemResult ScoreItem(int index, JsonElement item, RequestPredictor predictor, ModelLease<ModelBundle> lease,
        JsonTypeInfo<PredictionRequest> requestType, bool explain)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return new BatchItemResult(index, null, new Dictionary<string, string[]> { ["body"] = ["must be a JSON object."] });
        PredictionRequest request;
        try
        {
            request = item.Deserialize(requestType)!;
        }
        catch (JsonException e)
        {
            return new BatchItemResult(index, null, JsonErrors.Describe(e, requestType));
        }
        var result = predictor.Predict(lease, request, explain);
        return new BatchItemResult(index, result.Response, result.Errors);
    }
}
