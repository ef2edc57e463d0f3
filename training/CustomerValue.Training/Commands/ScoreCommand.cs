using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Store;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml score</c>: scores the whole customer base with a model bundle as of one date and writes it to the store as
/// one run, replacing the previous run atomically.
/// </summary>
public static class ScoreCommand
{
    static readonly Option<string?> TransactionsOption = new("--transactions") { Description = "Transactions file (contract format unless --source says otherwise)" };
    static readonly Option<string?> CustomersOption = new("--customers") { Description = "Customers file: profiles, and customers who have not ordered yet; alone (no --transactions), the churn table a contract bundle scores" };
    static readonly Option<string?> SourceOption = new("--source") { Description = "Source spec (JSON) for the transactions file" };
    static readonly Option<string?> CustomersSourceOption = new("--customers-source") { Description = "Source spec (JSON) for the customers file" };
    static readonly Option<string?> AsOfOption = new("--as-of") { Description = "Score as of the end of this date (yyyy-MM-dd); default: the last date in the transactions" };
    static readonly Option<string> ModelOption = new("--model") { Description = "A model bundle folder, a models folder, or its 'current' pointer file", DefaultValueFactory = _ => "models/current" };
    static readonly Option<string> StoreOption = new("--store") { Description = "Where scores go: a SQLite file or 'Data Source=…', or 'postgres:Host=…;Database=…' (or a postgres:// URL)", Required = true };
    static readonly Option<string?> StoreProviderOption = new Option<string?>("--store-provider") { Description = "sqlite or postgres; overrides the --store prefix" }
        .AcceptOnlyFromAmong("sqlite", "postgres");
    static readonly Option<string> OnBadRowOption = new Option<string>("--on-bad-row") { Description = "fail: stop and list the errors; skip: score the rest and write rejected rows to a quarantine file", DefaultValueFactory = _ => "fail" }
        .AcceptOnlyFromAmong("fail", "skip");
    static readonly Option<bool> JsonOption = new("--json") { Description = "Print the run as JSON (and no progress lines)" };
    static readonly Option<string?> ShardOption = new("--shard")
    {
        Description = "k/n: score only the customers whose id hashes to shard k of n (k from 0), into one run that is published when all n shards are in",
    };
    static readonly Option<string?> RunIdOption = new("--run-id")
    {
        Description = "The run to write; every shard of a sharded run gives the same (default for shards: from the model version, the as-of date and n; give one, e.g. the Job's name, to score the same date again)",
    };

