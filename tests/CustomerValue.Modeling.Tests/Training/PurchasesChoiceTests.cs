using CustomerValue.Modeling.Evaluation;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// Expected purchases are a mean count: the lower MAE chooses them unless the MAEs are within noise, where the lower
/// Poisson deviance does (<see cref="HyperparameterSearch.ByMaeThenDeviance"/>).
/// </summary>
public sealed class PurchasesChoiceTests
{
    [Fact]
    public void WhereAlmostNobodyBuysTheRightMeanWinsOverOneThatPilesItOnAFewCustomers()
    {
        var random = new Random(11);
        // 20,000 customers, each at a purchase rate of their own, 0.01 purchases each over the horizon on average.
        var rates = Enumerable.Range(0, 20_000).Select(_ => 0.01 * -Math.Log(1 - random.NextDouble())).ToArray();
        double[] actual = [.. rates.Select(r => (double)Poisson(r, random))];
        // The right mean for everyone, and the same total piled on the half with the higher rates (nothing for the rest).
        var right = rates;
        var top = rates.OrderDescending().ElementAt(rates.Length / 2);
        var piled = rates.Select(r => r > top ? r : 0).ToArray();
        var factor = right.Sum() / piled.Sum();
        piled = [.. piled.Select(p => p * factor)];

        var (index, _, tieBreak) = HyperparameterSearch.ByMaeThenDeviance([piled, right], actual);

        // MAE alone would take the piled one (by 0.3 %): predicting nothing for half the customers is what it rewards.
        Assert.True(RegressionEvaluator.Mae(piled, actual) < RegressionEvaluator.Mae(right, actual));
        Assert.Equal(1, index);
        Assert.NotNull(tieBreak);
        Assert.True(tieBreak.Value.Deviances[1] < tieBreak.Value.Deviances[0]);
    }

    [Fact]
    public void AClearLeadOnMaeStandsWhateverTheDevianceSays()
    {
        var random = new Random(5);
        var rates = Enumerable.Range(0, 5_000).Select(_ => 3 * -Math.Log(1 - random.NextDouble())).ToArray();
        double[] actual = [.. rates.Select(r => (double)Poisson(r, random))];
        // The right mean, except that every fourth customer gets almost nothing: near-certain zeros that the deviance
        // punishes hard, while MAE sees a ranker far better than the flat mean.
        double[] rightButForAFew = [.. rates.Select((r, i) => i % 4 == 0 ? 1e-9 : r)];
        var flat = Enumerable.Repeat(actual.Average(), actual.Length).ToArray();

        var (index, _, tieBreak) = HyperparameterSearch.ByMaeThenDeviance([flat, rightButForAFew], actual);

        Assert.True(HyperparameterSearch.PoissonDeviance(rightButForAFew, actual) > HyperparameterSearch.PoissonDeviance(flat, actual));
        Assert.True(RegressionEvaluator.Mae(rightButForAFew, actual) < 0.9 * RegressionEvaluator.Mae(flat, actual));
        Assert.Equal(1, index);
        Assert.Null(tieBreak);
    }

    [Fact]
    public void EqualPredictionsKeepTheFirst()
    {
        double[] actual = [0, 0, 1, 0, 2, 0, 0, 0];
        double[] same = [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3];

        var (index, _, tieBreak) = HyperparameterSearch.ByMaeThenDeviance([same, same], actual);

        Assert.Equal(0, index);
        Assert.Null(tieBreak);
    }

    static int Poisson(double rate, Random random)
    {
        var count = 0;
        for (var t = -Math.Log(1 - random.NextDouble()); t < rate; t += -Math.Log(1 - random.NextDouble()))
            count++;
        return count;
    }
}
