using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Campaigns;

/// <summary>Turns a reactivation list into a stored campaign: selection, control draw and record, from one snapshot of one run.</summary>
public static class CampaignPlanner
{
    /// <exception cref="ArgumentException">The definition is not valid (<see cref="CampaignDefinition.Validate"/>).</exception>
    /// <exception cref="InvalidOperationException">Nothing is scored, the run asked for is not the current one, or the list is empty.</exception>
    /// <exception cref="CampaignExistsException">The name is taken.</exception>
    public static async Task<(Campaign Campaign, IReadOnlyList<CampaignMember> Members)> CreateAsync(
        ICustomerStore store, CampaignDefinition definition, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(definition);
        var errors = definition.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(definition));

        var query = definition.Query with { Limit = null, Offset = 0 };
        List<Candidate> selected;
        ScoringRun run;
        await using (var selection = await store.SelectCandidatesAsync(query, cancellationToken))
        {
            run = selection.Run ?? throw new InvalidOperationException("Nothing has been scored yet: run cvml score first.");
            if (definition.RunId is { } wanted && !string.Equals(wanted, run.RunId, StringComparison.Ordinal))
                throw new InvalidOperationException(
                    $"Run '{wanted}' is not the current run ('{run.RunId}'): only the current run's customers are kept in the store.");
            selected = await selection.Rows.ToListAsync(cancellationToken);
        }
        if (selected.Count == 0)
            throw new InvalidOperationException("The list selects no customer: loosen the filters or raise the budget.");

        var members = CampaignAssignment.Assign(selected, definition.ControlShare, definition.Seed);
        var control = members.Count(m => m.Group == CampaignGroup.Control);
        var campaign = new Campaign(
            definition.Name.Trim(), clock.GetUtcNow().UtcDateTime, run.RunId, run.ModelVersion, run.AsOf,
            definition.Date ?? run.AsOf, definition.ControlShare, definition.Seed, query.CostPerContact,
            Describe(query), members.Count - control, control);
        await store.CreateCampaignAsync(campaign, members, cancellationToken);
        return (campaign, members);
    }

    /// <summary>The filters that were set, as a JSON object, for the record.</summary>
    static string Describe(CandidateQuery query)
    {
        var set = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Put(string name, object? value)
        {
            if (value is not null) set[name] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        }
        Put("stage", query.Stages is { } stages ? string.Join(",", stages) : null);
        Put("segment", query.Segment);
        Put("minValue", query.MinValue);
        Put("minValueAtStake", query.MinValueAtStake);
        Put("postalCode", query.PostalCode);
        Put("device", query.Device);
        Put("channel", query.Channel);
        Put("budget", query.Budget);
        Put("costPerContact", query.CostPerContact);
        Put("responseRate", query.ResponseRate);
        Put("upliftFrom", query.Uplift?.Campaign);
        return JsonSerializer.Serialize(set);
    }
}
