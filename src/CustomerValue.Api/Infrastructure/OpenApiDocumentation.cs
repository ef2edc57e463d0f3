using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CustomerValue.Api.Infrastructure;

/// <summary>
/// What the OpenAPI document needs beyond what the endpoints say of themselves: the health endpoints (mapped as health
/// checks, which the document generator does not see), and the reference page for people in Development.
/// </summary>
public static class OpenApiDocumentation
{
    public const string ReferencePath = "/scalar";

    public static IHostApplicationBuilder AddOpenApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer(AddHealthEndpoints));
        return builder;
    }

    /// <summary>Scalar's API reference at <see cref="ReferencePath"/>, in Development only; it reads <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference(ReferencePath, o => o.WithTitle("CustomerValue.ML API"));
        return app;
    }

    static Task AddHealthEndpoints(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas["HealthReport"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status", "checks" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = Status(),
                ["checks"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["name"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["status"] = Status(),
                            ["description"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                            ["data"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The check's figures: model version and load errors, store run and customers" },
                        },
                    },
                },
            },
        };
        document.Paths ??= [];
        document.Paths["/health/live"] = Health(document, "HealthLive", "200 while the process runs (no checks)");
        document.Paths["/health/ready"] = Health(document, "HealthReady", "200 once a model is loaded (Degraded: serving the last good model after a failed reload), 503 before");
        return Task.CompletedTask;
    }

    static OpenApiSchema Status() => new()
    {
        Type = JsonSchemaType.String,
        Enum = [JsonValue.Create("Healthy"), JsonValue.Create("Degraded"), JsonValue.Create("Unhealthy")],
    };

    static OpenApiPathItem Health(OpenApiDocument document, string operationId, string summary)
    {
        OpenApiResponse Response(string description) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference("HealthReport", document) },
            },
        };
        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = operationId,
                    Summary = summary,
                    Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                    Responses = new OpenApiResponses
                    {
                        ["200"] = Response("Healthy or Degraded"),
                        ["503"] = Response("Unhealthy"),
                    },
                },
            },
        };
    }
}