    /// <param name="clock">Where "today" comes from: rows dated after it are rejected as future dates.</param>
    public static Command Create(TimeProvider clock)
    {
        var command = new Command("score", "Score every customer (value, churn, lifecycle stage, RFM segment, reasons, next action) into the customer store")
        {
            TransactionsOption, CustomersOption, SourceOption, CustomersSourceOption, QueryOptions.Transactions, QueryOptions.Customers,
            AsOfOption, ModelOption, StoreOption, StoreProviderOption, OnBadRowOption, JsonOption, ShardOption, RunIdOption,
            DriftOutput.WatchOption, DriftOutput.ActOption, DriftOutput.TopOption,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, clock, cancellationToken));
        return command;
    }

    static async Task<int> RunAsync(ParseResult parse, TimeProvider clock, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var json = parse.GetValue(JsonOption);
        var log = new ProgressLog(json ? TextWriter.Null : output);
        try
        {
            var thresholds = DriftOutput.Thresholds(parse);
            var top = DriftOutput.Top(parse);
            var storeOptions = StoreConnection.Parse(parse.GetValue(StoreOption)!, parse.GetValue(StoreProviderOption));
            StoreConnection.ThrowIfFolderMissing(storeOptions);
            var sources = new ScoringSources
            {
                TransactionsPath = parse.GetValue(TransactionsOption),
                CustomersPath = parse.GetValue(CustomersOption),
                SourceSpecPath = parse.GetValue(SourceOption),
                CustomersSourceSpecPath = parse.GetValue(CustomersSourceOption),
                TransactionsQuery = parse.GetValue(QueryOptions.Transactions),
                CustomersQuery = parse.GetValue(QueryOptions.Customers),
                AsOf = parse.GetValue(AsOfOption) is { } asOf ? ParseDate(asOf, "--as-of") : null,
                OnBadRow = parse.GetValue(OnBadRowOption) == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Fail,
                Clock = clock,
                Shard = parse.GetValue(ShardOption) is { } shardText ? Shard.Parse(shardText) : null,
            };
            var runId = parse.GetValue(RunIdOption);
            if (runId is not null && string.IsNullOrWhiteSpace(runId))
                throw new ArgumentException("--run-id: give a non-empty run id.");

            var bundlePath = ModelPointer.ResolveBundle(parse.GetValue(ModelOption)!);
            log.Stage($"loading model {bundlePath}");
            using var model = ModelFolder.Load(bundlePath, ModelBundle.Load);

            // A churn table's bundle scores its customers file alone; any other reads the order history.
            var contract = model.Bundle.Card.IsContract;
            log.Stage(contract && sources.TransactionsPath is null && sources.SourceSpecPath is null
                ? "reading customers, building features" : "reading customers and transactions, building features");
            var input = ScoringInput.Load(sources, model.Bundle.FeatureOptions, contract);
            if (input.TransactionReport is not { } transactions)
                log.Stage(string.Create(CultureInfo.InvariantCulture,
                    $"{input.Customers.Count:N0} customers of a churn table, as of {input.AsOf:yyyy-MM-dd}; {input.RowsRejected:N0} rows rejected"));
            else
            {
                var later = (sources.AsOf is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; {transactions.RowsAfterAsOf:N0} transactions dated after the as-of date left out"))
                    + (transactions.RowsExcluded > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {transactions.RowsExcluded:N0} left out by the spec's {transactions.LeftOutBy}") : "");
                log.Stage(string.Create(CultureInfo.InvariantCulture,
                    $"{input.Customers.Count:N0} customers from {input.Customers.TransactionsRead:N0} transactions, as of {input.AsOf:yyyy-MM-dd}; {input.RowsRejected:N0} rows rejected{later}"));
                if (StaleAsOfWarning(transactions.Dates, input.AsOf, model.Bundle.FeatureOptions.HorizonDays) is { } stale)
                    log.Stage(stale);
                if (ThinDaysBeforeAsOfWarning(transactions.Dates, input.AsOf, transactions.File) is { } thin)
                    log.Stage(thin);
                if (transactions.IdenticalRowsNote is { } identical)
                    log.Stage("warning: " + identical);
                if (transactions.Amounts?.Explain() is { } farAmounts)
                    log.Stage("warning: " + farAmounts);
            }

            // A run of nobody would replace the store's current run and empty every page and list read from it. A shard of a
            // small base may hold nobody; its run is published with the others.
            if (input.Customers.Count == 0 && sources.Shard is null)
                throw new ArgumentException(NobodyToScore(input.AsOf, input.TransactionReport?.Dates));
            if (ProfilesWarning(model.Bundle.Card, input.CustomerReport is not null) is { } profiles)
                log.Stage(profiles);
            await using var store = CustomerStoreFactory.Create(storeOptions);
            await store.EnsureSchemaAsync(cancellationToken);
            var writer = new ScoringRunWriter(new CustomerScorer(new LifecycleOptions()));
            var scoringStarted = log.Elapsed;
            var progress = new Progress(log);
            if (sources.Shard is { } shard)
            {
                runId ??= ShardedRunId(model.Info.Version, input.AsOf, shard.Count);
                var write = await writer.WriteShardAsync(model, input.Customers, store, runId, shard, input.RowsRejected, progress, cancellationToken);
                if (json)
                    output.WriteLine(JsonSerializer.Serialize(new { write.Run, write.Shard, write.ShardsCompleted, write.Published }, JsonOptions));
                else
                    PrintShard(output, write, log.Elapsed);
                return ExitCodes.Ok;
            }
            var tally = model.Bundle.Drift is { } binner ? new DriftTally(binner) : null;
            var nextOrders = new NextOrderTally(TopCustomers, NextPurchases(input), byChurn: contract);
            var run = await writer.WriteAsync(model, input.Customers, store, input.RowsRejected, progress, cancellationToken, tally, runId, nextOrders);
            var drift = tally?.Report(thresholds);
            if (drift is not null)
                await store.SaveDriftAsync(run.RunId, drift, cancellationToken);
            var stages = new StageTimes(input.CustomersLoadTime, input.FeaturesBuildTime,
                (progress.ScoredAt ?? log.Elapsed) - scoringStarted, log.Elapsed - scoringStarted);
            var segments = await store.GetSegmentsAsync(cancellationToken: cancellationToken);
            var nextOrder = nextOrders.Outlook();

            if (json)
                output.WriteLine(JsonSerializer.Serialize(new { run, segments?.ByStage, RowsAfterAsOf = sources.AsOf is null ? null : input.TransactionReport?.RowsAfterAsOf, drift, nextOrder,
                    DataNotes = input.TransactionReport?.IdenticalRowsNote is { } note ? new[] { note } : null }, JsonOptions));
            else
            {
                PrintSummary(output, run, segments, log.Elapsed, stages, model.Bundle.Card, LongAwayLine(input.Customers, model.Bundle.Card));
                PrintNextOrders(output, nextOrder, contract, valued: model.Bundle.Card.Recurring is not null, byRhythm: model.Bundle.Card.NextOrderMethod == NextOrderTiming.Rhythm);
                if (drift is null)
                    output.WriteLine(DriftOutput.NoBaseline);
                else
                    DriftOutput.Print(output, drift, top);
            }
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is DataLoadException or SourceSpecException or InvalidDataException or ArgumentException
            or FormatException or FileNotFoundException or DirectoryNotFoundException or DbException or InvalidOperationException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }

    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Why a run would score nobody: an as-of date before every transaction, or no customer in what was read.</summary>
    static string NobodyToScore(DateOnly asOf, DateProfile? dates) =>
        dates is { Rows: > 0 } && dates.RowsPerDay.Keys.Min() is var first && first > asOf
            ? string.Create(CultureInfo.InvariantCulture, $"Nothing to score as of {asOf:yyyy-MM-dd}: every transaction is later (the first is on {first:yyyy-MM-dd}); the store's current run is kept. Give an --as-of on or after it.")
            : string.Create(CultureInfo.InvariantCulture, $"Nothing to score as of {asOf:yyyy-MM-dd}: no customer was read; the store's current run is kept.");

    static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"{option}: '{text}' is not a date (expected yyyy-MM-dd).");

    /// <param name="Scoring">From the first chunk to the last customer scored.</param>
    /// <param name="ScoringAndWriting">From the first chunk to the run published; the write runs alongside the scoring.</param>
    sealed record StageTimes(TimeSpan CustomersLoad, TimeSpan TransactionsAndFeatures, TimeSpan Scoring, TimeSpan ScoringAndWriting);

    /// <summary>The same on every machine of a sharded run, so the n processes of one Job meet in one run without being told its id.</summary>
    internal static string ShardedRunId(string modelVersion, DateOnly asOf, int shards) =>
        string.Create(CultureInfo.InvariantCulture, $"{modelVersion}-asof{asOf:yyyyMMdd}-{shards}shards");

    static void PrintShard(TextWriter output, ShardWrite write, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var run = write.Run;
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"run      {run.RunId} ({run.Status})"));
        output.WriteLine(string.Create(inv, $"model    {run.ModelVersion}, as of {run.AsOf:yyyy-MM-dd}"));
        output.WriteLine(string.Create(inv,
            $"shard    {write.Shard.Shard}: {write.Shard.CustomersScored:N0} customers ({write.Shard.RowsRejected:N0} input rows rejected) in {write.Shard.Seconds:0.0} s"));
        output.WriteLine(write.Published
            ? string.Create(inv, $"shards   {write.ShardsCompleted} of {write.Shard.Shard.Count} complete: this shard was the last, the run is published ({run.CustomersScored:N0} customers)")
            : run.Status == ScoringRunStatus.Completed
                ? string.Create(inv, $"shards   {write.ShardsCompleted} of {write.Shard.Shard.Count} complete: the run was already published; this shard's rows are replaced")
                : string.Create(inv, $"shards   {write.ShardsCompleted} of {write.Shard.Shard.Count} complete: the run is published when the rest are in"));
        output.WriteLine(string.Create(inv, $"done in {elapsed.TotalSeconds:0.0} s; peak working set {PeakWorkingSetGigabytes():0.00} GB"));
        output.WriteLine("drift    not tallied for a shard (each shard sees 1/n of the base; cvml drift reads the published run)");
    }

    static void PrintSummary(TextWriter output, ScoringRun run, SegmentReport? segments, TimeSpan elapsed, StageTimes stages, ModelCard card, string? longAway)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"run      {run.RunId} ({run.Status})"));
        output.WriteLine(string.Create(inv, $"model    {run.ModelVersion}, as of {run.AsOf:yyyy-MM-dd}"));
        output.WriteLine(string.Create(inv, $"scored   {run.CustomersScored:N0} customers ({run.RowsRejected:N0} input rows rejected)"));
        if (segments is not null)
        {
            output.WriteLine(string.Create(inv, $"{"stage",-14} {"customers",10} {"mean value",11} {"churn rate",10} {"value at stake",15}"));
            foreach (var s in segments.ByStage)
                output.WriteLine(string.Create(inv, $"{s.Stage,-14} {s.Customers,10:N0} {s.MeanPredictedValue,11:0.00} {s.ChurnRate,10:P1} {s.ValueAtStake,15:N2}"));
            if (TotalLine(segments, run.AsOf, card) is { } total)
                output.WriteLine(total);
        }
        if (longAway is not null)
            output.WriteLine(longAway);
        output.WriteLine(string.Create(inv,
            $"done in {elapsed.TotalSeconds:0.0} s ({run.CustomersScored / Math.Max(elapsed.TotalSeconds, 1e-3):N0} customers/s; scoring and writing {run.Seconds:0.0} s)"));
        // The write overlaps the scoring, so its own share is what is left after the last customer is scored.
        output.WriteLine(string.Create(inv,
            $"stages   customers {stages.CustomersLoad.TotalSeconds:0.0} s, transactions + features {stages.TransactionsAndFeatures.TotalSeconds:0.0} s, " +
            $"scoring {stages.Scoring.TotalSeconds:0.0} s, write finished {(stages.ScoringAndWriting - stages.Scoring).TotalSeconds:0.0} s later, " +
            $"total {elapsed.TotalSeconds:0.0} s; peak working set {PeakWorkingSetGigabytes():0.00} GB"));
    }

    /// <summary>
    /// The base's Σ predicted value over the horizon after the as-of date, what a budget is made of, beside the card's
    /// forecast when it was made for the same date (the same bundle and customers give the same total, to the cent per
    /// customer the store keeps), or its date when not.
    /// </summary>
    internal static string? TotalLine(SegmentReport segments, DateOnly asOf, ModelCard card)
    {
        if (card.Clv is null || segments.ByStage.Count == 0)
            return null;
        var inv = CultureInfo.InvariantCulture;
        var total = segments.ByStage.Sum(s => s.MeanPredictedValue * s.Customers);
        var line = string.Create(inv, $"total    predicted value {total:N2} over the {card.HorizonDays} days after {asOf:yyyy-MM-dd}; value at stake {segments.ByStage.Sum(s => s.ValueAtStake):N2}");
        // A base other than the one the bundle was trained on (another size) has a total of its own: the card's is for its customers.
        var customers = segments.ByStage.Sum(s => s.Customers);
        var theirs = ForecastBase(card.Forecast, customers);
        return card.Forecast is not { } forecast ? line
            : forecast.AsOf == asOf ? line + string.Create(inv, $" (the card's forecast for the same date{theirs}: {forecast.PredictedValue:N2})")
            : line + string.Create(inv, $" (the card's forecast was made as of {forecast.AsOf:yyyy-MM-dd}{theirs}: {forecast.PredictedValue:N2})");

        static string ForecastBase(ForecastCard? forecast, long customers) =>
            forecast is null || forecast.Customers == customers ? ""
            : string.Create(CultureInfo.InvariantCulture, $", for the {forecast.Customers:N0} customers it was trained on rather than these {customers:N0}");
    }

    /// <summary>
    /// How many customers had been away longer than the trees learned from (<see cref="DormancyExtrapolation"/>), whose
    /// value the BTYD model carried on: an analyst reading a base of long-lapsed customers sees that their values are the
    /// model's extrapolation. Null where the bundle's value does not do that.
    /// </summary>
    /// <summary>
    /// A bundle trained without a customers file learned each customer's channel, device and postal code from their first
    /// purchase; scored with one, the file's values replace them, which the models never saw.
    /// </summary>
    internal static string? ProfilesWarning(ModelCard card, bool customersFile) =>
        card.ProfilesFromOrders == true && customersFile
            ? $"warning: model {card.Version} was trained without a customers file and learned each customer's channel, device and postal code from their first purchase; this run reads them from --customers, values the models did not learn from: score without --customers, or retrain with this customers file"
            : null;

    internal static string? LongAwayLine(CustomerBase customers, ModelCard card)
    {
        if (card.Clv is not { DormancyEdgeDays: { } edge } clv || !ClvCandidates.UsesTrees(clv.Candidate))
            return null;
        var away = customers.CountAwayLongerThan(edge);
        return away == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"long away {away:N0} customers had been away more than the {edge} days the trees learned from: their values fall past it as the BTYD model's expected purchases do (the card's clv.dormancyReason)");
    }

    const int TopCustomers = 10;

    /// <summary>
    /// An --as-of more than a horizon after the last transaction (today's date on an old export) scores every customer
    /// as lapsed for that long: all values 0, everyone in Recovery. Say so beside the result rather than leave it to be
    /// read as the state of the base.
    /// </summary>
    internal static string? StaleAsOfWarning(DateProfile? dates, DateOnly asOf, int horizonDays)
    {
        if (dates?.RowsPerDay is not { Count: > 0 } days)
            return null;
        var last = days.Keys.Where(d => d <= asOf).DefaultIfEmpty().Max();
        if (last == default || asOf.DayNumber - last.DayNumber <= horizonDays)
            return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"warning: the last transaction up to the as-of date {asOf:yyyy-MM-dd} is on {last:yyyy-MM-dd}, {asOf.DayNumber - last.DayNumber:N0} days earlier, more than the model's horizon ({horizonDays} days): every customer is scored as silent since then. Is --as-of the date the data runs to?");
    }

    /// <summary>
    /// The days up to the as-of date holding far fewer rows than the weeks before them (<see cref="DateCoverage"/>), an
    /// export taken before its last orders were in: their buyers are scored as if they had not bought, lower in value and
    /// nearer churn. Null when the days before the as-of date are as full as the weeks before them.
    /// </summary>
    internal static string? ThinDaysBeforeAsOfWarning(DateProfile? dates, DateOnly asOf, string file)
    {
        if (dates is not { Rows: > 0 } || dates.RowsPerDay.Keys.Where(d => d <= asOf).DefaultIfEmpty().Max() is var last && last == default)
            return null;
        var first = DateOutliers.FindEarly(dates, 0).Bulk.First;
        if (DateCoverage.Find(dates, first, last).Tail is not { } tail)
            return null;
        return $"warning: {file}: the last days up to the as-of date, {tail.Describe()}: if the export was taken before their orders were in, "
            + $"their buyers are scored as if they had not bought, lower in value and nearer churn. Score --as-of {tail.First.AddDays(-1):yyyy-MM-dd}, the last complete day, or export again.";
    }

    /// <summary>
    /// Scored as of an earlier date with the whole horizon in the data, each customer's first purchase after it;
    /// otherwise null, as nothing is known yet.
    /// </summary>
    static Func<string, DateOnly?>? NextPurchases(ScoringInput input) =>
        input.Customers.LabelWindowCovered ? input.Customers.NextPurchase : null;

    /// <param name="contract">A churn table's bundle: no orders to expect, so the customers likeliest to churn.</param>
    /// <param name="valued">The churn table's bundle values its customers from a recurring charge: their value and value at stake beside.</param>
    /// <param name="byRhythm">The bundle dates next orders by each customer's rhythm of purchases (<see cref="NextOrderTiming.Rhythm"/>), not BTYD's.</param>
    static void PrintNextOrders(TextWriter output, NextOrderOutlook outlook, bool contract, bool valued, bool byRhythm)
    {
        var inv = CultureInfo.InvariantCulture;
        // As wide as the longest id: shops key customers by e-mail address, longer than 20 characters.
        var width = outlook.Top.Select(c => c.CustomerId.Length).Append(20).Max();
        if (contract)
        {
            output.WriteLine(string.Create(inv, $"top {outlook.Top.Count} customers by churn probability, of those the table does not label churned"));
            output.WriteLine(valued
                ? string.Create(inv, $"  {"customer".PadRight(width)} {"churn",7} {"value",12} {"at stake",12}  stage")
                : string.Create(inv, $"  {"customer".PadRight(width)} {"churn",7}"));
            foreach (var c in outlook.Top)
                output.WriteLine(valued
                    ? string.Create(inv, $"  {c.CustomerId.PadRight(width)} {c.ChurnProbability,7:P1} {c.PredictedValue,12:N2} {c.ValueAtStake,12:N2}  {c.Stage}")
                    : string.Create(inv, $"  {c.CustomerId.PadRight(width)} {c.ChurnProbability,7:P1}"));
            return;
        }
        output.WriteLine(outlook.Median is { } median
            ? string.Create(inv, $"next order  {outlook.CustomersWithDate:N0} of {outlook.Customers:N0} customers expected to order again within the horizon, from {outlook.Earliest:yyyy-MM-dd} to {outlook.Latest:yyyy-MM-dd} (median {median:yyyy-MM-dd})")
                + (byRhythm ? "; dated by each customer's own rhythm of purchases where they have two gaps or more (the card's nextOrderReason)" : "")
            : string.Create(inv, $"next order  none of {outlook.Customers:N0} customers is expected to order again within the horizon (or the model has no BTYD part)"));
        if (outlook.ShareOrderedByDate is { } share)
            output.WriteLine(string.Create(inv, $"calibration {share:P1} of them did order again by their date (the data runs past the as-of date; near 50 % when the dates are right)"));
        if (outlook.Top.Count == 0)
            return;
        output.WriteLine(string.Create(inv, $"top {outlook.Top.Count} customers by predicted value"));
        output.WriteLine(string.Create(inv, $"  {"customer".PadRight(width)} {"value",12} {"churn",7} {"next order",-12}"));
        foreach (var c in outlook.Top)
            output.WriteLine(string.Create(inv, $"  {c.CustomerId.PadRight(width)} {c.PredictedValue,12:N2} {c.ChurnProbability,7:P1} {(c.ExpectedNextOrder is { } d ? d.ToString("yyyy-MM-dd", inv) : "not expected"),-12}"));
    }

    static double PeakWorkingSetGigabytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1e9;
    }

    /// <summary>Plain lines with the time since start: they read the same in a terminal and in a redirected log.</summary>
    sealed class ProgressLog(TextWriter output)
    {
        readonly Stopwatch _clock = Stopwatch.StartNew();
        readonly Lock _gate = new();

        public TimeSpan Elapsed => _clock.Elapsed;

        // Scoring and the store report from different threads; the writer may not be synchronised.
        public void Stage(string text)
        {
            lock (_gate)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0}s] {text}"));
        }
    }

    sealed class Progress(ProgressLog log) : IProgress<ScoringProgress>
    {
        /// <summary>When the last customer was scored, from the start of the command.</summary>
        public TimeSpan? ScoredAt { get; private set; }

        // Reported from the scoring and the store threads; lines stay whole because each is one WriteLine.
        public void Report(ScoringProgress value)
        {
            if (value.Stage == ScoringStage.Scored)
                ScoredAt = log.Elapsed;
            log.Stage(value.Description);
        }
    }
}
