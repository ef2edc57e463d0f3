using BenchmarkDotNet.Attributes;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;

namespace CustomerValue.Benchmarks;

/// <summary>
/// The BTYD work of scoring one customer on the repository's models/current (Pareto/NBD): P(alive), and the search
/// for the day by which the chance of another order reaches 50 %. The customers are those of the 2,500 sample
/// customers of data-samples/synthetic as of 2025-03-31 who get a date (the others stop before the search), in turn.
/// </summary>
[MemoryDiagnoser]
public class NextOrderBenchmarks
{
    static readonly DateOnly AsOf = new(2025, 3, 31);

    BtydFeatureModel _btyd = null!;
    FeatureRow[] _rows = null!;
    double[] _alive = null!;
    double _horizonDays;
    int _next;

    [GlobalSetup]
    public void Setup()
    {
        using var models = new ModelSource<ModelBundle>(new ModelSourceOptions { ModelsDirectory = Repository.Models, WatchForChanges = false }, ModelBundle.Load);
        if (models.StartAsync().GetAwaiter().GetResult() is { Outcome: ModelLoadOutcome.Failed } failed)
            throw new InvalidOperationException($"The model did not load: {failed.Error}");
        using var lease = models.Acquire();
        var bundle = lease.Bundle;
        _btyd = BtydFeatureModel.FromParameters(bundle.Card.Btyd ?? throw new InvalidOperationException("models/current has no BTYD model."));
        _horizonDays = bundle.Card.HorizonDays;
        var samples = Path.Combine(Repository.Root, "data-samples", "synthetic");
        var transactions = new TransactionLoader().Load(Path.Combine(samples, "transactions.csv")).Transactions;
        var profiles = new CustomerLoader().Load(Path.Combine(samples, "customers.csv")).Customers;
        var rows = FeatureBuilder.Build(transactions, profiles, AsOf, bundle.FeatureOptions).Rows.Select(r => r.Features);
        _rows = [.. rows.Where(r => _btyd.DaysToNextPurchase(r, _horizonDays) is not null)];
        _alive = [.. _rows.Select(_btyd.ProbabilityAlive)];
    }

    [Benchmark(Baseline = true, Description = "P(alive)")]
    public double ProbabilityAlive() => _btyd.ProbabilityAlive(_rows[Next()]);

    [Benchmark(Description = "Next order, P(alive) given")]
    public double? DaysToNextPurchase()
    {
        var i = Next();
        return _btyd.DaysToNextPurchase(_rows[i], _horizonDays, _alive[i]);
    }

    int Next()
    {
        var i = _next;
        _next = _next + 1 == _rows.Length ? 0 : _next + 1;
        return i;
    }
}
