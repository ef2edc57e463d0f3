using CustomerValue.Core.Campaigns;
using CustomerValue.Core.Monitoring;

namespace CustomerValue.Core.Store;

/// <summary>
/// The scored customers of the current run, and the runs that produced them. Safe to share between threads
/// (each call uses its own connection). A re-score replaces the current run atomically: every read sees either the
/// previous run or the new one, complete, never a mix.
/// </summary>
public interface ICustomerStore : IAsyncDisposable
{
    StoreProvider Provider { get; }

    /// <summary>
    /// Creates the schema, or brings an older one up to date by applying the missing migrations in order.
    /// Safe to call at every start and from several processes at once. Returns the schema version now in place.
    /// </summary>
    Task<int> EnsureSchemaAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a whole run, streaming <paramref name="customers"/> into the database without holding them in memory,
    /// and makes it the current run when every row is in. On failure or cancellation nothing of the run becomes
    /// visible, the run is recorded as <see cref="ScoringRunStatus.Failed"/>, and the exception propagates.
    /// </summary>
    /// <param name="rowsRejected">Read once the customers are exhausted, so a scorer can count rejects as it streams.</param>
    /// <exception cref="InvalidDataException">A customer has an empty id or a value that is not a number or not a probability.</exception>
    Task<ScoringRun> WriteRunAsync(
        ScoringRunStart start,
        IAsyncEnumerable<ScoredCustomer> customers,
        Func<long>? rowsRejected = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes one shard of a sharded run: the run is recorded (<see cref="ScoringRunStatus.Sharding"/>) by whichever
    /// shard comes first, each shard deletes what an earlier attempt of it wrote and inserts its rows in one
    /// transaction that also records the shard complete, and the shard that completes the set publishes the run
    /// exactly as <see cref="WriteRunAsync"/> does. Shards run in parallel, in any order, from any number of processes;
    /// a failed shard is recorded as such, leaves the run unpublished and can be written again alone.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// A customer does not belong to the shard, appears twice, or has a value that is not a number or a probability.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// The run exists with another model, date or shard count, was not sharded, or has been replaced by a later run.
    /// </exception>
    Task<ShardWrite> WriteShardAsync(
        ShardStart start,
        IAsyncEnumerable<ScoredCustomer> customers,
        Func<long>? rowsRejected = null,
        CancellationToken cancellationToken = default);

    /// <summary>The shards the store has heard of for <paramref name="runId"/>, by index; empty for an unsharded or unknown run.</summary>
    Task<IReadOnlyList<ShardState>> GetShardsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The current run; null when nothing has been scored yet.</summary>
    Task<ScoringRun?> GetLatestRunAsync(CancellationToken cancellationToken = default);

    /// <summary>The customer's scores in the current run; null when the id is not in it.</summary>
    Task<ScoredCustomer?> GetCustomerAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>The current run summed up by segment, stage and channel; null when nothing has been scored yet.</summary>
    /// <param name="acquisitionCosts">Cost of acquiring one customer, by channel (ordinal names), for the CLV : CAC ratio.</param>
    Task<SegmentReport?> GetSegmentsAsync(
        IReadOnlyDictionary<string, double>? acquisitionCosts = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The run before the current one, summed up as <see cref="GetSegmentsAsync"/> sums up the current one (from the
    /// totals kept when it was written), so a page can say how the figures moved; null when there is no such run.
    /// </summary>
    Task<SegmentReport?> GetPreviousSegmentsAsync(
        IReadOnlyDictionary<string, double>? acquisitionCosts = null,
        CancellationToken cancellationToken = default);

    /// <summary>Ranks, filters, budgets and pages the reactivation candidates of the current run.</summary>
    /// <exception cref="ArgumentException">The query is not valid (<see cref="CandidateQuery.Validate"/>).</exception>
    Task<CandidateSelection> SelectCandidatesAsync(CandidateQuery query, CancellationToken cancellationToken = default);

    /// <summary>A run by its id, whatever its status; null when the store never recorded it.</summary>
    Task<ScoringRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every scored customer of <paramref name="runId"/>, by customer id. Only the current run and a sharded run still
    /// being scored keep their rows: for any other run the sequence is empty.
    /// </summary>
    IAsyncEnumerable<ScoredCustomer> ReadRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Stores the run's drift against its model's baseline (docs/monitoring.md), replacing any stored before.</summary>
    /// <exception cref="InvalidOperationException">The store never recorded the run.</exception>
    Task SaveDriftAsync(string runId, DriftReport report, CancellationToken cancellationToken = default);

    /// <summary>The run's stored drift; null when none was stored.</summary>
    Task<DriftReport?> GetDriftAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Stores the run's predicted-vs-realised comparison, replacing any stored before.</summary>
    /// <exception cref="InvalidOperationException">The store never recorded the run.</exception>
    Task SaveRealisedAsync(string runId, RealisedReport report, CancellationToken cancellationToken = default);

    /// <summary>The run's stored predicted-vs-realised comparison; null when none was stored.</summary>
    Task<RealisedReport?> GetRealisedAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Records a campaign and every member with its group, all or nothing.</summary>
    /// <exception cref="CampaignExistsException">A campaign of that name is already stored.</exception>
    Task CreateCampaignAsync(Campaign campaign, IReadOnlyList<CampaignMember> members, CancellationToken cancellationToken = default);

    /// <summary>The campaign with its latest result; null when no campaign has that name.</summary>
    Task<Campaign?> GetCampaignAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The campaign's members (treatment and control) in rank order; empty when no campaign has that name.</summary>
    Task<IReadOnlyList<CampaignMember>> GetCampaignMembersAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Keeps <paramref name="result"/> as the campaign's latest evaluation; false when no campaign has that name.</summary>
    Task<bool> SaveCampaignResultAsync(string name, CampaignResult result, DateTime evaluatedUtc, CancellationToken cancellationToken = default);
}
