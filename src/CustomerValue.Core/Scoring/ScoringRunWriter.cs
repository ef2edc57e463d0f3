using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Scoring;

/// <summary>How a whole customer base is scored.</summary>
public sealed record BaseScoringOptions
{
    /// <summary>
    /// Stages whose customers get <see cref="ScoredCustomer.TopReasons"/>. Reasons need the CLV model's feature
    /// contributions, the slowest part of scoring; the reactivation list (Retention and Recovery) is where they are
    /// read. Null explains everyone.
    /// </summary>
    public IReadOnlySet<LifecycleStage>? ExplainStages { get; init; } = DefaultExplainStages;

    public static IReadOnlySet<LifecycleStage> DefaultExplainStages { get; } =
        new HashSet<LifecycleStage> { LifecycleStage.Retention, LifecycleStage.Recovery };

    /// <summary>Customers per unit of parallel work; also the granularity of back-pressure from the store.</summary>
    /// <remarks>
    /// Rows in flight (the queue holds two chunks per worker) outlive young-generation collections and are collected late,
    /// with their reasons: on the 1M base into SQLite, 1,024 peaked at 1,032 / 1,039 MB and 256 at 925 / 933 MB in the
    /// same wall time (27.0 / 22.1 against 23.3 / 22.4 s, alternating); 128 gave no more (908 / 951 MB).
    /// </remarks>
    public int ChunkSize { get; init; } = 256;

    /// <summary>Scoring threads; defaults to the processor count.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>A progress report every this many customers written.</summary>
    public int ProgressInterval { get; init; } = 100_000;
}

public enum ScoringStage
{
    LoadingModel,
    BuildingFeatures,
    Scoring,
    /// <summary>Every customer is scored; the store may still be writing the last rows.</summary>
    Scored,
    Completed,
}

/// <param name="CustomersDone">Customers scored and handed to the store so far.</param>
/// <param name="CustomersTotal">Customers in the base; 0 before the features are built.</param>
public sealed record ScoringProgress(ScoringStage Stage, string Description, long CustomersDone, long CustomersTotal);

/// <summary>
/// Scores every customer of a <see cref="CustomerBase"/> (or a built <see cref="FeatureSet"/>) with
/// <see cref="CustomerScorer"/> and streams the rows into the store as one run. A base's rows are built by the scoring
/// workers, chunk by chunk, so the feature table never exists whole. Chunks of customers are scored in parallel (each prediction rents an engine from the bundle's
/// pools) while one consumer feeds the store's bulk write; a bounded queue between them keeps memory to a few chunks,
/// never the whole run.
/// </summary>
public sealed class ScoringRunWriter(CustomerScorer scorer, BaseScoringOptions? options = null)
{
    readonly BaseScoringOptions _options = options ?? new BaseScoringOptions();

    /// <summary>Writes the run; on failure or cancellation the store keeps the previous run and the exception propagates.</summary>
    /// <param name="drift">Counts every customer scored into the bins of the bundle's drift baseline; null counts nothing.</param>
    /// <param name="runId">The new run's id; null for a new time-ordered one.</param>
    /// <param name="nextOrders">Sees every row written, so the outlook needs no second read of the run; null sees none.</param>
    public Task<ScoringRun> WriteAsync(
        ModelLease<ModelBundle> model,
        FeatureSet features,
        ICustomerStore store,
        long rowsRejected = 0,
        IProgress<ScoringProgress>? progress = null,
        CancellationToken cancellationToken = default,
        DriftTally? drift = null,
        string? runId = null,
        NextOrderTally? nextOrders = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        return WriteAsync(model, features.Rows, features.Cutoff, store, rowsRejected, progress, drift, runId, nextOrders, cancellationToken);
    }

    /// <summary>
    /// As <see cref="WriteAsync(ModelLease{ModelBundle}, FeatureSet, ICustomerStore, long, IProgress{ScoringProgress}?, CancellationToken, DriftTally?, string?, NextOrderTally?)"/>
    /// for a base whose rows are built as they are scored: the rows in flight are all that is held, never the whole table.
    /// </summary>
    public Task<ScoringRun> WriteAsync(
        ModelLease<ModelBundle> model,
        CustomerBase customers,
        ICustomerStore store,
        long rowsRejected = 0,
        IProgress<ScoringProgress>? progress = null,
        CancellationToken cancellationToken = default,
        DriftTally? drift = null,
        string? runId = null,
        NextOrderTally? nextOrders = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return WriteAsync(model, customers, customers.Cutoff, store, rowsRejected, progress, drift, runId, nextOrders, cancellationToken);
    }

