using CustomerValue.Core.Btyd;

namespace CustomerValue.Core.Tests.Btyd;

public sealed class HoldoutComparisonTests
{
    static readonly BgNbd Published = new(0.2426, 4.4135, 0.7929, 2.4258, TimeUnit.Weeks);

    [Fact]
    public void ComparisonSumsErrorsAndGroupsFrequenciesAboveTheTopIntoOneRow()
    {
        RepeatSummary[] customers = [new(0, 0, 38), new(2, 30.43, 38.86), new(9, 35, 38), new(12, 37, 38)];
        double[] actual = [0, 1, 5, 9];

        var comparison = HoldoutComparison.Of(Published, customers, actual, 39);

        var predicted = customers.Select(c => Published.ExpectedPurchases(39, c)).ToArray();
        var errors = actual.Zip(predicted, (a, p) => a - p).ToArray();
        Assert.Equal(15, comparison.ActualTotal);
        Assert.Equal(predicted.Sum(), comparison.PredictedTotal, 1e-12);
        Assert.Equal(errors.Average(Math.Abs), comparison.MeanAbsoluteError, 1e-12);
        Assert.Equal(Math.Sqrt(errors.Average(e => e * e)), comparison.RootMeanSquaredError, 1e-12);
        Assert.Equal(1.226, predicted[1], 1e-3);
        var top = comparison.ByFrequency[^1];
        Assert.Equal(("7+", 2, 7.0), (top.Label, top.Customers, top.MeanActual));
        Assert.Equal(0, comparison.ByFrequency[1].Customers);
        Assert.True(double.IsNaN(comparison.ByFrequency[1].MeanActual));
    }

    [Fact]
    public void ModelsRebuiltFromTheirParametersPredictTheSame()
    {
        var rebuilt = TransactionModels.Create(BtydModelKind.BgNbd, Published.Parameters, TimeUnit.Weeks);

        Assert.Equal(Published.ExpectedPurchases(39, new(2, 30.43, 38.86)), rebuilt.ExpectedPurchases(39, new(2, 30.43, 38.86)));
    }

    [Fact]
    public void CreateNamesAMissingParameter()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TransactionModels.Create(BtydModelKind.ParetoNbd, new Dictionary<string, double> { ["r"] = 1, ["alpha"] = 2, ["s"] = 1 }, TimeUnit.Weeks));

        Assert.Contains("'beta' is missing", error.Message);
    }
}
