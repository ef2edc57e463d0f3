using CustomerValue.Core.Store;

namespace CustomerValue.Core.Campaigns;

/// <summary>The list for the sending tool: the treatment group only, as the reactivation list's CSV.</summary>
public static class CampaignExport
{
    /// <summary>Writes the contacted customers in rank order; control customers are never written. Returns how many.</summary>
    public static Task<long> WriteTreatmentAsync(Stream stream, IEnumerable<CampaignMember> members, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        var treatment = members
            .Where(m => m.Group == CampaignGroup.Treatment)
            .Select(m => m.Candidate)
            .OrderBy(c => c.Rank)
            .ToAsyncEnumerable();
        return CandidateCsvWriter.WriteAsync(stream, treatment, cancellationToken);
    }
}
