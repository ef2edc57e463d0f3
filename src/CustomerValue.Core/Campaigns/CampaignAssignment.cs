using CustomerValue.Core.Store;

namespace CustomerValue.Core.Campaigns;

/// <summary>
/// Draws the control group at random within each value-at-stake decile of the ranked selection, so treatment and
/// control hold the same mix of high- and low-stake customers and a decile's uplift compares like with like.
/// </summary>
public static class CampaignAssignment
{
    public const int Deciles = 10;

    /// <summary>
    /// Assigns every candidate, in the order given (rank order: most at stake first). Each decile holds
    /// <paramref name="controlShare"/> × its size controls rounded down or up, so the share is within one customer of
    /// the target in every decile, and the whole list round(share × n); the same seed and list give the same groups.
    /// </summary>
    public static IReadOnlyList<CampaignMember> Assign(IReadOnlyList<Candidate> ranked, double controlShare, int seed)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        if (!(controlShare is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(controlShare), controlShare, "The control share must be between 0 and 1, both excluded.");

        var random = new Random(seed);
        var n = ranked.Count;
        var bounds = Enumerable.Range(0, Deciles + 1).Select(d => (int)((long)n * d / Deciles)).ToArray();
        var controls = new int[Deciles];
        var roundedUp = new List<int>();
        for (var d = 0; d < Deciles; d++)
        {
            var exact = controlShare * (bounds[d + 1] - bounds[d]);
            controls[d] = (int)Math.Floor(exact);
            if (exact > controls[d]) roundedUp.Add(d);
        }
        // The whole list holds round(share × n) controls: the deciles that get the extra one are drawn too, so small
        // lists, whose deciles hold one or two customers, still get a control group.
        var extra = (int)Math.Round(controlShare * n, MidpointRounding.AwayFromZero) - controls.Sum();
        var shuffled = roundedUp.ToArray();
        random.Shuffle(shuffled);
        foreach (var d in shuffled.Take(extra)) controls[d]++;

        var members = new CampaignMember[n];
        for (var d = 0; d < Deciles; d++)
        {
            var order = Enumerable.Range(bounds[d], bounds[d + 1] - bounds[d]).ToArray();
            random.Shuffle(order);
            for (var k = 0; k < order.Length; k++)
            {
                var i = order[k];
                members[i] = new CampaignMember(ranked[i], d + 1, k < controls[d] ? CampaignGroup.Control : CampaignGroup.Treatment);
            }
        }
        return members;
    }
}
