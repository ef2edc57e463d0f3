using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Data;

/// <summary>
/// Without a customers file, a customer's channel, device and postal code are those of their first purchase in the
/// transactions (an order export's source and billing zip): the profile a brand-new customer is scored by, read the same
/// way in training and scoring, and never a customer of its own.
/// </summary>
public sealed class ProfilesFromOrdersTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // Newest first, as shop exports list orders; c1's first purchase has no device, a later one has; an earlier return says nothing.
    const string Orders = "customer_id,timestamp,amount,channel,device,postal_code\n"
        + "c1,2024-03-01,20,store,android,60616\n"
        + "c1,2024-01-05,10,web,,10472\n"
        + "c1,2024-01-02,-5,phone,ios,99999\n"
        + "c2,2024-02-10,7,,,\n";

    static readonly LoadOptions Describing = new() { DescribeCustomers = true };

    [Fact]
    public void EachColumnIsTakenFromTheEarliestPurchaseThatHasIt()
    {
        var report = new TransactionLoader(options: Describing).Load(_temp.File("orders.csv", Orders)).Report;

        var c1 = Assert.Single(report.ProfilesFromOrders!.Values);
        Assert.Equal(("c1", "web", "android", "10472", true), (c1.CustomerId, c1.Channel, c1.Device, c1.PostalCode, c1.FromOrders));
    }

    [Fact]
    public void WithACustomersFileTheColumnsDescribeTheOrdersAlone()
    {
        var report = new TransactionLoader().Load(_temp.File("orders.csv", Orders)).Report;

        Assert.Null(report.ProfilesFromOrders);
    }

    [Fact]
    public void ScoringReadsTheFirstPurchasesProfileOnlyForABundleTrainedSoAndWithoutACustomersFile()
    {
        var orders = _temp.File("orders.csv", Orders);
        var customers = _temp.File("customers.csv", "customer_id,channel,postal_code\nc1,email,02108\nc2,organic,\n");
        var asOf = new DateOnly(2024, 3, 31);
        var fromOrders = new FeatureOptions { ProfilesFromOrders = true };
        IEnumerable<(string, string, string, string)> Profiles(string? customersPath, FeatureOptions options) =>
            ScoringInput.Load(new ScoringSources { TransactionsPath = orders, CustomersPath = customersPath, AsOf = asOf }, options).Features.Rows
                .Select(r => (r.Features.CustomerId, r.Features.Channel, r.Features.Device, r.Features.PostalCode));

        Assert.Equal([("c1", "web", "android", "10472"), ("c2", "", "", "")], Profiles(null, fromOrders));
        Assert.Equal([("c1", "email", "", "02108"), ("c2", "organic", "", "")], Profiles(customers, fromOrders));
        // A bundle trained with a customers file never learned these columns: without the file its customers have no profile.
        Assert.Equal([("c1", "", "", ""), ("c2", "", "", "")], Profiles(null, new FeatureOptions()));
    }

    [Fact]
    public void AProfileFromTheOrdersIsNeverACustomerByItself()
    {
        // c2 is described by orders this pass does not hold: a customers file's row would make them a prospect, theirs not.
        var transactions = new List<Transaction> { new("c1", new DateTime(2024, 1, 5), 10) };
        var cutoff = new DateOnly(2024, 1, 31);
        CustomerProfile fromOrders = new("c2") { Channel = "web", FromOrders = true };

        var rows = FeatureBuilder.Build(transactions, [fromOrders], cutoff).Rows;
        var asFileRow = FeatureBuilder.Build(transactions, [fromOrders with { FromOrders = false }], cutoff).Rows;

        Assert.Equal(["c1"], rows.Select(r => r.Features.CustomerId));
        Assert.Equal(["c1", "c2"], asFileRow.Select(r => r.Features.CustomerId));
    }

    [Fact]
    public void TrainingSnapshotsFromTheKeptHistoriesEqualAPassWithTheSameProfiles()
    {
        var loaded = new TransactionLoader(options: Describing).Load(RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv"));
        var profiles = loaded.Report.ProfilesFromOrders!;
        var histories = new CustomerHistories(null);
        foreach (var transaction in loaded.Transactions)
            histories.Add(transaction);
        histories.AddProfilesFromOrders(profiles);
        var options = new FeatureOptions { HorizonDays = 180 };

        foreach (var cutoff in new DateOnly[] { new(2023, 6, 30), new(2024, 12, 31) })
        {
            var pass = FeatureBuilder.Build(loaded.Transactions, profiles.Values, cutoff, options);
            var snapshot = histories.Snapshot(cutoff, options);

            Assert.Equal(pass.Rows.Select(r => r.Features.CustomerId), snapshot.Rows.Select(r => r.Features.CustomerId));
            Assert.Equal(pass.Rows.Select(r => (r.Features.Channel, r.Features.Device)), snapshot.Rows.Select(r => (r.Features.Channel, r.Features.Device)));
            // Only customers who had bought by the cutoff: the profiles made no prospects.
            Assert.All(snapshot.Rows, r => Assert.False(r.Features.IsProspect));
            Assert.Contains(snapshot.Rows, r => r.Features.Channel.Length > 0);
        }
    }
}
