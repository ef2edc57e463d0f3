using System.Globalization;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Campaigns;

/// <summary>
/// One value-at-stake decile of an evaluated campaign: the least value at stake among its members, and the response
/// rate a list takes from it. <paramref name="Measured"/> is false when the decile was too small to tell; its rate is
/// then the list's configured one.
/// </summary>
/// <param name="Decile">1 for the tenth of the campaign's list with the most at stake, 10 for the least.</param>
/// <param name="Uplift">The measured reactivation uplift (treatment rate − control rate), as evaluated.</param>
public sealed record DecileRate(int Decile, double MinValueAtStake, double Rate, bool Measured, double Uplift);

/// <summary>
/// A response rate by value at stake from an evaluated campaign, for the reactivation list's expected return in place
/// of the configured rate (opt-in): a customer falls in the campaign decile whose members had as much at stake (the
/// first decile whose least value at stake they reach; below them all, the last decile), and the rate is that decile's
/// measured reactivation uplift, floored at 0 (a contact that did not raise reactivation is expected to save nothing)
/// and capped at 1. A decile the evaluation found too small to tell keeps the configured rate.
/// </summary>
public sealed record MeasuredUplift(string Campaign, DateTime EvaluatedUtc, IReadOnlyList<DecileRate> Deciles)
{
    /// <summary>The rate from the campaign's stored result and members.</summary>
    /// <param name="configuredRate">The rate for deciles too small to tell.</param>
    /// <exception cref="ArgumentException">No campaign of that name, or it has not been evaluated.</exception>
    public static async Task<MeasuredUplift> LoadAsync(ICustomerStore store, string campaign, double configuredRate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(campaign);
        var stored = await store.GetCampaignAsync(campaign.Trim(), cancellationToken)
            ?? throw new ArgumentException($"No campaign named '{campaign}' in the store.");
        if (stored.Result is not { } result || stored.EvaluatedUtc is not { } evaluated)
            throw new ArgumentException($"Campaign '{stored.Name}' has not been evaluated yet: run cvml campaign evaluate first.");
        var members = await store.GetCampaignMembersAsync(stored.Name, cancellationToken);
        return From(stored.Name, evaluated, result, members, configuredRate);
    }

    public static MeasuredUplift From(string campaign, DateTime evaluatedUtc, CampaignResult result, IReadOnlyList<CampaignMember> members, double configuredRate)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(members);
        var byDecile = result.ByDecile.Where(d => d.Decile is not null).ToDictionary(d => d.Decile!.Value);
        var deciles = members.GroupBy(m => m.Decile).OrderBy(g => g.Key)
            .Where(g => byDecile.ContainsKey(g.Key))
            .Select(g =>
            {
                var comparison = byDecile[g.Key];
                var uplift = comparison.ReactivationUplift.Value;
                return new DecileRate(g.Key, g.Min(m => m.Candidate.ValueAtStake),
                    comparison.TooSmallToTell ? configuredRate : Math.Clamp(uplift, 0, 1), !comparison.TooSmallToTell, uplift);
            })
            .ToList();
        if (deciles.Count == 0)
            throw new ArgumentException($"Campaign '{campaign}' has no decile results to take a rate from.");
        return new MeasuredUplift(campaign, evaluatedUtc, deciles);
    }

    /// <summary>The decile a customer with this much at stake falls in.</summary>
    public DecileRate DecileFor(double valueAtStake)
    {
        foreach (var decile in Deciles)
        {
            if (valueAtStake >= decile.MinValueAtStake)
                return decile;
        }
        return Deciles[^1];
    }

    /// <summary>Where the rate of a customer with this much at stake comes from, in words.</summary>
    public string SourceFor(double valueAtStake)
    {
        var decile = DecileFor(valueAtStake);
        return decile.Measured
            ? string.Create(CultureInfo.InvariantCulture, $"campaign {Campaign}'s measured uplift, decile {decile.Decile}")
            : string.Create(CultureInfo.InvariantCulture, $"configured (campaign {Campaign}'s decile {decile.Decile} too small to tell)");
    }

    /// <summary>The problems with the table, each naming the field; empty when it can be used.</summary>
    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Deciles.Count == 0)
            errors.Add("Uplift has no deciles.");
        for (var i = 0; i < Deciles.Count; i++)
        {
            var d = Deciles[i];
            if (!(d.Rate is >= 0 and <= 1))
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Uplift rate of decile {d.Decile} must be in [0, 1]."));
            if (!double.IsFinite(d.MinValueAtStake) || (i > 0 && d.MinValueAtStake > Deciles[i - 1].MinValueAtStake))
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Uplift deciles must run from the most at stake to the least (decile {d.Decile})."));
        }
        return errors;
    }
}
