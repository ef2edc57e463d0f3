using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>The card's usual gap between orders: the median of the repeat buyers' mean gaps.</summary>
public sealed class UsualGapTests
{
    static readonly DateOnly AsOf = new(2024, 12, 31);

    /// <summary>A customer with purchase days every <paramref name="gap"/> days (one purchase day when null).</summary>
    static FeatureRow Customer(string id, int? gap)
    {
        var days = gap is { } g ? new[] { 0, g, 2 * g } : [0];
        return FeatureBuilder.Snapshot(new CustomerProfile(id),
            [.. days.Select(d => new Transaction(id, new DateTime(2024, 1, 2).AddDays(d), 10))], AsOf);
    }

    [Fact]
    public void TheUsualGapIsTheMedianOfTheRepeatBuyersMeanGapsAndOneTimeBuyersDoNotCount()
    {
        // 21 repeat buyers with gaps 10, 20, …, 210 days (median 110) among 100 one-time buyers.
        var rows = Enumerable.Range(1, 21).Select(i => Customer($"r{i}", 10 * i)).Concat(Enumerable.Range(0, 100).Select(i => Customer($"o{i}", null))).ToList();

        Assert.Equal(110, ModelTrainer.UsualGapDays(rows));
        Assert.Null(ModelTrainer.UsualGapDays(rows.Skip(2).ToList()));
    }
}
