using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class TruthComparisonTests : IDisposable
{
    readonly string _file = Path.Combine(Path.GetTempPath(), "cvml-truth-" + Guid.NewGuid().ToString("N") + ".csv");

    public void Dispose() => File.Delete(_file);

    void WriteTruth(string date = "2024-12-31") => File.WriteAllText(_file,
        "customer_id,expected_future_spend,expected_future_orders,probability_alive,truth_date,horizon_days\n" +
        $"a,10,2,0.9,{date},365\n" +
        $"b,0,0,0.1,{date},365\n" +
        $"c,20,3,0.95,{date},365\n" +
        $"d,5,1,0.5,{date},365\n");

    [Fact]
    public void TheOracleIsScoredOnTheSameHeldOutCustomersAsTheModel()
    {
        WriteTruth();

        // Actual spend equals the truth exactly, so the oracle's R² is 1; the model is off on one customer.
        var card = TruthComparison.Compare(_file, new DateOnly(2024, 12, 31), 365,
            ["a", "b", "c", "d", "unknown"],
            predictedSpend: [10, 0, 20, 15, 99],
            actualSpend: [10, 0, 20, 5, 1],
            churnProbability: [0.2, 0.9, 0.1, 0.5, 0.5],
            churned: [false, true, false, false, true]);

        Assert.Equal(4, card.Rows);
        Assert.Equal(1.0, card.OracleR2, 12);
        // SSE = 100; mean actual 8.75, SST = 1.5625 + 76.5625 + 126.5625 + 14.0625 = 218.75.
        Assert.Equal(1 - (100 / 218.75), card.ModelR2, 12);
        Assert.Equal(1.0, card.OracleAuc, 12);
        Assert.Equal(1.0, card.ModelAuc, 12);
    }

    [Fact]
    public void ATruthFileForAnotherDateIsRejectedWithItsLine()
    {
        WriteTruth(date: "2023-12-31");

        var error = Assert.Throws<InvalidDataException>(() => TruthComparison.Compare(_file, new DateOnly(2024, 12, 31), 365,
            ["a"], [1], [1], [0.5], [false]));

        Assert.Contains(":2: the truth is for 2023-12-31 over 365 days, but the evaluation is as of 2024-12-31", error.Message);
    }
}
