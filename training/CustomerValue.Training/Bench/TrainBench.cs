using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CustomerValue.Core.Models;
using CustomerValue.Modeling.Synthetic;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Training.Bench;

/// <summary>
/// <c>cvml bench train</c>: generates a customer base of the given size into a temporary folder and
/// times a whole training run on it (loading, two snapshots, evaluation, final models, bundle),
/// reporting the median wall time, the time of each stage and the peak working set.
/// </summary>
public static class TrainBench
{
    static readonly Option<int> Customers = BenchOptions.AtLeastOne(new("--customers") { Description = "Customers to generate", DefaultValueFactory = _ => 1_000_000 });
    static readonly Option<int> Repeat = BenchOptions.AtLeastOne(new("--repeat") { Description = "Timed training runs; the median is reported", DefaultValueFactory = _ => 1 });
    static readonly Option<int> Trees = BenchOptions.AtLeastOne(new("--trees") { Description = "Trees per model (the search is skipped so runs are comparable)", DefaultValueFactory = _ => 200 });

    public static Command Create()
    {
        var command = new Command("train", "Time cvml train end to end on a generated customer base") { Customers, Repeat, Trees };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(
            parse.InvocationConfiguration.Output, parse.GetValue(Customers), parse.GetValue(Repeat), parse.GetValue(Trees), cancellationToken)));
        return command;
    }

    static int Run(TextWriter output, int customers, int repeat, int trees, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var folder = Path.Combine(Path.GetTempPath(), "cvml-bench-train-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clock = Stopwatch.StartNew();
            var generated = SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = customers, Seed = 42 }, folder, cancellationToken: cancellationToken);
            output.WriteLine(string.Create(inv, $"generated {generated.Customers:N0} customers, {generated.TransactionLines:N0} transaction lines in {clock.Elapsed.TotalSeconds:0.0} s"));

            var seconds = new List<double>();
            for (var run = 1; run <= repeat; run++)
            {
                using var stages = new StageClock(output);
                var options = new TrainingOptions
                {
                    TransactionsPath = Path.Combine(folder, SyntheticFiles.TransactionsFile),
                    CustomersPath = Path.Combine(folder, SyntheticFiles.CustomersFile),
                    ModelsDirectory = Path.Combine(folder, "models"),
                    Hyperparameters = TreeHyperparameters.Default with { NumberOfTrees = trees },
                    Version = $"bench-{run}",
                    // As cvml train runs by default (--btyd-model auto).
                    ChooseBtydModel = true,
                };
                clock.Restart();
                var result = new ModelTrainer(options, stages).Run(cancellationToken);
                seconds.Add(clock.Elapsed.TotalSeconds);
                stages.Finish();
                output.WriteLine(string.Create(inv, $"run {run}: {seconds[^1]:0.0} s, CLV Gini {result.Card.Clv?.Metrics.NormalizedGini:0.000}, churn AUC {result.Card.Churn.Metrics.Auc:0.000}"));
            }
            using var process = Process.GetCurrentProcess();
            output.WriteLine(string.Create(inv,
                $"train bench: {customers:N0} customers, median {Medians.Of(seconds):0.0} s over {repeat} run(s), peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):0} MiB"));
            return ExitCodes.Ok;
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Each stage's wall time and the peak working set and managed heap sampled while it ran (every 100 ms).</summary>
    sealed class StageClock : IProgress<TrainingProgress>, IDisposable
    {
        readonly TextWriter _output;
        readonly Stopwatch _clock = Stopwatch.StartNew();
        readonly Timer _sampler;
        readonly Lock _gate = new();
        TrainingStage? _stage;
        long _peakWorkingSet, _peakHeap;

        public StageClock(TextWriter output)
        {
            _output = output;
            _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        }

        void Sample()
        {
            var workingSet = Environment.WorkingSet;
            var heap = GC.GetTotalMemory(forceFullCollection: false);
            lock (_gate)
            {
                _peakWorkingSet = Math.Max(_peakWorkingSet, workingSet);
                _peakHeap = Math.Max(_peakHeap, heap);
            }
        }

        public void Report(TrainingProgress value)
        {
            // A stage's detail lines (the search's trials) are inside it, not a new stage.
            if (value.Detail)
                return;
            Finish();
            _stage = value.Stage;
            _clock.Restart();
        }

        public void Finish()
        {
            Sample();
            long workingSet, heap;
            lock (_gate)
            {
                (workingSet, heap) = (_peakWorkingSet, _peakHeap);
                _peakWorkingSet = _peakHeap = 0;
            }
            if (_stage is { } stage)
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {stage,-12} {_clock.Elapsed.TotalSeconds,7:0.0} s  peak working set {workingSet / (1024.0 * 1024),6:0} MiB, managed heap {heap / (1024.0 * 1024),6:0} MiB"));
            _stage = null;
        }

        public void Dispose() => _sampler.Dispose();
    }
}
