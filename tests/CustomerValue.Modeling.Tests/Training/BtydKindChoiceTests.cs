using System.Globalization;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary><c>--btyd-model auto</c>: the BTYD model with the lower purchase MAE at equal totals, judged before the test period.</summary>
public sealed class BtydKindChoiceTests
{
    static IReadOnlyList<CustomerExample> Snapshot(DateOnly cutoff, int horizonDays)
    {
        var options = new TrainingOptions
        {
            TransactionsPath = RepositoryPaths.Of("data-samples", "synthetic", "transactions.csv"),
            ModelsDirectory = Path.GetTempPath(),
        };
        var input = TrainingInput.Open(options);
        return FeatureBuilder.Build(input.Transactions(), null, cutoff, new FeatureOptions { HorizonDays = horizonDays }).Rows;
    }

    [Fact]
    public void TheKindWithTheLowerMaeAtTheActualTotalIsChosenAndEveryKindIsReported()
    {
        var rows = Snapshot(new DateOnly(2024, 1, 1), 180);

        var (kind, reason) = BtydKindChoice.Choose(rows, 180, BtydModelKind.BgNbd, "the test rows");

        var customers = rows.Where(r => !r.Features.IsProspect).ToList();
        double Mae(BtydModelKind k)
        {
            var model = BtydFeatureModel.Fit(customers.Select(r => r.Features), TimeUnit.Weeks, k);
            var expected = customers.Select(r => Math.Max(0, model.ExpectedPurchases(r.Features, 180))).ToArray();
            var scale = customers.Sum(r => (double)r.Labels.FuturePurchaseDays) / expected.Sum();
            return customers.Select((r, i) => Math.Abs((scale * expected[i]) - r.Labels.FuturePurchaseDays)).Average();
        }
        var maes = BtydKindChoice.Kinds.ToDictionary(k => k, Mae);
        Assert.Equal(maes.MinBy(kv => kv.Value).Key, kind);
        foreach (var (k, mae) in maes)
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{BtydKindChoice.Name(k)} MAE {mae:0.0000} at the actual total"), reason, StringComparison.Ordinal);
        Assert.StartsWith($"{BtydKindChoice.Name(kind)}: the lowest purchase MAE on the test rows", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewCustomersKeepTheFallback()
    {
        var rows = Snapshot(new DateOnly(2024, 1, 1), 180).Where(r => !r.Features.IsProspect).Take(BtydKindChoice.MinimumCustomers - 1).ToList();

        var (kind, reason) = BtydKindChoice.Choose(rows, 180, BtydModelKind.MbgNbd, "a few rows");

        Assert.Equal(BtydModelKind.MbgNbd, kind);
        Assert.Equal($"mbgnbd: {BtydKindChoice.MinimumCustomers - 1} customers with a purchase on a few rows, too few to compare BTYD models (at least {BtydKindChoice.MinimumCustomers})", reason);
    }
}
