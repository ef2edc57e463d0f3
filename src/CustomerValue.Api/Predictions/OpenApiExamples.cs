using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CustomerValue.Api.Predictions;

/// <summary>Request examples for the OpenAPI document, the same ones docs/api.md shows.</summary>
public static class OpenApiExamples
{
    public const string NewCustomer = """
        {
          "customerId": "C-1001",
          "asOf": "2025-03-31",
          "profile": { "postalCode": "60616", "device": "ios", "channel": "email", "newsletter": true,
                       "signupDate": "2025-03-02", "attributes": { "age_band": "35-44", "loyalty_points": 0 } },
          "history": { "orders": [ { "date": "2025-03-03", "amount": 84.90 } ] }
        }
        """;

    public const string LongHistory = """
        {
          "customerId": "C-0042",
          "asOf": "2025-03-31",
          "profile": { "postalCode": "10472", "device": "android", "channel": "organic", "newsletter": false,
                       "signupDate": "2023-10-01" },
          "history": { "orders": [
            { "date": "2023-10-02", "amount": 52.10 }, { "date": "2024-01-15", "amount": 61.00 },
            { "date": "2024-05-20", "amount": 47.35 }, { "date": "2024-09-03", "amount": 75.00 },
            { "date": "2025-01-28", "amount": 58.20 } ] }
        }
        """;

    public const string Summary = """
        {
          "customerId": "C-0777",
          "asOf": "2025-03-31",
          "profile": { "device": "web", "channel": "paid_search" },
          "history": { "summary": { "orders": 6, "totalSpend": 540.00, "firstOrderDate": "2023-06-10",
                                    "lastOrderDate": "2024-08-01", "firstOrderValue": 120.00 } }
        }
        """;

    public static Task AddPredictExamples(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        AddExamples(operation, new()
        {
            ["newCustomer"] = ("A brand-new customer: profile and first order", NewCustomer),
            ["longHistory"] = ("A customer with several orders over 18 months", LongHistory),
            ["summary"] = ("History given as a summary (frequency-shape features are approximated)", Summary),
        });
        return Task.CompletedTask;
    }

    public static Task AddBatchExample(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        AddExamples(operation, new()
        {
            ["twoCustomers"] = ("Two customers in one call", $$"""{ "items": [ {{NewCustomer}}, {{LongHistory}} ] }"""),
        });
        return Task.CompletedTask;
    }

    static void AddExamples(OpenApiOperation operation, Dictionary<string, (string Summary, string Json)> examples)
    {
        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var media) != true || media is null)
            return;
        media.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var (name, (summary, json)) in examples)
            media.Examples[name] = new OpenApiExample { Summary = summary, Value = JsonNode.Parse(json) };
    }
}
