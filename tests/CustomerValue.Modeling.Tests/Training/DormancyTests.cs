using System.Globalization;
using System.Text.Json.Nodes;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// CDNOW's sample as if its history ended on 1997-12-31, trained for the 182 days after: the data is too short for a
/// validation period, so the trees learn from the snapshot as of 1997-07-02, where nobody had been away more than six
/// months, and serve as of 1997-12-31, where most of the customers who bought once in the first quarter had been away nine
/// to twelve. What those customers spent in the first half of 1998 is in the file.
/// </summary>
public sealed class DormancyRun : IDisposable
{
    public static readonly DateOnly DataEnd = new(1997, 12, 31);
    public const int Horizon = 182;
    readonly TempDirectory _folder = new();

    public DormancyRun()
    {
        var lines = File.ReadAllLines(CdnowSample.DatasetPath("CDNOW_sample.txt"));
        TransactionsPath = Path.Combine(_folder.Path, "cdnow-1997.txt");
        // No header: customer id, sample id, yyyyMMdd, CDs, dollars.
        File.WriteAllLines(TransactionsPath, lines.Where(l => string.CompareOrdinal(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], "19971231") <= 0));
        var spec = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Of("data-samples", "sources", "cdnow.json")))!.AsObject();
        spec.Remove("path");
        SpecPath = Path.Combine(_folder.Path, "cdnow.json");
        File.WriteAllText(SpecPath, spec.ToJsonString());
        Options = new TrainingOptions
        {
            TransactionsPath = TransactionsPath,
            SourceSpecPath = SpecPath,
            ModelsDirectory = Path.Combine(_folder.Path, "models"),
            HorizonDays = Horizon,
            ChooseBtydModel = true,
            // What the search chooses on this file (cvml train with the default search), fixed to keep the test short.
            Hyperparameters = new TreeHyperparameters(100, 2, 0.03, 50),
            Version = "dormancy",
        };
        Result = new ModelTrainer(Options).Run();
    }

    public string TransactionsPath { get; }
    public string SpecPath { get; }
    public TrainingOptions Options { get; }
    public TrainingResult Result { get; }

    /// <summary>The bundle's folder copied with the card's dormancy edge taken out: the trees' answer at the edge stands.</summary>
    public string WithoutEdge() =>
        BundleCopy.WithCard(Result.BundlePath, Path.Combine(_folder.Path, "flat"), card => card["clv"]!.AsObject().Remove("dormancyEdgeDays"));

    public void Dispose() => _folder.Dispose();
}

public sealed class DormancyTests(DormancyRun run) : IClassFixture<DormancyRun>
{
    [Fact]
    public void CustomersAwayLongerThanTheTreesLearnedFromAreValuedNearWhatTheySpentNextWhereTheTreesEdgeOverstatedIt()
    {
        var clv = run.Result.Card.Clv!;
        Assert.NotNull(clv.DormancyEdgeDays);
        // The churn trees' answer stands on customer folds: they cannot test it, and on CDNOW it went both ways.
        Assert.Null(run.Result.Card.Churn.DormancyEdgeDays);
        Assert.Contains("customer folds of one snapshot cannot test", run.Result.Card.Churn.DormancyReason, StringComparison.Ordinal);
        Assert.Contains("customer folds of one snapshot cannot test it", clv.DormancyReason, StringComparison.Ordinal);
        var spent = CdnowSample.Transactions()
            .Where(t => DateOnly.FromDateTime(t.Timestamp) > DormancyRun.DataEnd && DateOnly.FromDateTime(t.Timestamp) <= DormancyRun.DataEnd.AddDays(DormancyRun.Horizon))
            .GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => g.Sum(t => t.Amount), StringComparer.Ordinal);

        var carried = Away(run.Result.BundlePath);
        var flat = Away(run.WithoutEdge());

        Assert.Equal(carried.Customers, flat.Customers);
        Assert.True(carried.Customers > 1000, $"{carried.Customers} customers past the edge");
        // Shares of the base's total: the served level of the total is the totals rule's business, not the edge's.
        var actual = carried.Ids.Sum(id => spent.GetValueOrDefault(id)) / spent.Values.Sum();
        // At the edge the trees answer for a customer away nine months what they learned of one away six.
        Assert.True(flat.Predicted / actual > 1.3, $"flat {flat.Predicted:0.000} of the total against {actual:0.000}");
        Assert.InRange(carried.Predicted / actual, 0.75, 1.25);

        (int Customers, double Predicted, List<string> Ids) Away(string bundlePath)
        {
            using var model = ModelFolder.Load(bundlePath, ModelBundle.Load);
            var bundle = model.Bundle;
            var all = TrainingInput.Open(run.Options).Snapshot(DormancyRun.DataEnd, bundle.FeatureOptions).Rows;
            var rows = all.Where(r => !r.Features.IsProspect && r.Features.RecencyDays > clv.DormancyEdgeDays).ToList();
            var total = all.Sum(r => bundle.Predict(r.Features, explain: false).PredictedValue);
            return (rows.Count, rows.Sum(r => bundle.Predict(r.Features, explain: false).PredictedValue) / total, [.. rows.Select(r => r.Features.CustomerId)]);
        }
    }
}
