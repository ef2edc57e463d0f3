using System.Diagnostics;
using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Scoring;

/// <summary>Where the customer base to score comes from.</summary>
public sealed record ScoringSources
{
    /// <summary>Transactions file; may come from <see cref="SourceSpecPath"/>'s spec instead.</summary>
    public string? TransactionsPath { get; init; }
    public string? CustomersPath { get; init; }
    public string? SourceSpecPath { get; init; }
    public string? CustomersSourceSpecPath { get; init; }

    /// <summary>With a <c>postgres:</c> transactions source: the query whose rows are the transactions (wins over the spec's).</summary>
    public string? TransactionsQuery { get; init; }

    /// <summary>With a <c>postgres:</c> customers source: the query whose rows are the customers.</summary>
    public string? CustomersQuery { get; init; }

    /// <summary>Features as of the end of this day; null for the last date in the transactions.</summary>
    public DateOnly? AsOf { get; init; }
    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Fail;

    /// <summary>Where "today" comes from: rows dated after it are rejected as future dates.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Only the customers of this shard get a row; null for all. The whole input is still read and checked (bad rows
    /// and the default as-of date are those of all of it), so every shard agrees on them.
    /// </summary>
    public Shard? Shard { get; init; }
}

/// <summary>The customer base read from its sources: a feature row per customer as of one date.</summary>
public sealed class ScoringInput
{
    readonly Lazy<FeatureSet> _features;

    ScoringInput(CustomerBase customers, LoadReport? transactions, LoadReport? customerReport, TimeSpan customersTime, TimeSpan featuresTime)
    {
        Customers = customers;
        _features = new Lazy<FeatureSet>(customers.ToFeatureSet);
        TransactionReport = transactions;
        CustomerReport = customerReport;
        CustomersLoadTime = customersTime;
        FeaturesBuildTime = featuresTime;
    }

    /// <summary>The customers to score, each row built when it is read: what scoring a large base should iterate.</summary>
    public CustomerBase Customers { get; }

    /// <summary>Every row of <see cref="Customers"/> built and held, on first use: for callers that need the whole table.</summary>
    public FeatureSet Features => _features.Value;

    public DateOnly AsOf => Customers.Cutoff;

    /// <summary>The transactions read; null for a churn table scored alone (<see cref="Load"/> without transactions).</summary>
    public LoadReport? TransactionReport { get; }
    public LoadReport? CustomerReport { get; }

    /// <summary>Wall time spent reading the customers file (zero without one), alongside the transactions.</summary>
    public TimeSpan CustomersLoadTime { get; }

    /// <summary>Wall time from the start of reading to the customer base known: the transactions pass, with the customers alongside.</summary>
    public TimeSpan FeaturesBuildTime { get; }

    /// <summary>Rows rejected under <see cref="BadRowPolicy.Skip"/>, both files together.</summary>
    public long RowsRejected => (TransactionReport?.RowsRejected ?? 0) + (CustomerReport?.RowsRejected ?? 0);

    /// <summary>
    /// Loads the profiles while building the features in one streaming pass over the transactions, with the options
    /// the model was trained with. Transactions are never held in memory
    /// (a few batches at most: parsing runs ahead of the ledgers on a second thread).
    /// </summary>
    /// <remarks>
    /// A customers file without transactions is a churn table, scored for a bundle trained on one (contract data): every
    /// customer's row as of <see cref="ScoringSources.AsOf"/>, or today, from the profile alone.
    /// </remarks>
    /// <exception cref="ArgumentException">No transactions file is named, and no customers file for a churn table's bundle.</exception>
    /// <exception cref="DataLoadException">A bad row under <see cref="BadRowPolicy.Fail"/>.</exception>
    /// <exception cref="InvalidDataException">No transactions were loaded.</exception>
    /// <exception cref="ArgumentException">The as-of date is in the future, or before 1900.</exception>
    /// <exception cref="InvalidDataException">
    /// No as-of date was given and the last rows sit more than the model's horizon past the rest (<see cref="DateOutliers"/>):
    /// the default, the last date, would be taken from them.
    /// </exception>
    /// <param name="churnTable">The bundle was trained on a churn table alone (<see cref="Models.Bundles.ModelCard.IsContract"/>): a customers file may then come without transactions.</param>
    public static ScoringInput Load(ScoringSources sources, FeatureOptions featureOptions, bool churnTable = false)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(featureOptions);
        var loadOptions = new LoadOptions { OnBadRow = sources.OnBadRow, AsOf = sources.AsOf, Clock = sources.Clock };
        // A day that has not begun anywhere has no customers to describe yet (a typed 2062 for 2026 aged every one of them).
        if (loadOptions.AsOfProblem() is { } notADay)
            throw new ArgumentException($"--as-of: {notADay}");
        var spec = sources.SourceSpecPath is { } specPath ? SourceSpec.Load(specPath) : null;
        var customersSpec = sources.CustomersSourceSpecPath is { } customersSpecPath ? SourceSpec.Load(customersSpecPath, FileKind.Customers) : null;
        spec = SourceSpec.WithQuery(spec, FileKind.Transactions, sources.TransactionsQuery);
        customersSpec = SourceSpec.WithQuery(customersSpec, FileKind.Customers, sources.CustomersQuery);
        var customersPath = sources.CustomersPath ?? customersSpec?.ResolvePath();
        var transactionsPath = sources.TransactionsPath ?? spec?.ResolvePath();
        if (transactionsPath is null)
            return customersPath is not null && churnTable
                ? CustomersAlone(customersPath, customersSpec, loadOptions, sources, featureOptions)
                : throw new ArgumentException(NoHistory);

