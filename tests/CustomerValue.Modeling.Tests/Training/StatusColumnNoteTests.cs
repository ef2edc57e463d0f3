using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class StatusColumnNoteTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cvml-status-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TrainingReadsAStatusColumnWhoseCancelledOrdersWouldCountAsPurchases()
    {
        var transactions = Path.Combine(_folder, "orders.csv");
        File.WriteAllText(transactions, "customer_id,timestamp,amount,order_status\nc1,2024-01-05,10,delivered\nc1,2024-02-05,20,canceled\nc2,2024-01-06,5,delivered\n");

        var input = TrainingInput.Open(new TrainingOptions { TransactionsPath = transactions, ModelsDirectory = _folder });

        var status = Assert.Single(input.TransactionReport!.StatusColumns);
        Assert.Equal("column 'order_status' says some orders did not go through: 'canceled' (1 row); they count as purchases at their amounts unless a source spec leaves them out: \"exclude\": { \"order_status\": [\"canceled\"] } (its other values: 'delivered' 2)",
            status.Explain());
    }
}
