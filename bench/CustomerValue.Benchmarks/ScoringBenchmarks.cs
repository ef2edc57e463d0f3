using BenchmarkDotNet.Attributes;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;

namespace CustomerValue.Benchmarks;

/// <summary>
/// The scoring stage alone, one customer per call, on the repository's models/current: what a prediction request
/// spends between its feature row and its answer (<see cref="CustomerScorer.Score"/>, with and without the
/// explanation) and what <c>cvml score</c> spends per stored row (<see cref="CustomerScorer.ScoreForStore"/>).
/// The rows are the 2,500 sample customers of data-samples/synthetic as of 2025-03-31, taken in turn, so the
/// figures are not one customer's; <see cref="RequestBenchmarks"/> times the whole request around it.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    static readonly DateOnly AsOf = new(2025, 3, 31);

    ModelSource<ModelBundle> _models = null!;
    ModelLease<ModelBundle> _lease = null!;
    CustomerScorer _scorer = null!;
    FeatureRow[] _rows = null!;
    int _next;

    [GlobalSetup]
    public void Setup()
    {
        _models = new ModelSource<ModelBundle>(new ModelSourceOptions { ModelsDirectory = Repository.Models, WatchForChanges = false }, ModelBundle.Load);
        if (_models.StartAsync().GetAwaiter().GetResult() is { Outcome: ModelLoadOutcome.Failed } failed)
            throw new InvalidOperationException($"The model did not load: {failed.Error}");
        _lease = _models.Acquire();
        _scorer = new CustomerScorer(new LifecycleOptions());
        var samples = Path.Combine(Repository.Root, "data-samples", "synthetic");
        var transactions = new TransactionLoader().Load(Path.Combine(samples, "transactions.csv")).Transactions;
        var profiles = new CustomerLoader().Load(Path.Combine(samples, "customers.csv")).Customers;
        _rows = [.. FeatureBuilder.Build(transactions, profiles, AsOf, _lease.Bundle.FeatureOptions).Rows.Select(r => r.Features)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _lease.Dispose();
        _models.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Score, explain=false")]
    public double Score() => _scorer.Score(_lease.Bundle, NextRow(), explain: false).PredictedValue;

    [Benchmark(Description = "Score, explained")]
    public double ScoreExplained() => _scorer.Score(_lease.Bundle, NextRow(), explain: true).PredictedValue;

    [Benchmark(Description = "ScoreForStore, cvml score's stages explained")]
    public double ScoreForStore() => _scorer.ScoreForStore(_lease.Bundle, NextRow(), BaseScoringOptions.DefaultExplainStages, []).PredictedValue;

    FeatureRow NextRow()
    {
        var row = _rows[_next];
        _next = _next + 1 == _rows.Length ? 0 : _next + 1;
        return row;
    }
}
