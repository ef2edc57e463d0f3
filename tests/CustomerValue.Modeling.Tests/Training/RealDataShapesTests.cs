using System.Globalization;
using System.Text;
using CustomerValue.Core.Models;
using CustomerValue.Modeling.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>Shapes of real exports a first-day analyst brings (issue 13), each of which once failed or misled.</summary>
public sealed class RealDataShapesTests : IDisposable
{
    readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    TrainingOptions Options(string transactions, int horizonDays) => new()
    {
        TransactionsPath = transactions,
        ModelsDirectory = _folder.File("models"),
        HorizonDays = horizonDays,
        Hyperparameters = new TreeHyperparameters(20, 4, 0.2, 10),
    };

    [Fact]
    public void AnExportWithOneIdPerOrderStopsWithAReasonInsteadOfFailingInTheSearch()
    {
        // Every customer ordered once: the ids are per order (Olist's customer_id is), so nobody ever buys again.
        var random = new Random(1);
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        for (int i = 0; i < 600; i++)
            csv.Append(CultureInfo.InvariantCulture, $"c{i},{new DateOnly(2022, 1, 1).AddDays(random.Next(730)):yyyy-MM-dd},{random.Next(5, 200)}.50\n");
        File.WriteAllText(_folder.File("once.csv"), csv.ToString());

        var error = Assert.Throws<InvalidDataException>(() => new ModelTrainer(Options(_folder.File("once.csv"), 180)).Run());

        Assert.StartsWith("None of the ", error.Message);
        Assert.Contains("spent anything in the 180 days after it", error.Message);
        Assert.Contains("check that customer ids are the same across a customer's orders", error.Message);
    }
}
