using System.Globalization;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Segmentation;
using CustomerValue.Core.Store;

namespace CustomerValue.Api.Customers;

/// <summary>
/// The query string of <c>GET /v1/reactivation-candidates</c> (and of the console's list builder, which takes the
/// same parameters), taken as text so that every bad value is answered with a validation problem naming its parameter.
/// </summary>
/// <param name="Stage">Repeated or comma-separated stage names; <c>all</c> for every stage; unset for retention and recovery.</param>
/// <param name="PostalCode">A postal-code prefix.</param>
public sealed record CandidateParameters(
    string? Limit,
    string? Offset,
    string? MinValue,
    string? MinValueAtStake,
    string[]? Stage,
    string? Segment,
    string? PostalCode,
    string? Device,
    string? Channel,
    string? Budget,
    string? CostPerContact,
    string? ResponseRate,
    string? Format)
{
    public const string AllStages = "all";

    public const int DefaultLimit = 100;
    public const double MinimumAmount = 0.0001;
    public const double MaximumAmount = 1e12;

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
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            errors[name] = [$"'{text}' is not a number."];
        // Amounts of money are plain decimals: 1e-308 or 1e300 is a typing slip, and would overflow the list maths.
        else if (value != 0 && (Math.Abs(value) < MinimumAmount || Math.Abs(value) > MaximumAmount))
            errors[name] = [$"'{text}' is out of range: use 0 or a number from {MinimumAmount} to {MaximumAmount:0}."];
        else
            return value;
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
            errors["stage"] = [$"'{name}' is not a lifecycle stage: use {string.Join(", ", Enum.GetNames<LifecycleStage>().Select(n => n.ToLowerInvariant()))} or {AllStages}."];
            return null;
        }
        return stages;
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
