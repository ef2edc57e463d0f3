using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>A base that buys like clockwork is billing, and the card points to the retention models for it.</summary>
public sealed class SubscriptionNoteTests
{
    static IEnumerable<FeatureRow> Rows(Func<Random, int> gapDays)
    {
        var random = new Random(5);
        var transactions = new List<Transaction>();
        for (var c = 0; c < 40; c++)
        {
            for (var (day, n) = (new DateOnly(2024, 1, 1).AddDays(c), 0); n < 8; (day, n) = (day.AddDays(gapDays(random)), n + 1))
                transactions.Add(new Transaction($"c{c}", day.ToDateTime(TimeOnly.MinValue), 19.99));
        }
        return FeatureBuilder.Build(transactions, profiles: null, new DateOnly(2025, 6, 30)).Rows.Select(r => r.Features);
    }

    [Fact]
    public void MonthlyChargesAreNamedAsBillingAndPointedToRetention()
    {
        var note = ModelTrainer.SubscriptionNote(Rows(random => 30 + random.Next(2)));

        Assert.Equal("These purchases look like subscription billing: 40 of the 40 customers with four purchase days or more buy at intervals that vary by at most a tenth (100 %). For survival curves, residual value per subscriber and what the active subscribers will pay over the next year (with the same forecast backtested a year earlier), `cvml retention --transactions` fits sBG on monthly cohorts of the same file.", note);
    }

    [Fact]
    public void ShoppersWhoseGapsVaryAreNot() =>
        Assert.Null(ModelTrainer.SubscriptionNote(Rows(random => 5 + random.Next(60))));

    [Fact]
    public void OnlyMonthlyChargesAreMonthlyBilling()
    {
        Assert.True(ModelTrainer.BillsMonthly(Rows(random => 30 + random.Next(2))));
        Assert.False(ModelTrainer.BillsMonthly(Rows(random => 7)));
        Assert.False(ModelTrainer.BillsMonthly(Rows(random => 5 + random.Next(60))));
    }
}
