using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Segmentation;
using CustomerValue.Core.Store;

namespace CustomerValue.Api.Customers;

/// <summary>
/// The query string of <c>GET /v1/reactivation-candidates</c>, taken as text so that every bad value is answered with
/// a validation problem naming its parameter.
/// </summary>
/// <remarks>The OpenAPI document shows each with its real type (<see cref="Document"/>), as a client should send it.</remarks>
public sealed record CandidateParameters(
    [property: FromQuery(Name = "limit"), Description("Rows per page (0 to 100000); default 100 for JSON, every candidate for CSV")] string? Limit,
    [property: FromQuery(Name = "offset"), Description("Rows to skip")] string? Offset,
    [property: FromQuery(Name = "minValue"), Description("Only customers whose predicted value is at least this")] string? MinValue,
    [property: FromQuery(Name = "stage"), Description("retention or recovery")] string? Stage,
    [property: FromQuery(Name = "segment"), Description("An RFM segment, e.g. atRisk")] string? Segment,
    [property: FromQuery(Name = "postalCode"), Description("Only customers with this postal code")] string? PostalCode,
    [property: FromQuery(Name = "device"), Description("Only customers with this device")] string? Device,
    [property: FromQuery(Name = "budget"), Description("Total to spend (0 to 1e12); needs costPerContact")] string? Budget,
    [property: FromQuery(Name = "costPerContact"), Description("Cost of contacting one customer (0.0001 to 1e12); only customers whose value at stake exceeds it are candidates")] string? CostPerContact,
    [property: FromQuery(Name = "format"), Description("json (default) or csv; Accept: text/csv works too")] string? Format)
{
    public const int DefaultLimit = 100;

    /// <summary>The query, or the errors keyed by parameter name. Without a limit, CSV exports every candidate.</summary>
    public CandidateQuery? ToQuery(bool csv, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var limit = Integer(Limit, "limit", errors);
        var offset = Integer(Offset, "offset", errors);
        var query = new CandidateQuery
        {
            Limit = limit ?? (csv ? null : DefaultLimit),
            Offset = offset ?? 0,
            MinValue = Number(MinValue, "minValue", errors),
            Stage = ParseStage(Stage, errors),
            Segment = ParseSegment(Segment, errors),
            PostalCode = Text(PostalCode),
            Device = Text(Device),
            Budget = Number(Budget, "budget", errors),
            CostPerContact = Number(CostPerContact, "costPerContact", errors),
        };
        if (errors.Count > 0)
            return null;
        // The Core check names fields in PascalCase at the start of each message; the API speaks camelCase.
        foreach (var problem in query.Validate())
        {
            var field = problem.Split(' ', 2)[0];
            var name = char.ToLowerInvariant(field[0]) + field[1..];
            errors[name] = errors.TryGetValue(name, out var known) ? [.. known, problem] : [problem];
        }
        return errors.Count > 0 ? null : query;
    }

    static int? Integer(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return value;
        errors[name] = [$"'{text}' is not a whole number."];
        return null;
    }

    static double? Number(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        errors[name] = [$"'{text}' is not a number."];
        return null;
    }

    static LifecycleStage? ParseStage(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (Enum.TryParse<LifecycleStage>(text.Trim(), ignoreCase: true, out var stage) && !int.TryParse(text, out _)
            && stage is LifecycleStage.Retention or LifecycleStage.Recovery)
            return stage;
        errors["stage"] = [$"'{text}' is not a reactivation stage: use retention or recovery."];
        return null;
    }

    static string? ParseSegment(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (Enum.TryParse<RfmSegment>(text.Trim(), ignoreCase: true, out var segment) && !int.TryParse(text, out _))
            return segment.ToString();
        errors["segment"] = [$"'{text}' is not an RFM segment: use one of {string.Join(", ", Enum.GetNames<RfmSegment>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}."];
        return null;
    }

    static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// The parameters are bound as text so that a bad value is answered with a validation problem naming it; the document
    /// gives each its type, range and allowed values, so generated clients send numbers as numbers.
    /// </summary>
    public static Task Document(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            parameter.Schema = parameter.Name switch
            {
                "limit" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = CandidateQuery.MaxLimit.ToString(CultureInfo.InvariantCulture) },
                "offset" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Default = JsonValue.Create(0) },
                "minValue" => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" },
                "budget" => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double", Minimum = "0", Maximum = "1000000000000" },
                "costPerContact" => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double", Minimum = "0.0001", Maximum = "1000000000000" },
                "stage" => Enumeration("retention", "recovery"),
                "segment" => Enumeration([.. Enum.GetNames<RfmSegment>().Select(n => char.ToLowerInvariant(n[0]) + n[1..])]),
                "format" => Enumeration("json", "csv"),
                _ => parameter.Schema,
            };
        }
        return Task.CompletedTask;
    }

    static OpenApiSchema Enumeration(params string[] values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };
}
