using System.Globalization;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Segmentation;
using CustomerValue.Core.Store;

namespace CustomerValue.Api.Customers;

/// <summary>
/// The query string of <c>GET /v1/reactivation-candidates</c>, taken as text so that every bad value is answered with
/// a validation problem naming its parameter.
/// </summary>
public sealed record CandidateParameters(
    string? Limit,
    string? Offset,
    string? MinValue,
    string? Stage,
    string? Segment,
    string? PostalCode,
    string? Device,
    string? Budget,
    string? CostPerContact,
    string? Format)
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
}
