using CustomerValue.Core.Store;

namespace CustomerValue.Core.Campaigns;

/// <summary>What the marketer asks for: a name, the list (the reactivation list's filters and budget), and the draw.</summary>
public sealed record CampaignDefinition
{
    public required string Name { get; init; }

    /// <summary>The reactivation list's filters and budget; paging is ignored, the whole selection is taken.</summary>
    public CandidateQuery Query { get; init; } = new();

    /// <summary>The run to take the customers from; null for the current run. Only the current run keeps its rows.</summary>
    public string? RunId { get; init; }

    /// <summary>Share of the selection held out as the control group, in (0, 1).</summary>
    public double ControlShare { get; init; } = 0.2;

    public required int Seed { get; init; }

    /// <summary>The day contacts go out; null for the run's as-of date.</summary>
    public DateOnly? Date { get; init; }

    public const int MaxNameLength = 100;

    /// <summary>The problems with this definition, each naming the field; empty when it can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add($"{nameof(Name)} must not be empty.");
        else if (Name.Length > MaxNameLength || Name.Any(char.IsControl) || Name.Contains('/'))
            errors.Add($"{nameof(Name)} must be at most {MaxNameLength} characters, without '/' or control characters.");
        if (!(ControlShare is > 0 and < 1)) errors.Add($"{nameof(ControlShare)} must be between 0 and 1, both excluded.");
        errors.AddRange(Query.Validate());
        return errors;
    }
}