    async Task<ScoringRun> WriteAsync(
        ModelLease<ModelBundle> model, IReadOnlyList<CustomerExample> rows, DateOnly cutoff, ICustomerStore store, long rowsRejected,
        IProgress<ScoringProgress>? progress, DriftTally? drift, string? runId, NextOrderTally? nextOrders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(store);
        var run = await ScoreIntoAsync(model, rows, cutoff, rows => store.WriteRunAsync(
            new ScoringRunStart(model.Info.Version, cutoff) { RunId = runId }, rows, () => rowsRejected, cancellationToken), progress, drift, nextOrders, cancellationToken);
        progress?.Report(new ScoringProgress(ScoringStage.Completed,
            string.Create(CultureInfo.InvariantCulture, $"run {run.RunId}: {run.CustomersScored:N0} customers written in {run.Seconds:0.0} s"),
            run.CustomersScored, rows.Count));
        return run;
    }

    /// <summary>
    /// Writes <paramref name="features"/>, the customers of one shard (<see cref="ScoringSources.Shard"/>), as that
    /// shard of run <paramref name="runId"/>; the store publishes the run when its last shard is in. On failure the
    /// shard is recorded as failed, the run stays unpublished, and the exception propagates.
    /// </summary>
    public Task<ShardWrite> WriteShardAsync(
        ModelLease<ModelBundle> model,
        FeatureSet features,
        ICustomerStore store,
        string runId,
        Shard shard,
        long rowsRejected = 0,
        IProgress<ScoringProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        return WriteShardAsync(model, features.Rows, features.Cutoff, store, runId, shard, rowsRejected, progress, cancellationToken);
    }

    /// <summary>As the <see cref="FeatureSet"/> overload, for a base whose rows are built as they are scored.</summary>
    public Task<ShardWrite> WriteShardAsync(
        ModelLease<ModelBundle> model,
        CustomerBase customers,
        ICustomerStore store,
        string runId,
        Shard shard,
        long rowsRejected = 0,
        IProgress<ScoringProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return WriteShardAsync(model, customers, customers.Cutoff, store, runId, shard, rowsRejected, progress, cancellationToken);
    }

    async Task<ShardWrite> WriteShardAsync(
        ModelLease<ModelBundle> model, IReadOnlyList<CustomerExample> rows, DateOnly cutoff, ICustomerStore store, string runId, Shard shard,
        long rowsRejected, IProgress<ScoringProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(store);
        var write = await ScoreIntoAsync(model, rows, cutoff, rows => store.WriteShardAsync(
            new ShardStart(runId, model.Info.Version, cutoff, shard), rows, () => rowsRejected, cancellationToken), progress, null, null, cancellationToken);
        progress?.Report(new ScoringProgress(ScoringStage.Completed,
            string.Create(CultureInfo.InvariantCulture,
                $"run {write.Run.RunId} shard {shard}: {write.Shard.CustomersScored:N0} customers written in {write.Shard.Seconds:0.0} s; {write.ShardsCompleted} of {shard.Count} shards complete"),
            write.Shard.CustomersScored, rows.Count));
        return write;
    }

