using CustomerValue.Core.Store;

namespace CustomerValue.Core.Campaigns;

/// <summary>Who is contacted and who is held out to measure what contacting changes.</summary>
public enum CampaignGroup
{
    Treatment,
    Control,
}

/// <summary>
/// One selected customer frozen with the scores they had when the campaign was created.
/// <paramref name="Decile"/> is 1 for the tenth of the selection with the most value at stake, 10 for the least.
/// </summary>
public sealed record CampaignMember(Candidate Candidate, int Decile, CampaignGroup Group);
