using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerValue.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace CustomerValue.Api.Customers;

public static class ReactivationApi
{
    public const string CsvContentType = "text/csv";

    public static RouteGroupBuilder MapReactivationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/reactivation-candidates").WithTags("Customers");

        api.MapGet("/", GetCandidates)
            .WithName("GetReactivationCandidates")
            .WithSummary("At-risk and lapsed customers (stage=all for everyone) ranked by expected return, filtered, cut to a budget and paged; JSON, or CSV with format=csv or Accept: text/csv")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer(CandidateParameters.Document)
            .AddOpenApiOperationTransformer(DocumentResponse);

        return api;
    }

    internal static async Task<Results<Ok<CandidatesResponse>, PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> GetCandidates(
        [AsParameters] CandidateParameters parameters, ICustomerStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var csv = WantsCsv(parameters.Format, http.Request, out var formatError);
        if (formatError is not null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [formatError] });
        var (resolved, errors) = await parameters.ToQueryAsync(csv, store, cancellationToken);
        if (resolved is not { } query)
            return TypedResults.ValidationProblem(errors);

        var selection = await store.SelectCandidatesAsync(query, cancellationToken);
        // The selection holds a connection (and its snapshot) until the response has been streamed.
        http.Response.RegisterForDisposeAsync(selection);
        if (selection.Run is not { } run)
            return SegmentsApi.NotScoredYet();

        var totals = selection.Totals.ToResponse();
        if (!csv)
            return TypedResults.Ok(new CandidatesResponse(run.RunId, run.AsOf, totals, query.Limit, query.Offset, Rows(selection, query, cancellationToken), query.RateSource()));

        var headers = http.Response.Headers;
        var inv = CultureInfo.InvariantCulture;
        headers["X-Run-Id"] = run.RunId;
        // Header values are ASCII; a campaign name need not be.
        headers["X-Rate-Source"] = Uri.EscapeDataString(query.RateSource());
        headers["X-Total-Customers"] = totals.Customers.ToString(inv);
        headers["X-Total-Cost"] = totals.Cost.ToString("0.##", inv);
        headers["X-Expected-Value"] = totals.ExpectedValue.ToString("0.##", inv);
        headers["X-Expected-Return"] = totals.ExpectedReturn.ToString("0.##", inv);
        if (totals.ReturnOnCost is { } returnOnCost)
            headers["X-Return-On-Cost"] = returnOnCost.ToString("0.####", inv);
        return TypedResults.Stream(
            body => CandidateCsvWriter.WriteAsync(body, selection.Rows, cancellationToken),
            contentType: CsvContentType + "; charset=utf-8",
            fileDownloadName: $"reactivation-candidates-{run.AsOf:yyyy-MM-dd}.csv");
    }

    /// <summary>200 as JSON or CSV: the framework cannot infer a body from a result union that holds a pushed stream.</summary>
    static async Task DocumentResponse(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(CandidatesResponse), null, cancellationToken);
        context.Document!.AddComponent(nameof(CandidatesResponse), schema);
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "The candidates, as JSON or (format=csv, Accept: text/csv) as CSV with the totals in X-Total-Customers, X-Total-Cost, X-Expected-Value, X-Expected-Return, X-Return-On-Cost and X-Rate-Source (URL-encoded)",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(CandidatesResponse), context.Document) },
                [CsvContentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A header row, then one row per candidate, ranked by expected return" } },
            },
        };
    }

    static bool WantsCsv(string? format, HttpRequest request, out string? error)
    {
        error = null;
        switch (format?.Trim().ToLowerInvariant())
        {
            case "csv":
                return true;
            case "json":
                return false;
            case null or "":
                return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(CsvContentType, StringComparison.OrdinalIgnoreCase));
            default:
                error = $"'{format}' is not a format: use json or csv.";
                return false;
        }
    }

    static async IAsyncEnumerable<CandidateResponse> Rows(CandidateSelection selection, CandidateQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var candidate in selection.Rows.WithCancellation(cancellationToken))
            yield return candidate.ToResponse(query);
    }
}
