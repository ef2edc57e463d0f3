using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CustomerValue.Core.Serving;
using Microsoft.ML;

namespace CustomerValue.Training.Bench;

/// <summary>
/// <c>cvml bench pool</c>: predictions through the serving pool (lease on the current generation,
/// rent, predict, return, release) against a bare <see cref="PredictionEngine{TSrc, TDst}"/> on the
/// same model, on one and on two threads, so the ratio is what serving safely costs per call.
/// </summary>
public static class PoolBench
{
    const double Target = 0.9;
    static readonly Func<EnginePool<BenchRow, BenchPrediction>, EnginePool<BenchRow, BenchPrediction>> WholeBundle = pool => pool;

    static readonly Option<int> Iterations = new("--iterations")
    {
        Description = "Predictions per timed run (split across threads in the two-thread runs)",
        DefaultValueFactory = _ => 200_000,
    };

    static readonly Option<int> Repeat = new("--repeat")
    {
        Description = "Timed runs of each measurement; medians are reported",
        DefaultValueFactory = _ => 5,
    };

    public static Command Create()
    {
        foreach (var option in new[] { Iterations, Repeat })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                    result.AddError($"{option.Name} must be at least 1.");
            });
        }

        var command = new Command("pool", "Serving pool throughput against a bare PredictionEngine, on one and two threads")
        {
            Iterations, Repeat,
        };
        command.SetAction(async (parseResult, cancellationToken) => await RunAsync(
            parseResult.InvocationConfiguration.Output,
            parseResult.GetValue(Iterations),
            parseResult.GetValue(Repeat),
            cancellationToken));
        return command;
    }

    static async Task<int> RunAsync(TextWriter output, int iterations, int repeat, CancellationToken cancellationToken)
    {
        var modelsDirectory = Path.Combine(Path.GetTempPath(), "cvml-bench-pool-" + Guid.NewGuid().ToString("N"));
        try
        {
            var ml = new MLContext(seed: 1);
            PublishTinyModel(ml, modelsDirectory);
            using var source = new ModelSource<EnginePool<BenchRow, BenchPrediction>>(
                new ModelSourceOptions { ModelsDirectory = modelsDirectory, WatchForChanges = false },
                context => context.CreateEnginePool<BenchRow, BenchPrediction>(context.LoadTransformer("clv.zip")),
                mlContext: ml);
            var load = await source.StartAsync(cancellationToken);
            if (load.Outcome != ModelLoadOutcome.Loaded)
            {
                output.WriteLine($"pool bench: the benchmark model did not load: {load.Error}");
                return ExitCodes.BadInput;
            }

            ITransformer model;
            using (var lease = source.Acquire())
                model = lease.Bundle.Model;
            var rows = Rows(1024);

            output.WriteLine(Invariant($"pool bench: FastTree regression on 3 features, {iterations:N0} predictions per run, {repeat} runs, {Environment.ProcessorCount} cores"));
            foreach (var threads in new[] { 1, 2 })
            {
                // One engine per thread for the whole measurement, as a hand-managed engine would be kept.
                using var held = source.Acquire();
                var variants = new[]
                {
                    Enumerable.Range(0, threads).Select(_ => BarePredictor(ml, model)).ToArray(),
                    Enumerable.Range(0, threads).Select(_ => PoolPredictor(source)).ToArray(),
                    Enumerable.Range(0, threads).Select(_ => (Func<BenchRow, BenchPrediction>)held.Bundle.Predict).ToArray(),
                };
                Measure(Math.Min(iterations, 20_000), rows, variants);
                var runs = Enumerable.Range(0, repeat).Select(_ =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return Measure(iterations, rows, variants);
                }).ToArray();

                var bare = Median(runs.Select(r => r[0]));
                var pooled = Median(runs.Select(r => r[1]));
                var enginePoolOnly = Median(runs.Select(r => r[2]));
                // Each run times both side by side, so the per-run ratio cancels most of the machine's drift.
                var ratio = Median(runs.Select(r => r[1] / r[0]));
                var label = threads == 1 ? "1 thread" : $"{threads} threads";
                output.WriteLine(Invariant($"{label}: bare engine {bare:N0}/s, pool {pooled:N0}/s (medians), ratio {ratio:F3} (median per-run pool/bare) ({(ratio >= Target ? "meets" : "below")} target {Target:F2})"));
                output.WriteLine(Invariant($"  engine pool alone, no lease: {enginePoolOnly:N0}/s, ratio {Median(runs.Select(r => r[2] / r[0])):F3}"));
                output.WriteLine(Invariant($"  runs bare: {Join(runs.Select(r => r[0]))}"));
                output.WriteLine(Invariant($"  runs pool: {Join(runs.Select(r => r[1]))}"));
            }

            using (var lease = source.Acquire())
                output.WriteLine(Invariant($"engines created by the pool: {lease.Bundle.EnginesCreated}"));
            output.WriteLine(Invariant($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F1} MiB"));
            return ExitCodes.Ok;
        }
        finally
        {
            if (Directory.Exists(modelsDirectory))
                Directory.Delete(modelsDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Predictions per second of each variant over all threads. The variants take turns in short
    /// blocks (rotating which goes first), so load from other processes on a shared machine falls
    /// on all of them alike; only the time between the barriers that open and close a block counts.
    /// </summary>
    static double[] Measure(int iterations, BenchRow[] rows, Func<BenchRow, BenchPrediction>[][] variants)
    {
        const int BlockSize = 10_000;
        var threads = variants[0].Length;
        var blocks = Math.Max(1, iterations / BlockSize);
        var perThreadBlock = Math.Max(1, Math.Min(iterations, BlockSize) / threads);
        var schedule = Enumerable.Range(0, blocks)
            .SelectMany(block => Enumerable.Range(0, variants.Length).Select(k => (block + k) % variants.Length))
            .ToArray();
        var seconds = new double[variants.Length];
        using var barrier = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var checksum = 0f;
            var next = t * 97;
            foreach (var variant in schedule)
            {
                var predict = variants[variant][t];
                barrier.SignalAndWait();
                for (var i = 0; i < perThreadBlock; i++)
                    checksum += predict(rows[next++ & (rows.Length - 1)]).Score;
                barrier.SignalAndWait();
            }
            GC.KeepAlive(checksum);
        })).ToArray();
        foreach (var worker in workers)
            worker.Start();
        foreach (var variant in schedule)
        {
            barrier.SignalAndWait();
            var started = Stopwatch.GetTimestamp();
            barrier.SignalAndWait();
            seconds[variant] += Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        foreach (var worker in workers)
            worker.Join();
        return [.. seconds.Select(total => (double)blocks * perThreadBlock * threads / total)];
    }

    static Func<BenchRow, BenchPrediction> BarePredictor(MLContext ml, ITransformer model)
    {
        var engine = ml.Model.CreatePredictionEngine<BenchRow, BenchPrediction>(model);
        return engine.Predict;
    }

    static Func<BenchRow, BenchPrediction> PoolPredictor(ModelSource<EnginePool<BenchRow, BenchPrediction>> source) =>
        row => source.Predict(WholeBundle, row);

    static void PublishTinyModel(MLContext ml, string modelsDirectory)
    {
        var version = Directory.CreateDirectory(Path.Combine(modelsDirectory, "bench")).FullName;
        var training = ml.Data.LoadFromEnumerable(Rows(200));
        var pipeline = ml.Transforms.Concatenate("Features", nameof(BenchRow.F1), nameof(BenchRow.F2), nameof(BenchRow.F3))
            .Append(ml.Regression.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 50, minimumExampleCountPerLeaf: 5));
        ml.Model.Save(pipeline.Fit(training), training.Schema, Path.Combine(version, "clv.zip"));
        var pointer = Path.Combine(modelsDirectory, "current");
        File.WriteAllText(pointer + ".tmp", "bench");
        File.Move(pointer + ".tmp", pointer, overwrite: true);
    }

    static BenchRow[] Rows(int count)
    {
        var random = new Random(1);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var row = new BenchRow { F1 = random.NextSingle(), F2 = random.NextSingle(), F3 = random.NextSingle() };
            row.Label = 1 + row.F1 + 2 * row.F2 + 3 * row.F3;
            return row;
        })];
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static string Join(IEnumerable<double> values) =>
        string.Join(", ", values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)));

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public sealed class BenchRow
    {
        public float F1 { get; set; }
        public float F2 { get; set; }
        public float F3 { get; set; }
        public float Label { get; set; }
    }

    public sealed class BenchPrediction
    {
        public float Score { get; set; }
    }
}
