using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;

namespace CustomerValue.Training.Bench;

/// <summary>
/// <c>cvml bench features</c>: the one-pass feature and label build over a synthetic transaction
/// stream that is generated on the fly (never held as a list), against the cost of just generating
/// that stream, so the ratio shows what the feature pass itself adds.
/// </summary>
public static class FeaturesBench
{
    static readonly DateOnly Start = new(2023, 1, 1);
    static readonly DateOnly Cutoff = new(2023, 12, 31);
    const int SpanDays = 730;
    const int HorizonDays = 365;

    static readonly Option<int> Customers = AtLeastOne(new("--customers")
    {
        Description = "Number of distinct customer ids the stream draws from",
        DefaultValueFactory = _ => 1_000_000,
    });

    static readonly Option<int> Transactions = AtLeastOne(new("--transactions")
    {
        Description = "Number of transactions in the stream",
        DefaultValueFactory = _ => 10_000_000,
    });

    static readonly Option<int> Repeat = AtLeastOne(new("--repeat")
    {
        Description = "Timed runs of each measurement; medians are reported",
        DefaultValueFactory = _ => 3,
    });

    static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed of the synthetic stream (every run replays the same stream)",
        DefaultValueFactory = _ => 42,
    };

    public static Command Create()
    {
        var command = new Command("features", "Time the one-pass feature and label build over a synthetic transaction stream")
        {
            Customers, Transactions, Repeat, Seed,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            parseResult.InvocationConfiguration.Output,
            parseResult.GetValue(Customers),
            parseResult.GetValue(Transactions),
            parseResult.GetValue(Repeat),
            parseResult.GetValue(Seed),
            cancellationToken)));
        return command;
    }

    static int Run(TextWriter output, int customers, int transactions, int repeat, int seed, CancellationToken cancellationToken)
    {
        output.WriteLine(Invariant($"features bench: {customers:N0} customers, {transactions:N0} transactions over {SpanDays} days, cutoff {Cutoff:yyyy-MM-dd}, horizon {HorizonDays} days, {repeat} runs"));

        var generateSeconds = new List<double>();
        var buildSeconds = new List<double>();
        var generateCpu = new List<double>();
        var buildCpu = new List<double>();
        FeatureSet? last = null;
        for (var run = 1; run <= repeat; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cpu = CpuSeconds();
            var clock = Stopwatch.StartNew();
            var checksum = 0.0;
            foreach (var transaction in Stream(customers, transactions, seed, cancellationToken))
                checksum += transaction.Amount;
            generateSeconds.Add(clock.Elapsed.TotalSeconds);
            generateCpu.Add(CpuSeconds() - cpu);

            last = null;
            GC.Collect();
            cpu = CpuSeconds();
            var pause = GC.GetTotalPauseDuration();
            var gen2 = GC.CollectionCount(2);
            clock.Restart();
            last = FeatureBuilder.Build(
                Stream(customers, transactions, seed, cancellationToken), profiles: null, Cutoff,
                new FeatureOptions { HorizonDays = HorizonDays });
            buildSeconds.Add(clock.Elapsed.TotalSeconds);
            buildCpu.Add(CpuSeconds() - cpu);
            var buildPause = (GC.GetTotalPauseDuration() - pause).TotalSeconds;
            var buildGen2 = GC.CollectionCount(2) - gen2;

            output.WriteLine(Invariant($"run {run}/{repeat}: generate only {generateSeconds[^1]:F2} s (cpu {generateCpu[^1]:F2} s, checksum {checksum:F0}), generate + features {buildSeconds[^1]:F2} s (cpu {buildCpu[^1]:F2} s, GC pauses {buildPause:F2} s, {buildGen2} gen2 GCs), {last.Rows.Count:N0} rows"));
        }

        // The working set is read after a full collection with the last result still alive, so it is what the result holds.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heldBytes = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakWorkingSet = process.PeakWorkingSet64;
        var workingSet = process.WorkingSet64;
        var rows = last!.Rows.Count;
        GC.KeepAlive(last);

        var generate = Median(generateSeconds);
        var build = Median(buildSeconds);
        var featuresOnly = Math.Max(build - generate, 0);
        output.WriteLine(Invariant($"generate only (median):        {generate:F2} s  ({transactions / generate:N0} transactions/s)"));
        output.WriteLine(Invariant($"generate + features (median):  {build:F2} s  ({transactions / build:N0} transactions/s)"));
        output.WriteLine(Invariant($"features alone (difference):   {featuresOnly:F2} s  ({(featuresOnly > 0 ? transactions / featuresOnly : double.PositiveInfinity):N0} transactions/s)"));
        output.WriteLine(Invariant($"ratio generate+features / generate: {build / generate:F2}"));
        output.WriteLine(Invariant($"cpu time (median, all threads incl. GC): generate {Median(generateCpu):F2} s, generate + features {Median(buildCpu):F2} s"));
        output.WriteLine(Invariant($"rows: {rows:N0} customers known at the cutoff"));
        output.WriteLine(Invariant($"peak working set: {peakWorkingSet / 1048576.0:N0} MiB; after GC with the result alive: working set {workingSet / 1048576.0:N0} MiB, managed heap {heldBytes / 1048576.0:N0} MiB"));
        return ExitCodes.Ok;
    }

    /// <summary>
    /// A deterministic, unsorted stream: customer i is drawn as ⌊n·u²⌋ so a few customers buy very
    /// often and most a few times; days are uniform over two years; amounts are log-normal
    /// (median about 20) and 5% of transactions are returns.
    /// </summary>
    static IEnumerable<Transaction> Stream(int customers, int transactions, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var start = Start.ToDateTime(TimeOnly.MinValue);
        for (var i = 0; i < transactions; i++)
        {
            if ((i & 0xFFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            var u = random.NextDouble();
            var customer = Math.Min((int)(customers * u * u), customers - 1);
            var timestamp = start.AddSeconds(random.NextDouble() * SpanDays * 86_400);
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var amount = Math.Round(Math.Exp(3 + 0.8 * normal), 2);
            if (random.NextDouble() < 0.05)
                amount = -amount;
            yield return new Transaction("C" + customer.ToString("D7", CultureInfo.InvariantCulture), timestamp, amount);
        }
    }

    static Option<int> AtLeastOne(Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
                result.AddError($"{option.Name} must be at least 1.");
        });
        return option;
    }

    // Wall time on a shared machine swings with other load; process CPU time shows the work done.
    static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