    /// <summary>Scores the customers in parallel while <paramref name="write"/> streams them into the store.</summary>
    async Task<T> ScoreIntoAsync<T>(
        ModelLease<ModelBundle> model,
        IReadOnlyList<CustomerExample> rows,
        DateOnly cutoff,
        Func<IAsyncEnumerable<ScoredCustomer>, Task<T>> write,
        IProgress<ScoringProgress>? progress,
        DriftTally? drift,
        NextOrderTally? nextOrders,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ChunkSize, 1, nameof(BaseScoringOptions.ChunkSize));
        var workers = Math.Max(1, _options.MaxDegreeOfParallelism ?? Environment.ProcessorCount);
        var total = rows.Count;
        progress?.Report(new ScoringProgress(ScoringStage.Scoring, string.Create(CultureInfo.InvariantCulture, $"scoring {total:N0} customers as of {cutoff:yyyy-MM-dd} on {workers} threads"), 0, total));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<ScoredChunk>(new BoundedChannelOptions(workers * 2) { SingleReader = true });
        var producer = Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            if (await ProduceAsync(model, rows, queue.Writer, workers, drift, stop.Token))
                progress?.Report(new ScoringProgress(ScoringStage.Scored,
                    string.Create(CultureInfo.InvariantCulture, $"all {total:N0} customers scored in {clock.Elapsed.TotalSeconds:0.0} s"), total, total));
        }, CancellationToken.None);
        try
        {
            var result = await write(Drain(queue.Reader, total, progress, nextOrders, stop.Token));
            await producer;
            return result;
        }
        finally
        {
            // A failed write leaves the producer blocked on a full queue; stop it before leaving.
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>True when every chunk was scored and queued.</summary>
    async Task<bool> ProduceAsync(
        ModelLease<ModelBundle> model, IReadOnlyList<CustomerExample> rows, ChannelWriter<ScoredChunk> writer,
        int workers, DriftTally? drift, CancellationToken cancellationToken)
    {
        try
        {
            var chunks = Enumerable.Range(0, (rows.Count + _options.ChunkSize - 1) / _options.ChunkSize);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(chunks, parallel, async (chunk, token) =>
            {
                var start = chunk * _options.ChunkSize;
                var scored = new ScoredCustomer[Math.Min(_options.ChunkSize, rows.Count - start)];
                // A tally per chunk, merged once: the workers never contend over the counts.
                var tally = drift is null ? null : new DriftTally(drift.Binner);
                for (var i = 0; i < scored.Length; i++)
                {
                    var row = rows[start + i];
                    var customer = scorer.ScoreForStore(model.Bundle, row.Features, _options.ExplainStages, row.OrderHistory ?? []);
                    tally?.Add(row.Features, new PredictedValues(customer.PredictedValue, customer.ChurnProbability, customer.ExpectedOrders));
                    scored[i] = customer;
                }
                if (tally is not null)
                {
                    lock (drift!)
                        drift.Merge(tally);
                }
                await writer.WriteAsync(new ScoredChunk(chunk, scored), token);
            });
            writer.Complete();
            return true;
        }
        catch (Exception e)
        {
            writer.Complete(e);
            return false;
        }
    }

    /// <summary>
    /// The scored rows in the order of the base (by customer id), whatever order the workers finish their chunks in:
    /// the store then appends to its key instead of inserting between rows, and can total the run as it goes.
    /// </summary>
    /// <remarks>
    /// A chunk that arrives before its turn waits here, so the queue keeps moving; the workers take chunks in order,
    /// so only the chunks scored while an earlier one was still being scored wait.
    /// </remarks>
    async IAsyncEnumerable<ScoredCustomer> Drain(
        ChannelReader<ScoredChunk> reader, long total, IProgress<ScoringProgress>? progress, NextOrderTally? nextOrders,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long done = 0;
        long nextReport = _options.ProgressInterval;
        var early = new Dictionary<int, ScoredCustomer[]>();
        var turn = 0;
        await foreach (var arrived in reader.ReadAllAsync(cancellationToken))
        {
            if (arrived.Index != turn)
            {
                early.Add(arrived.Index, arrived.Rows);
                continue;
            }
            for (ScoredCustomer[]? rows = arrived.Rows; rows is not null; early.Remove(++turn, out rows))
            {
                foreach (var customer in rows)
                {
                    nextOrders?.Add(customer);
                    yield return customer;
                }
                done += rows.Length;
            }
            if (progress is not null && done >= nextReport && done < total)
            {
                nextReport = (done / _options.ProgressInterval + 1) * _options.ProgressInterval;
                var rate = done / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
                progress.Report(new ScoringProgress(ScoringStage.Scoring,
                    string.Create(CultureInfo.InvariantCulture, $"{done:N0} / {total:N0} customers scored ({rate:N0}/s)"), done, total));
            }
        }
    }
}

/// <param name="Index">The chunk's place in the base: chunk k holds rows k × chunk size onwards.</param>
readonly record struct ScoredChunk(int Index, ScoredCustomer[] Rows);
