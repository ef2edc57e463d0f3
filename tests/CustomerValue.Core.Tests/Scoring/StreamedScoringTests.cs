using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Store;
using CustomerValue.Core.Tests.Store;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Scoring;

/// <summary>
/// <c>cvml score</c> builds each customer's row as it is scored (<see cref="ScoringInput.Customers"/>) instead of the
/// whole feature table first: the stored rows must be those of the table, whatever order the transactions come in.
/// </summary>
public sealed class StreamedScoringTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("cvml-streamed-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    static readonly string Transactions = RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv");
    static readonly string Customers = RepositoryPaths.Of("data-samples", "synthetic", "customers.csv");

    [Fact]
    public async Task ABaseScoredAsItsRowsAreBuiltStoresTheRowsOfTheWholeFeatureTable()
    {
        using var model = ShippedModel();
        var input = ScoringInput.Load(new ScoringSources { TransactionsPath = Transactions, CustomersPath = Customers }, model.Bundle.FeatureOptions);

        var streamed = await ScoreAsync(model, "streamed.db", (writer, store) => writer.WriteAsync(model, input.Customers, store));
        var table = await ScoreAsync(model, "table.db", (writer, store) => writer.WriteAsync(model, input.Features, store));

        Assert.Equal(2_500, streamed.Count);
        Assert.Equal(table, streamed);
    }

    /// <remarks>
    /// Each customer's own rows keep their order: amounts of one day are summed in file order, so a day whose rows
    /// swap places may differ in the last bit (1412.88 against 1412.8800000000003), grouped or not.
    /// </remarks>
    [Fact]
    public async Task CustomersInterleavedInAnyOrderStoreTheRowsOfTransactionsGroupedByCustomer()
    {
        using var model = ShippedModel();
        var lines = File.ReadAllLines(Transactions);
        var shuffled = Interleaved(lines[1..], new Random(17));
        var shuffledPath = Path.Combine(directory, "shuffled.csv");
        File.WriteAllLines(shuffledPath, [lines[0], .. shuffled]);
        Assert.True(IsGroupedByCustomer(lines[1..]));
        Assert.False(IsGroupedByCustomer(shuffled));

        var grouped = await ScoreFileAsync(model, Transactions, "grouped.db");
        var any = await ScoreFileAsync(model, shuffledPath, "shuffled.db");

        Assert.Equal(2_500, grouped.Count);
        Assert.Equal(grouped, any);
    }

    [Fact]
    public void ABaseFindsEachCustomersNextPurchaseWithoutBuildingTheirRow()
    {
        var input = ScoringInput.Load(new ScoringSources { TransactionsPath = Transactions, CustomersPath = Customers, AsOf = new DateOnly(2024, 12, 31) },
            new FeatureOptions());
        var customers = input.Customers;

        var expected = customers.Select(r => (r.Features.CustomerId, r.Labels.DaysToNextPurchase is { } d ? customers.Cutoff.AddDays(d) : (DateOnly?)null)).ToList();
        var found = customers.Select(r => (r.Features.CustomerId, customers.NextPurchase(r.Features.CustomerId))).ToList();

        Assert.True(customers.LabelWindowCovered);
        Assert.InRange(expected.Count(e => e.Item2 is not null), 100, customers.Count - 100);
        Assert.Equal(expected, found);
        Assert.Null(customers.NextPurchase("not-a-customer"));
    }

    static ModelLease<ModelBundle> ShippedModel()
    {
        var models = RepositoryPaths.Of("models");
        var version = File.ReadAllText(Path.Combine(models, "current")).Trim();
        return ModelFolder.Load(Path.Combine(models, version), ModelBundle.Load);
    }

    Task<List<(ScoredCustomer Row, string Reasons, string History)>> ScoreFileAsync(ModelLease<ModelBundle> model, string transactions, string database)
    {
        var input = ScoringInput.Load(new ScoringSources { TransactionsPath = transactions, CustomersPath = Customers }, model.Bundle.FeatureOptions);
        return ScoreAsync(model, database, (writer, store) => writer.WriteAsync(model, input.Customers, store));
    }

    /// <summary>The run's rows by customer id, in a form records compare by value.</summary>
    async Task<List<(ScoredCustomer Row, string Reasons, string History)>> ScoreAsync(ModelLease<ModelBundle> model, string database, Func<ScoringRunWriter, ICustomerStore, Task<ScoringRun>> write)
    {
        // Small chunks on several threads, so the rows reach the store out of order.
        var writer = new ScoringRunWriter(new CustomerScorer(new LifecycleOptions()), new BaseScoringOptions { ChunkSize = 64, MaxDegreeOfParallelism = 4 });
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Path.Combine(directory, database)));
        await store.EnsureSchemaAsync();
        var run = await write(writer, store);
        return await store.ReadRunAsync(run.RunId).OrderBy(c => c.CustomerId, StringComparer.Ordinal).Select(CustomerStoreContract.Comparable).ToListAsync();
    }

    /// <summary>The rows in a random order of customers, each customer's rows still in their own order.</summary>
    static string[] Interleaved(string[] rows, Random random)
    {
        var byCustomer = rows.GroupBy(CustomerOf).ToDictionary(g => g.Key, g => new Queue<string>(g));
        var order = rows.Select(CustomerOf).ToArray();
        random.Shuffle(order);
        return [.. order.Select(id => byCustomer[id].Dequeue())];
    }

    static string CustomerOf(string line) => line[..line.IndexOf(',')];

    static bool IsGroupedByCustomer(IEnumerable<string> lines)
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in lines)
        {
            var id = CustomerOf(line);
            if (id == current)
                continue;
            if (current is not null && !finished.Add(current) || finished.Contains(id))
                return false;
            current = id;
        }
        return true;
    }
}
