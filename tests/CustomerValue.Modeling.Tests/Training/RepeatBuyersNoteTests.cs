using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>A base where almost nobody buys twice gives the models nothing to learn a rhythm from, and the card says so.</summary>
public sealed class RepeatBuyersNoteTests
{
    static readonly DateOnly Cutoff = new(2025, 6, 30);

    /// <summary><paramref name="buyers"/> customers buying once, the first <paramref name="repeat"/> of them again a month later.</summary>
    static IEnumerable<FeatureRow> Rows(int buyers, int repeat)
    {
        var transactions = new List<Transaction>();
        for (var c = 0; c < buyers; c++)
        {
            var day = new DateOnly(2024, 1, 1).AddDays(c % 300);
            transactions.Add(new Transaction($"c{c}", day.ToDateTime(TimeOnly.MinValue), 40));
            if (c < repeat)
                transactions.Add(new Transaction($"c{c}", day.AddDays(30).ToDateTime(TimeOnly.MinValue), 40));
        }
        return FeatureBuilder.Build(transactions, profiles: null, Cutoff).Rows.Select(r => r.Features);
    }

    [Fact]
    public void ABaseWhereUnderOneInAHundredBuysTwiceIsNamed() =>
        Assert.Equal(
            "Only 5 of the 1,000 customers with purchases by 2025-06-30 (0.5%) had bought on two or more days: the value and churn models learn from repeat purchases, so with this few their ranking says little beyond the first order, and the grade's lead and the totals rest on a handful of customers. Check that a customer keeps one id across orders (an id per order, invoice or session makes every customer new).",
            ModelTrainer.RepeatBuyersNote(Rows(1_000, 5), Cutoff));

    [Fact]
    public void ABaseWithOneInFiftyBuyingTwiceIsNot() =>
        Assert.Null(ModelTrainer.RepeatBuyersNote(Rows(1_000, 20), Cutoff));
}
