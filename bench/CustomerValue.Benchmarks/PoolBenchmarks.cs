using BenchmarkDotNet.Attributes;
using CustomerValue.Core.Serving;
using Microsoft.ML;

namespace CustomerValue.Benchmarks;

/// <summary>
/// One prediction through the serving pool (lease on the current generation, rent, predict, return, release)
/// against a bare <see cref="PredictionEngine{TSrc, TDst}"/> held by the caller, on one thread, same model:
/// the Ratio column is what serving safely costs per call. Target: bare ÷ pool time ≥ 0.9 (Ratio ≤ 1.11).
/// </summary>
[MemoryDiagnoser]
public class PoolBenchmarks
{
    static readonly Func<EnginePool<Row, Prediction>, EnginePool<Row, Prediction>> WholeBundle = pool => pool;

    string _modelsDirectory = null!;
    ModelSource<EnginePool<Row, Prediction>> _source = null!;
    PredictionEngine<Row, Prediction> _bare = null!;
    Row[] _rows = null!;
    int _next;

    [GlobalSetup]
    public void Setup()
    {
        var ml = new MLContext(seed: 1);
        _modelsDirectory = Directory.CreateTempSubdirectory("cvml-bench-pool-").FullName;
        var version = Directory.CreateDirectory(Path.Combine(_modelsDirectory, "bench")).FullName;
        var training = ml.Data.LoadFromEnumerable(Rows(200));
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Row.F1), nameof(Row.F2), nameof(Row.F3))
            .Append(ml.Regression.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 50, minimumExampleCountPerLeaf: 5));
        var model = pipeline.Fit(training);
        ml.Model.Save(model, training.Schema, Path.Combine(version, "clv.zip"));
        File.WriteAllText(Path.Combine(_modelsDirectory, "current"), "bench");

        _source = new ModelSource<EnginePool<Row, Prediction>>(
            new ModelSourceOptions { ModelsDirectory = _modelsDirectory, WatchForChanges = false },
            context => context.CreateEnginePool<Row, Prediction>(context.LoadTransformer("clv.zip")),
            mlContext: ml);
        var load = _source.StartAsync().GetAwaiter().GetResult();
        if (load.Outcome != ModelLoadOutcome.Loaded)
            throw new InvalidOperationException($"The benchmark model did not load: {load.Error}");
        using (var lease = _source.Acquire())
            _bare = ml.Model.CreatePredictionEngine<Row, Prediction>(lease.Bundle.Model);
        _rows = Rows(1024);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _source.Dispose();
        Directory.Delete(_modelsDirectory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "bare PredictionEngine")]
    public float Bare() => _bare.Predict(NextRow()).Score;

    [Benchmark(Description = "serving pool")]
    public float Pool() => _source.Predict(WholeBundle, NextRow()).Score;

    Row NextRow() => _rows[_next++ & (_rows.Length - 1)];

    static Row[] Rows(int count)
    {
        var random = new Random(1);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var row = new Row { F1 = random.NextSingle(), F2 = random.NextSingle(), F3 = random.NextSingle() };
            row.Label = 1 + row.F1 + 2 * row.F2 + 3 * row.F3;
            return row;
        })];
    }

    public sealed class Row
    {
        public float F1 { get; set; }
        public float F2 { get; set; }
        public float F3 { get; set; }
        public float Label { get; set; }
    }

    public sealed class Prediction
    {
        public float Score { get; set; }
    }
}
