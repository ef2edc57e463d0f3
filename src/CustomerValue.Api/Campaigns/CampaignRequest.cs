using System.Globalization;
using CustomerValue.Api.Customers;
using CustomerValue.Core.Campaigns;

namespace CustomerValue.Api.Campaigns;

/// <summary>
/// The body of <c>POST /v1/campaigns</c>: a name, the reactivation list's filters (as its query string takes them),
/// and the control draw.
/// </summary>
public sealed record CampaignRequest(
    string? Name,
    string? RunId,
    string? Stage,
    string? Segment,
    double? MinValue,
    string? PostalCode,
    string? Device,
    double? Budget,
    double? CostPerContact,
    double? ControlShare,
    int? Seed,
    DateOnly? Date)
{
    /// <summary>The definition, or the errors keyed by JSON field name.</summary>
    public CampaignDefinition? ToDefinition(out Dictionary<string, string[]> errors)
    {
        // The filters go through the list's own parsing, so a campaign selects exactly what the list shows.
        var list = new CandidateParameters(null, null, Text(MinValue), Stage, Segment, PostalCode, Device, Text(Budget),
            Text(CostPerContact), null);
        var query = list.ToQuery(csv: true, out errors);
        if (Seed is null) errors["seed"] = ["A campaign needs a seed, so its control group can be drawn again."];

        // Checked even when a filter is wrong, so one answer names every bad field; a wrong filter is named once.
        var definition = new CampaignDefinition
        {
            Name = Name ?? "",
            RunId = string.IsNullOrWhiteSpace(RunId) ? null : RunId,
            Query = query ?? new(),
            ControlShare = ControlShare ?? 0.2,
            Seed = Seed ?? 0,
            Date = Date,
        };
        foreach (var problem in definition.Validate())
        {
            var field = problem.Split(' ', 2)[0];
            var name = char.ToLowerInvariant(field[0]) + field[1..];
            errors[name] = errors.TryGetValue(name, out var known) ? [.. known, problem] : [problem];
        }
        return errors.Count > 0 ? null : definition;
    }

    static string? Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A stored campaign: where its customers came from, how they were split, and when it was last evaluated.</summary>
public sealed record CampaignResponse(
    string Name,
    DateTime CreatedUtc,
    string RunId,
    string ModelVersion,
    DateOnly AsOf,
    DateOnly Date,
    double ControlShare,
    int Seed,
    double? CostPerContact,
    long Treatment,
    long Control,
    DateTime? EvaluatedUtc);

public static class CampaignMapping
{
    public static CampaignResponse ToResponse(this Campaign c) =>
        new(c.Name, c.CreatedUtc, c.RunId, c.ModelVersion, c.AsOf, c.Date, c.ControlShare, c.Seed, c.CostPerContact,
            c.Treatment, c.Control, c.EvaluatedUtc);
}
