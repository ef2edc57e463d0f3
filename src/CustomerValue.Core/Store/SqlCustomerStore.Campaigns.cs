using System.Data.Common;
using System.Text.Json;
using CustomerValue.Core.Campaigns;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Store;

/// <summary>Campaigns: kept apart from the runs, so a re-score that replaces the run leaves every campaign's frozen members in place.</summary>
internal abstract partial class SqlCustomerStore
{
    const string CampaignColumns =
        "name, created_utc, run_id, model_version, as_of, campaign_date, control_share, seed, cost_per_contact, filters, " +
        "treatment_count, control_count, evaluated_utc, result";

    const string MemberColumns =
        "customer_id, assigned_group, decile, rank, stage, rfm_segment, days_since_last_order, predicted_value, " +
        "churn_probability, value_at_stake, reason, offer, offer_max_spend, expected_return, value_drivers";

    static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web);

    public async Task CreateCampaignAsync(Campaign campaign, IReadOnlyList<CampaignMember> members, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(members);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var exists = Command(connection, transaction, "SELECT COUNT(*) FROM campaign WHERE name = @name"))
        {
            Add(exists, "name", campaign.Name);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken)) > 0)
                throw new CampaignExistsException(campaign.Name);
        }
        await using (var insert = Command(connection, transaction,
            $"INSERT INTO campaign ({CampaignColumns}) VALUES (@name, @created, @run, @model, @asOf, @date, @share, @seed, " +
            "@cost, @filters, @treatment, @control, NULL, NULL)"))
        {
            Add(insert, "name", campaign.Name);
            Add(insert, "created", UtcValue(campaign.CreatedUtc));
            Add(insert, "run", campaign.RunId);
            Add(insert, "model", campaign.ModelVersion);
            Add(insert, "asOf", DateValue(campaign.AsOf));
            Add(insert, "date", DateValue(campaign.Date));
            Add(insert, "share", campaign.ControlShare);
            Add(insert, "seed", campaign.Seed);
            Add(insert, "cost", campaign.CostPerContact);
            Add(insert, "filters", campaign.Filters);
            Add(insert, "treatment", campaign.Treatment);
            Add(insert, "control", campaign.Control);
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException e)
            {
                // Another process may have created it between the check and the insert.
                if (await NameTakenAsync(campaign.Name)) throw new CampaignExistsException(campaign.Name, e);
                throw;
            }
        }

        await using var row = Command(connection, transaction,
            $"INSERT INTO campaign_member (campaign_name, {MemberColumns}) VALUES (@campaign, @customer, @group, @decile, " +
            "@rank, @stage, @segment, @days, @value, @churn, @stake, @reason, @offer, @maxSpend, @return, @drivers)");
        row.CommandTimeout = 0;
        Add(row, "campaign", campaign.Name);
        var p = new[] { "customer", "group", "decile", "rank", "stage", "segment", "days", "value", "churn", "stake", "reason", "offer", "maxSpend", "return", "drivers" }
            .Select(n => Add(row, n, null))
            .ToArray();
        foreach (var m in members)
        {
            var c = m.Candidate;
            p[0].Value = c.CustomerId;
            p[1].Value = m.Group.ToString();
            p[2].Value = m.Decile;
            p[3].Value = c.Rank;
            p[4].Value = StageNames[(int)c.Stage];
            p[5].Value = c.Segment;
            p[6].Value = (object?)c.DaysSinceLastOrder ?? DBNull.Value;
            p[7].Value = c.PredictedValue;
            p[8].Value = c.ChurnProbability;
            p[9].Value = c.ValueAtStake;
            p[10].Value = c.Reason;
            p[11].Value = c.Offer;
            p[12].Value = c.OfferMaxSpend;
            p[13].Value = c.ExpectedReturn;
            p[14].Value = c.ValueDrivers;
            await row.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    async Task<bool> NameTakenAsync(string name)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var command = Command(connection, null, "SELECT COUNT(*) FROM campaign WHERE name = @name");
        Add(command, "name", name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(CancellationToken.None)) > 0;
    }

    public async Task<Campaign?> GetCampaignAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {CampaignColumns} FROM campaign WHERE name = @name");
        Add(command, "name", name);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken)) return null;
        return new Campaign(
            r.GetString(0), ReadUtc(r, 1), r.GetString(2), r.GetString(3), ReadDate(r, 4), ReadDate(r, 5), r.GetDouble(6),
            r.GetInt32(7), r.IsDBNull(8) ? null : r.GetDouble(8), r.GetString(9), r.GetInt64(10), r.GetInt64(11),
            r.IsDBNull(12) ? null : ReadUtc(r, 12),
            r.IsDBNull(13) ? null : JsonSerializer.Deserialize<CampaignResult>(r.GetString(13), ResultJson));
    }

    public async Task<IReadOnlyList<CampaignMember>> GetCampaignMembersAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {MemberColumns} FROM campaign_member WHERE campaign_name = @name ORDER BY rank");
        Add(command, "name", name);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var members = new List<CampaignMember>();
        while (await r.ReadAsync(cancellationToken))
        {
            var candidate = new Candidate(
                Rank: r.GetInt64(3),
                CustomerId: r.GetString(0),
                Stage: Enum.Parse<LifecycleStage>(r.GetString(4)),
                Segment: r.GetString(5),
                DaysSinceLastOrder: r.IsDBNull(6) ? null : r.GetInt32(6),
                PredictedValue: r.GetDouble(7),
                ChurnProbability: r.GetDouble(8),
                ValueAtStake: r.GetDouble(9),
                Reason: r.GetString(10),
                Offer: r.GetString(11),
                OfferMaxSpend: r.GetDouble(12),
                ExpectedReturn: r.GetDouble(13),
                ValueDrivers: r.IsDBNull(14) ? "" : r.GetString(14));
            members.Add(new CampaignMember(candidate, r.GetInt32(2), Enum.Parse<CampaignGroup>(r.GetString(1))));
        }
        return members;
    }

    public async Task<bool> SaveCampaignResultAsync(string name, CampaignResult result, DateTime evaluatedUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(result);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "UPDATE campaign SET evaluated_utc = @evaluated, result = @result WHERE name = @name");
        Add(command, "evaluated", UtcValue(Microseconds(evaluatedUtc)));
        Add(command, "result", JsonSerializer.Serialize(result, ResultJson));
        Add(command, "name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
