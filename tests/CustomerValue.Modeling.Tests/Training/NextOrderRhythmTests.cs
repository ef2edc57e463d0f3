using System.Globalization;
using System.Text;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using CustomerValue.Modeling.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// A subscription box: 1,500 subscribers who joined over two years, each charged on their own day of the month (29.00 or
/// 49.00) until they leave (4 % a month). Trained on the charges up to <see cref="Cutoff"/>; the charges after it are what
/// the expected next order dates are judged against.
/// </summary>
public sealed class SubscriptionRun : IDisposable
{
    public static readonly DateOnly Cutoff = new(2025, 9, 30);
    public const int Horizon = 90;
    readonly TempDirectory _folder = new();

    public SubscriptionRun()
    {
        var random = new Random(5);
        var all = new List<(string Id, DateOnly Day)>();
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        for (var c = 0; c < 1500; c++)
        {
            var id = $"b{c:0000}";
            var (start, billingDay, fee) = (random.Next(24), 1 + random.Next(28), random.NextDouble() < 0.7 ? 29.0 : 49.0);
            for (var month = start; month < 36; month++)
            {
                var day = new DateOnly(2023 + (month / 12), (month % 12) + 1, billingDay);
                all.Add((id, day));
                if (day <= Cutoff)
                    csv.Append(CultureInfo.InvariantCulture, $"{id},{day:yyyy-MM-dd},{fee:0.00}\n");
                if (random.NextDouble() < 0.04)
                    break;
            }
        }
        NextCharge = all.Where(c => c.Day > Cutoff).GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.Min(c => c.Day), StringComparer.Ordinal);
        var path = Path.Combine(_folder.Path, "charges.csv");
        File.WriteAllText(path, csv.ToString());
        Options = new TrainingOptions
        {
            TransactionsPath = path,
            ModelsDirectory = Path.Combine(_folder.Path, "models"),
            HorizonDays = Horizon,
            Hyperparameters = new TreeHyperparameters(50, 8, 0.1, 10),
            Version = "subscription",
        };
        Result = new ModelTrainer(Options).Run();
    }

    public TrainingOptions Options { get; }
    public TrainingResult Result { get; }

    /// <summary>Each subscriber's first charge after <see cref="Cutoff"/>, from the whole generated history.</summary>
    public IReadOnlyDictionary<string, DateOnly> NextCharge { get; }

    /// <summary>The bundle's folder copied with the card's way of dating taken out: BTYD dates, as bundles did before.</summary>
    public string DatedByBtyd() =>
        BundleCopy.WithCard(Result.BundlePath, Path.Combine(_folder.Path, "btyd"), card => card.Remove("nextOrderMethod"));

    public void Dispose() => _folder.Dispose();
}

public sealed class NextOrderRhythmTests(SubscriptionRun run) : IClassFixture<SubscriptionRun>
{
    [Fact]
    public void ASubscriptionBaseIsDatedByEachSubscribersRhythmChosenOnTheValidationRows()
    {
        var card = run.Result.Card;

        Assert.Equal(NextOrderTiming.Rhythm, card.NextOrderMethod);
        Assert.Contains("dates by the customer's rhythm", card.NextOrderReason, StringComparison.Ordinal);
        Assert.InRange(card.NextOrderVariation!.Value, 0, 0.05);
        Assert.NotNull(card.NextOrder!.MeanDaysOff);
    }

    [Fact]
    public void TheRhythmsDatesLandNearerTheNextChargeThanBtydsWhichForgetsWhenTheLastChargeWas()
    {
        var rhythm = DaysOff(run.Result.BundlePath);
        var btyd = DaysOff(run.DatedByBtyd());

        Assert.True(rhythm.Dated > 300, $"{rhythm.Dated} subscribers dated");
        Assert.True(rhythm.MeanDaysOff < btyd.MeanDaysOff / 2, $"rhythm {rhythm.MeanDaysOff:0.0} days off, BTYD {btyd.MeanDaysOff:0.0}");
        // Of the subscribers charged again, most were dated within a day or two of the charge.
        Assert.True(rhythm.MedianDaysOffCharged <= 2, $"rhythm: median {rhythm.MedianDaysOffCharged} days off among those charged again");
    }

    (int Dated, double MeanDaysOff, double MedianDaysOffCharged) DaysOff(string bundlePath)
    {
        using var model = ModelFolder.Load(bundlePath, ModelBundle.Load);
        var bundle = model.Bundle;
        var rows = TrainingInput.Open(run.Options).Snapshot(SubscriptionRun.Cutoff, bundle.FeatureOptions).Rows.Select(r => r.Features).ToList();
        var off = new List<double>();
        var charged = new List<double>();
        foreach (var row in rows)
        {
            if (bundle.Predict(row, explain: false).NextPurchaseDays is not { } days)
                continue;
            int? actual = run.NextCharge.TryGetValue(row.CustomerId, out var next) && next.DayNumber - SubscriptionRun.Cutoff.DayNumber is var d && d <= SubscriptionRun.Horizon ? d : null;
            off.Add(NextOrderTiming.DaysOff(days, actual, SubscriptionRun.Horizon));
            if (actual is not null)
                charged.Add(off[^1]);
        }
        charged.Sort();
        return (off.Count, off.Count == 0 ? double.NaN : off.Average(), charged.Count == 0 ? double.NaN : charged[charged.Count / 2]);
    }
}
