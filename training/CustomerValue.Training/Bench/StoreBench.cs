using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;

namespace CustomerValue.Training.Bench;

/// <summary>
/// <c>cvml bench store</c>: how fast a whole run of synthetic scored customers goes into a store, first into an
/// empty store and then as re-scores that replace the previous run (which also deletes its rows), with the
/// ratio of the two. Rows are generated as they are written, so peak memory is the store's own.
/// </summary>
public static class StoreBench
{
    const string BenchModel = "bench";

    static readonly Option<int> CustomersOption = BenchOptions.AtLeastOne(new("--customers")
    {
        Description = "Scored customers per run",
        DefaultValueFactory = _ => 1_000_000,
    });

    static readonly Option<string?> StoreOption = new("--store")
    {
        Description = "Store to write to: a SQLite file or 'Data Source=…', or 'postgres:Host=…;Database=…' " +
                      "(default: a SQLite file in a temp folder, deleted afterwards). Must be empty or hold only bench runs.",
    };

    static readonly Option<int> RepeatOption = BenchOptions.AtLeastOne(new("--repeat")
    {
        Description = "Timed re-scores after the first write (the median is reported)",
        DefaultValueFactory = _ => 3,
    });

    public static Command Create()
    {
        var command = new Command("store", "Bulk write of N scored customers into SQLite or PostgreSQL: rows/s, re-score vs first write, peak memory");
        command.Options.Add(CustomersOption);
        command.Options.Add(StoreOption);
        command.Options.Add(RepeatOption);
        command.SetAction(RunAsync);
        return command;
    }

    static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var customers = parseResult.GetValue(CustomersOption);
        var repeat = parseResult.GetValue(RepeatOption);

        string? tempFolder = null;
        StoreOptions options;
        try
        {
            if (parseResult.GetValue(StoreOption) is { } store)
                options = StoreConnection.Parse(store);
            else
            {
                tempFolder = Directory.CreateTempSubdirectory("cvml-bench-store-").FullName;
                options = StoreConnection.Parse(Path.Combine(tempFolder, "store.db"));
            }
        }
        catch (ArgumentException e)
        {
            output.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        try
        {
            await using var target = CustomerStoreFactory.Create(options);
            await target.EnsureSchemaAsync(cancellationToken);
            if (await target.GetLatestRunAsync(cancellationToken) is { ModelVersion: not BenchModel } existing)
            {
                output.WriteLine($"The store holds run {existing.RunId} of model '{existing.ModelVersion}'; the bench would replace it. Use an empty store.");
                return ExitCodes.BadInput;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Store bench: {options.Provider}, {customers:N0} customers per run, first write then median of {repeat} re-scores."));
            var first = await TimeRunAsync(target, customers, seed: 0, cancellationToken);
            Report(output, "first write", customers, first);
            var rescores = new List<(double Total, double Publish)>();
            for (var i = 1; i <= repeat; i++)
            {
                var timing = await TimeRunAsync(target, customers, seed: i, cancellationToken);
                rescores.Add(timing);
                Report(output, $"re-score {i}", customers, timing);
            }

            var median = (Medians.Of(rescores.Select(r => r.Total)), Medians.Of(rescores.Select(r => r.Publish)));
            Report(output, "re-score median", customers, median);
            var query = Stopwatch.StartNew();
            await using (var selection = await target.SelectCandidatesAsync(
                new CandidateQuery { Limit = 100, CostPerContact = 2, Budget = 10_000 }, cancellationToken))
            {
                await foreach (var _ in selection.Rows.WithCancellation(cancellationToken)) { }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"candidates: top 100 of a {selection.Totals.Customers:N0}-customer budgeted selection in {query.Elapsed.TotalMilliseconds:F0} ms"));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio re-score / first write: {median.Item1 / first.Total:F2}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB"));
            return ExitCodes.Ok;
        }
        finally
        {
            if (tempFolder is not null) Directory.Delete(tempFolder, recursive: true);
        }
    }

    /// <summary>Wall time of the whole write (publish plus deleting the old run) and of the publish alone.</summary>
    static async Task<(double Total, double Publish)> TimeRunAsync(ICustomerStore store, int customers, int seed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var run = await store.WriteRunAsync(new ScoringRunStart(BenchModel, new DateOnly(2024, 6, 30)),
            Synthetic(customers, seed), cancellationToken: cancellationToken);
        return (clock.Elapsed.TotalSeconds, run.Seconds);
    }

    static void Report(TextWriter output, string label, int customers, (double Total, double Publish) timing) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-16} {timing.Total,8:F2} s  {customers / timing.Total,12:N0} rows/s  (published after {timing.Publish:F2} s, then old rows deleted)"));

    static readonly string[] Segments = ["Champions", "Loyal", "Potential", "New", "Promising", "NeedAttention", "AtRisk", "Hibernating"];
    static readonly string[] Channels = ["search", "social", "email", "referral"];
    static readonly string[] Devices = ["mobile", "desktop", "tablet"];
    static readonly string[][] Reasons =
    [
        ["no order for 90 days", "spend falling"],
        ["orders every month", "high basket value"],
        ["one order only"],
    ];

    /// <summary>Plausible rows, generated one at a time; a seed per run so re-scores differ.</summary>
    static IEnumerable<ScoredCustomer> Synthetic(int count, int seed)
    {
        var random = new Random(seed);
        var asOf = new DateOnly(2024, 6, 30);
        for (var i = 0; i < count; i++)
        {
            var stage = (LifecycleStage)random.Next(5);
            var value = Math.Exp(3 + random.NextDouble() * 3);
            var churn = random.NextDouble();
            yield return new ScoredCustomer
            {
                CustomerId = "c" + i.ToString("D8", CultureInfo.InvariantCulture),
                AsOf = asOf,
                PredictedValue = value,
                ValueP10 = value * 0.4,
                ValueP90 = value * 2.1,
                ChurnProbability = churn,
                ProbabilityAlive = 1 - churn,
                ExpectedOrders = random.NextDouble() * 6,
                Stage = stage,
                RfmSegment = Segments[random.Next(Segments.Length)],
                DaysSinceLastOrder = stage == LifecycleStage.Segmentation ? null : random.Next(400),
                Orders = stage == LifecycleStage.Segmentation ? 0 : 1 + random.Next(20),
                TotalSpend = value * 1.5,
                PostalCode = (10000 + random.Next(100) * 7).ToString(CultureInfo.InvariantCulture),
                Device = Devices[random.Next(Devices.Length)],
                Channel = Channels[random.Next(Channels.Length)],
                TopReasons = Reasons[random.Next(Reasons.Length)],
                RecommendedAction = stage == LifecycleStage.Recovery ? "win-back offer" : "loyalty reward",
                ActionMaxSpend = value * 0.1,
            };
        }
    }
}