        var clock = Stopwatch.StartNew();
        // The profiles load on their own thread while the transactions are read; the ledgers need them only at the end.
        var customersLoad = customersPath is null
            ? Task.FromResult<(CustomerTable?, TimeSpan)>((null, TimeSpan.Zero))
            : Task.Run(() =>
            {
                var table = new CustomerLoader(customersSpec, loadOptions).Load(customersPath);
                return ((CustomerTable?)table, clock.Elapsed);
            });
        // A bundle trained without a customers file read each customer's profile off their first purchase: so does its scoring.
        var stream = new TransactionLoader(spec, loadOptions with { DescribeCustomers = customersPath is null && featureOptions.ProfilesFromOrders }).Stream(transactionsPath);
        // Three stages on three threads: splitting records and parsing dates and amounts (PreparsedRows), the checks that
        // need the rows before (order ids, tallies), and folding the rows into the ledgers here. On one thread the last two
        // took 6.7 CPU s of the 1M base, the longest stage by far (per-thread CPU time, cvml bench features).
        var transactions = StopIfFailed(ReadAhead.Of(stream.Entries(), batchSize: 2048), customersLoad);
        var lastDay = int.MinValue;
        if (sources.Shard is { } shard)
            transactions = OfShard(transactions, shard, day => lastDay = Math.Max(lastDay, day));
        LoadReport? customerReport = null;
        var customersTime = TimeSpan.Zero;
        IEnumerable<CustomerProfile>? Profiles()
        {
            var (table, elapsed) = customersLoad.GetAwaiter().GetResult();
            (customerReport, customersTime) = (table?.Report, elapsed);
            // Called once the transactions are read: without a customers file, what they say of each customer.
            var profiles = CustomerProfiles.Of(table?.Customers, stream.Report);
            return sources.Shard is { } shard ? profiles?.Where(c => shard.Contains(c.CustomerId)) : profiles;
        }
        // A shard sees only its customers' rows; the default date is the last of all rows, as in an unsharded run.
        DateOnly? LastDate() => lastDay == int.MinValue ? null : DateOnly.FromDayNumber(lastDay);

        CustomerBase customers;
        try
        {
            customers = sources.AsOf is { } asOf
                ? FeatureBuilder.BuildBaseFromEntries(transactions, Profiles, asOf, featureOptions)
                : FeatureBuilder.BuildBaseAsOfLastDateFromEntries(transactions, Profiles, featureOptions, sources.Shard is null ? null : LastDate);
        }
        catch (Exception e)
        {
            // As when the customers file was read first, its problem is the one reported; and no load is left running.
            try
            {
                customersLoad.Wait();
            }
            catch (AggregateException)
            {
                customersLoad.GetAwaiter().GetResult();
            }
            // A file that loaded no row has no last date to score as of: said of the file, as training says it.
            if (e is InvalidDataException && stream.Report is { RowsLoaded: 0 } empty)
                throw new InvalidDataException(empty.NothingLoaded(), e);
            throw;
        }
        var report = stream.Report ?? throw new InvalidDataException($"{SourceAddress.DisplayName(transactionsPath)}: no transactions were read.");
        if (report.RowsLoaded == 0)
            throw new InvalidDataException(report.NothingLoaded());
        if (sources.AsOf is null && report.Dates is { } dates)
        {
            var outliers = DateOutliers.Find(dates, featureOptions.HorizonDays);
            if (outliers.Found)
                throw new InvalidDataException(outliers.Explain(report.File, "--as-of"));
        }
        return new ScoringInput(customers, report, customerReport, customersTime, clock.Elapsed);
    }

    /// <summary>Why a bundle trained on transactions cannot score without them.</summary>
    const string NoHistory = "Give --transactions, or a --source whose spec names its file: scoring needs the order history.";

    /// <summary>
    /// A churn table's customers as of the as-of date, or the table's last signup or churn date, or today: the profiles are
    /// all a contract bundle reads.
    /// </summary>
    static ScoringInput CustomersAlone(string customersPath, SourceSpec? customersSpec, LoadOptions loadOptions, ScoringSources sources, FeatureOptions featureOptions)
    {
        var clock = Stopwatch.StartNew();
        var table = new CustomerLoader(customersSpec, loadOptions).Load(customersPath);
        var loaded = clock.Elapsed;
        var asOf = sources.AsOf ?? table.LastDate ?? DateOnly.FromDateTime(sources.Clock.GetUtcNow().UtcDateTime);
        var customers = FeatureBuilder.BuildBaseFromEntries([],
            () => sources.Shard is { } shard ? table.Customers.Where(c => shard.Contains(c.CustomerId)) : table.Customers, asOf, featureOptions);
        return new ScoringInput(customers, null, table.Report, loaded, clock.Elapsed);
    }

    /// <summary>The entries of <paramref name="shard"/>'s customers; every entry's day is still seen by <paramref name="seeDay"/>.</summary>
    static IEnumerable<LedgerEntry> OfShard(IEnumerable<LedgerEntry> entries, Shard shard, Action<int> seeDay)
    {
        foreach (var entry in entries)
        {
            seeDay(DateOnly.FromDateTime(entry.Timestamp).DayNumber);
            if (shard.Contains(entry.CustomerId))
                yield return entry;
        }
    }

    /// <summary>Stops reading the transactions soon after the customers file has failed, instead of at their end.</summary>
    static IEnumerable<LedgerEntry> StopIfFailed(IEnumerable<LedgerEntry> entries, Task customersLoad)
    {
        long count = 0;
        foreach (var entry in entries)
        {
            if ((++count & 0xFFFF) == 0 && customersLoad.IsFaulted)
                customersLoad.GetAwaiter().GetResult();
            yield return entry;
        }
    }
}
