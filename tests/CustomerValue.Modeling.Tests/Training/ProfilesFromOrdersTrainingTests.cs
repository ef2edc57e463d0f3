using CustomerValue.Core.Features;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>Training without a customers file reads each customer's channel and postal code off their first purchase.</summary>
public sealed class ProfilesFromOrdersTrainingTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cvml-order-profiles-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static readonly DateOnly Cutoff = new(2024, 6, 30);

    string Orders()
    {
        var path = Path.Combine(_folder, "orders.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount,channel,postal_code\n"
            + "c1,2024-05-01,20,store,60616\nc1,2024-01-05,10,web,10472\nc2,2024-02-10,7,pos,\nc3,2024-09-01,12,web,02108\n");
        return path;
    }

    [Fact]
    public void EverySnapshotDescribesTheCustomersByTheirFirstPurchaseAndTheFreshPassAgrees()
    {
        var input = TrainingInput.Open(new TrainingOptions { TransactionsPath = Orders(), ModelsDirectory = _folder });
        var options = new FeatureOptions { HorizonDays = 90 };

        var kept = input.Snapshot(Cutoff, options).Rows.Select(r => (r.Features.CustomerId, r.Features.Channel, r.Features.PostalCode)).ToList();
        input.ReleaseHistories();
        var pass = input.Snapshot(Cutoff, options).Rows.Select(r => (r.Features.CustomerId, r.Features.Channel, r.Features.PostalCode)).ToList();

        // c3 first buys after the cutoff: described, yet no customer in this snapshot.
        Assert.Equal([("c1", "web", "10472"), ("c2", "pos", "")], kept);
        Assert.Equal(kept, pass);
        Assert.Equal(["No customers file: each customer's channel and postal code are those of their first purchase that has one in the transactions (3 customers), as a new customer's are those of their first order."],
            ModelTrainer.ProfileCoverage(input.Snapshot(Cutoff, options), input.Customers, input.TransactionReport));
        // The card says so, and the bundle's scoring reads the profiles the same way.
        Assert.True(ModelTrainer.ProfilesFromOrders(input));
    }

    [Fact]
    public void WithACustomersFileTheFileDescribesThem()
    {
        var customers = Path.Combine(_folder, "customers.csv");
        File.WriteAllText(customers, "customer_id,channel\nc1,email\nc2,organic\nc3,email\n");
        var input = TrainingInput.Open(new TrainingOptions { TransactionsPath = Orders(), CustomersPath = customers, ModelsDirectory = _folder });

        var rows = input.Snapshot(Cutoff, new FeatureOptions { HorizonDays = 90 }).Rows.Select(r => (r.Features.CustomerId, r.Features.Channel, r.Features.PostalCode));

        Assert.Equal([("c1", "email", ""), ("c2", "organic", "")], rows);
        Assert.Null(input.TransactionReport!.ProfilesFromOrders);
        Assert.Null(ModelTrainer.ProfilesFromOrders(input));
    }

    [Fact]
    public void TheCardNamesBuyersWhoseRowIsWrittenInAnotherLetterCase()
    {
        var customers = Path.Combine(_folder, "customers.csv");
        File.WriteAllText(customers, "customer_id,channel\nC1,email\nc2,organic\n");
        var input = TrainingInput.Open(new TrainingOptions { TransactionsPath = Orders(), CustomersPath = customers, ModelsDirectory = _folder });

        var note = Assert.Single(ModelTrainer.ProfileCoverage(input.Snapshot(Cutoff, new FeatureOptions { HorizonDays = 90 }), input.Customers, input.TransactionReport));

        Assert.Equal("1 of the 2 customers with transactions by 2024-06-30 have no row in the customers file, so their attributes are missing (cvml validate with both files lists them); 1 of them have one but for letter case, which source specs with \"caseInsensitiveIds\": true for both files read as one id.", note);
    }
}
