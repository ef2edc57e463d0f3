using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;
using CustomerValue.Core.Scoring;

namespace CustomerValue.Training.Bench;

/// <summary>
/// <c>cvml bench features</c>: reads a transactions file (with its customers file when given) and builds the features
/// as of its last date, the first stage of <c>cvml score</c>, and prints one table: wall time of each run, megabytes
/// of the transactions file per second, and the median. Made for a generated base
/// (<c>cvml generate --customers 1000000 --seed 42 --out DIR</c>).
/// </summary>
public static class FeaturesBench
{
    static readonly Option<FileInfo> TransactionsOption = new("--transactions")
    {
        Description = "Transactions file in contract format (e.g. DIR/transactions.csv from cvml generate)",
        Required = true,
    };

    static readonly Option<FileInfo?> CustomersOption = new("--customers")
    {
        Description = "Customers file read alongside, as cvml score does",
    };

    static readonly Option<int> RepeatOption = BenchOptions.AtLeastOne(new("--repeat")
    {
        Description = "Timed runs; the median is reported",
        DefaultValueFactory = _ => 3,
    });

    public static Command Create()
    {
        var command = new Command("features", "Read a transactions file and build the scoring features: seconds and MB/s, median of runs")
        {
            TransactionsOption, CustomersOption, RepeatOption,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error, parse.GetValue(TransactionsOption)!, parse.GetValue(CustomersOption),
            parse.GetValue(RepeatOption), cancellationToken)));
        return command;
    }

    static int Run(TextWriter output, TextWriter error, FileInfo transactions, FileInfo? customers, int repeat, CancellationToken cancellationToken)
    {
        if (!transactions.Exists)
        {
            error.WriteLine($"{transactions.FullName}: file not found");
            return ExitCodes.BadInput;
        }
        var megabytes = transactions.Length / 1e6;
        var sources = new ScoringSources { TransactionsPath = transactions.FullName, CustomersPath = customers?.FullName };
        output.WriteLine(Invariant($"features bench: {transactions.Name} {megabytes:N1} MB{(customers is null ? "" : $" with {customers.Name}")}, {repeat} run(s), {Environment.ProcessorCount} cores"));
        output.WriteLine(Invariant($"{"run",-7} {"seconds",8} {"MB/s",7} {"cpu s",7} {"alloc GB",8} {"customers",11} {"transactions",13}"));
        var seconds = new List<double>();
        bool? grouped = null;
        var cpuSeconds = new List<double>();
        var allocated = new List<double>();
        try
        {
            for (var run = 1; run <= repeat; run++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var cpu = CpuSeconds();
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var input = ScoringInput.Load(sources, FeatureOptions.Default);
                // The rows are built on first use (scoring builds them as it goes); the bench times the whole table.
                var features = input.Features;
                seconds.Add(clock.Elapsed.TotalSeconds);
                cpuSeconds.Add(CpuSeconds() - cpu);
                allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - bytes) / 1e9);
                grouped = input.TransactionReport!.GroupedByCustomer;
                output.WriteLine(Invariant($"{run,-7} {seconds[^1],8:F2} {megabytes / seconds[^1],7:F1} {cpuSeconds[^1],7:F2} {allocated[^1],8:F2} {features.Rows.Count,11:N0} {features.TransactionsRead,13:N0}"));
            }
        }
        catch (DataLoadException e)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        var median = Medians.Of(seconds);
        output.WriteLine(Invariant($"{"median",-7} {median,8:F2} {megabytes / median,7:F1} {Medians.Of(cpuSeconds),7:F2} {Medians.Of(allocated),8:F2}"));
        output.WriteLine(grouped == true
            ? "input: each customer's rows stand together (grouped or sorted by customer)"
            : "input: customers' rows are interleaved (any order loads; grouped files read faster)");
        output.WriteLine(Invariant($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB"));
        return ExitCodes.Ok;
    }

    // On a shared machine wall time swings with other load; the process's CPU time (all threads) shows the work done.
    static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
