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
/// The query string of <c>GET /v1/reactivation-candidates</c> (and of the console's list builder, which takes the
/// same parameters), taken as text so that every bad value is answered with a validation problem naming its parameter.
/// </summary>
/// <remarks>The OpenAPI document shows each with its real type (<see cref="Document"/>), as a client should send it.</remarks>
public sealed record CandidateParameters(
    [property: FromQuery(Name = "limit"), Description("Rows per page (0 to 100000); default 100 for JSON, every candidate for CSV")] string? Limit,
    [property: FromQuery(Name = "offset"), Description("Rows to skip")] string? Offset,
    [property: FromQuery(Name = "minValue"), Description("Only customers whose predicted value is at least this")] string? MinValue,
    [property: FromQuery(Name = "minValueAtStake"), Description("Only customers whose value at stake (churn probability × predicted value) is at least this")] string? MinValueAtStake,
    [property: FromQuery(Name = "stage"), Description("Lifecycle stages, repeated or comma-separated; all for every stage; default retention and recovery (at-risk and lapsed customers)")] string[]? Stage,
    [property: FromQuery(Name = "segment"), Description("An RFM segment, e.g. atRisk")] string? Segment,
    [property: FromQuery(Name = "postalCode"), Description("Only customers whose postal code starts with this")] string? PostalCode,
    [property: FromQuery(Name = "device"), Description("Only customers with this device")] string? Device,
    [property: FromQuery(Name = "channel"), Description("Only customers acquired through this channel")] string? Channel,
    [property: FromQuery(Name = "budget"), Description("Total to spend (0 to 1e12); needs costPerContact")] string? Budget,
    [property: FromQuery(Name = "costPerContact"), Description("Cost of contacting one customer (0.0001 to 1e12); only customers whose expected saved value (responseRate × value at stake) exceeds it are candidates")] string? CostPerContact,
    [property: FromQuery(Name = "responseRate"), Description("Share of contacted customers the offer keeps, in (0, 1]; default 1")] string? ResponseRate,
    [property: FromQuery(Name = "format"), Description("json (default) or csv; Accept: text/csv works too")] string? Format,
    [property: FromQuery(Name = "upliftFrom"), Description("Opt-in: an evaluated campaign's name; each customer's response rate is then that campaign's measured reactivation uplift in the value-at-stake decile they fall in (responseRate stays the rate of deciles too small to tell), and every row says where its rate comes from")] string? UpliftFrom = null,
    [property: FromQuery(Name = "rankBy"), Description("valueAtStake (default: value at stake, highest first) or churn (churn probability, highest first: for a churn table's run, which values no one)")] string? RankBy = null)
{
    public const int DefaultLimit = 100;
    public const string AllStages = "all";

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
            MinValueAtStake = Number(MinValueAtStake, "minValueAtStake", errors),
            Stages = ParseStages(Stage, errors),
            Segment = ParseSegment(Segment, errors),
            PostalCode = Text(PostalCode),
            Device = Text(Device),
            Channel = Text(Channel),
            Budget = Number(Budget, "budget", errors),
            CostPerContact = Number(CostPerContact, "costPerContact", errors),
            ResponseRate = Number(ResponseRate, "responseRate", errors) ?? 1,
            RankBy = ParseRanking(RankBy, errors),
        };
        if (errors.Count > 0)
            return null;
        // The Core check names fields in PascalCase at the start of each message; the API speaks camelCase.
        foreach (var problem in query.Validate())
        {
            var field = problem.Split(' ', 2)[0];
            var name = field == nameof(CandidateQuery.Stages) ? "stage" : char.ToLowerInvariant(field[0]) + field[1..];
            errors[name] = errors.TryGetValue(name, out var known) ? [.. known, problem] : [problem];
        }
        return errors.Count > 0 ? null : query;
    }

    /// <summary>
    /// <see cref="ToQuery"/>, then, with <see cref="UpliftFrom"/>, the campaign's measured rates read from the store; an
    /// unknown or unevaluated campaign is an error on <c>upliftFrom</c>.
    /// </summary>
    public async Task<(CandidateQuery? Query, Dictionary<string, string[]> Errors)> ToQueryAsync(
        bool csv, ICustomerStore store, CancellationToken cancellationToken = default)
    {
        var query = ToQuery(csv, out var errors);
        if (Text(UpliftFrom) is not { } campaign)
            return (query, errors);
        try
        {
            var uplift = await Core.Campaigns.MeasuredUplift.LoadAsync(store, campaign, query?.ResponseRate ?? 1, cancellationToken);
            return errors.Count > 0 ? (null, errors) : (query! with { Uplift = uplift }, errors);
        }
        catch (ArgumentException e)
        {
            errors["upliftFrom"] = [e.Message];
            return (null, errors);
        }
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

    static IReadOnlyList<LifecycleStage>? ParseStages(string[]? values, Dictionary<string, string[]> errors)
    {
        var names = (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names.Count == 0)
            return null;
        if (names.Any(n => n.Equals(AllStages, StringComparison.OrdinalIgnoreCase)))
            return Enum.GetValues<LifecycleStage>();
        var stages = new List<LifecycleStage>();
        foreach (var name in names)
        {
            if (Enum.TryParse<LifecycleStage>(name, ignoreCase: true, out var stage) && !int.TryParse(name, out _) && Enum.IsDefined(stage))
            {
                if (!stages.Contains(stage)) stages.Add(stage);
                continue;
            }
            errors["stage"] = [$"'{name}' is not a lifecycle stage: use {string.Join(", ", StageNames)} or {AllStages}."];
            return null;
        }
        return stages;
    }

    static IEnumerable<string> StageNames => Enum.GetNames<LifecycleStage>().Select(n => n.ToLowerInvariant());

    static string? ParseSegment(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (Enum.TryParse<RfmSegment>(text.Trim(), ignoreCase: true, out var segment) && !int.TryParse(text, out _))
            return segment.ToString();
        errors["segment"] = [$"'{text}' is not an RFM segment: use one of {string.Join(", ", Enum.GetNames<RfmSegment>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}."];
        return null;
    }

    static CandidateRanking ParseRanking(string? text, Dictionary<string, string[]> errors)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "valueatstake":
                return CandidateRanking.ValueAtStake;
            case "churn":
                return CandidateRanking.ChurnProbability;
            default:
                errors["rankBy"] = [$"'{text}' is not a ranking: use valueAtStake or churn."];
                return CandidateRanking.ValueAtStake;
        }
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
                "minValueAtStake" => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double", Minimum = "0" },
                "responseRate" => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double", Minimum = "0", ExclusiveMinimum = "true", Maximum = "1", Default = JsonValue.Create(1) },
                "budget" => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double", Minimum = "0", Maximum = "1000000000000" },
                "costPerContact" => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double", Minimum = "0.0001", Maximum = "1000000000000" },
                "stage" => new OpenApiSchema { Type = JsonSchemaType.Array, Items = Enumeration([.. StageNames, AllStages]) },
                "segment" => Enumeration([.. Enum.GetNames<RfmSegment>().Select(n => char.ToLowerInvariant(n[0]) + n[1..])]),
                "format" => Enumeration("json", "csv"),
                "rankBy" => Enumeration("valueAtStake", "churn"),
                _ => parameter.Schema,
            };
        }
        return Task.CompletedTask;
    }

    static OpenApiSchema Enumeration(params string[] values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };
}
