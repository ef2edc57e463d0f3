namespace CustomerValue.Core.Campaigns;

/// <summary>
/// A reactivation list turned into an experiment: the run its customers were selected from, the date contacts go
/// out, and how the control group was drawn. <see cref="Result"/> is the latest evaluation, null until one is made.
/// </summary>
/// <param name="Date">Contacts go out on this date; only orders after it count as a response.</param>
/// <param name="Filters">The list filters it was selected with, as given (for the record, not re-run).</param>
/// <param name="CostPerContact">What one contact costs; null when not given, and then no return is computed.</param>
public sealed record Campaign(
    string Name,
    DateTime CreatedUtc,
    string RunId,
    string ModelVersion,
    DateOnly AsOf,
    DateOnly Date,
    double ControlShare,
    int Seed,
    double? CostPerContact,
    string Filters,
    long Treatment,
    long Control,
    DateTime? EvaluatedUtc = null,
    CampaignResult? Result = null);

/// <summary>A campaign of that name is already stored: names identify campaigns and results are kept by name.</summary>
public sealed class CampaignExistsException(string name, Exception? inner = null)
    : InvalidOperationException($"A campaign named '{name}' already exists: choose another name.", inner)
{
    public string Name { get; } = name;
}
