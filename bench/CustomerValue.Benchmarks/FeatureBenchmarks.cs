using System.Globalization;
using BenchmarkDotNet.Attributes;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;

namespace CustomerValue.Benchmarks;

/// <summary>
/// The feature pass: one customer's snapshot (what a prediction request computes) and the one-pass build over an
/// unsorted, heavy-tailed stream of transactions held in memory (what training and scoring fold into ledgers).
/// Reading the files is measured end to end by <c>cvml bench features</c>.
/// </summary>
[MemoryDiagnoser]
public class FeatureBenchmarks
{
    static readonly DateOnly Start = new(2023, 1, 1);
    static readonly DateOnly Cutoff = new(2023, 12, 31);
    static readonly FeatureOptions Options = new() { HorizonDays = 365 };

    Transaction[] _stream = null!;
    CustomerProfile _profile = null!;
    List<Transaction> _history = null!;

    [Params(200_000)]
    public int Transactions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _stream = [.. Stream(customers: Transactions / 10, Transactions, seed: 42)];
        _profile = new CustomerProfile("C-0042") { PostalCode = "10472", Device = "android", Channel = "organic", SignupDate = Cutoff.AddDays(-400) };
        _history = [.. Enumerable.Range(0, 8).Select(i => new Transaction("C-0042", Cutoff.AddDays(-390 + i * 45).ToDateTime(TimeOnly.MinValue), 40 + i * 5))];
    }

    [Benchmark(Description = "snapshot of one customer (8 orders)")]
    public FeatureRow Snapshot() => FeatureBuilder.Snapshot(_profile, _history, Cutoff, Options);

    [Benchmark(Description = "features and labels over the stream")]
    public int Build() => FeatureBuilder.Build(_stream, profiles: null, Cutoff, Options).Rows.Count;

    /// <summary>
    /// Customer i is drawn as ⌊n·u²⌋, so a few buy very often and most a few times; days are uniform over two years;
    /// amounts are log-normal (median about 20) and 5% of transactions are returns.
    /// </summary>
    static IEnumerable<Transaction> Stream(int customers, int transactions, int seed)
    {
        var random = new Random(seed);
        var start = Start.ToDateTime(TimeOnly.MinValue);
        for (var i = 0; i < transactions; i++)
        {
            var u = random.NextDouble();
            var customer = Math.Min((int)(customers * u * u), customers - 1);
            var timestamp = start.AddSeconds(random.NextDouble() * 730 * 86_400);
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var amount = Math.Round(Math.Exp(3 + 0.8 * normal), 2);
            if (random.NextDouble() < 0.05)
                amount = -amount;
            yield return new Transaction("C" + customer.ToString("D7", CultureInfo.InvariantCulture), timestamp, amount);
        }
    }
}
