using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Tests.Evaluation;

public sealed class RankingTests
{
    [Fact]
    public void DescendingOrderIsScoreHighestFirstThenInputOrderAmongEqualScores()
    {
        double[] scores = [2, 5, 0, 5, -0.0, 2, 0, 7, 5];

        Assert.Equal([7, 1, 3, 8, 0, 5, 2, 4, 6], Ranking.DescendingOrder(scores));
    }

    /// <summary>
    /// The order a comparison of (score descending, index) gives, on zero-heavy scores with long runs of ties, as
    /// predictions and spend are; NaN sorts last (lowest), as <see cref="double.CompareTo(double)"/> has it, and −0 ties 0.
    /// </summary>
    [Fact]
    public void DescendingOrderIsTheOrderOfComparingScoresThenIndices()
    {
        var random = new Random(3);
        var scores = Enumerable.Range(0, 50_000).Select(_ => random.Next(10) switch
        {
            < 5 => 0.0,
            5 => -0.0,
            6 => Math.Round(random.NextDouble() * 20) / 4,
            7 => random.Next(100) == 0 ? double.NaN : double.PositiveInfinity,
            _ => random.NextDouble() * 1000 - 100,
        }).ToArray();

        var expected = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(expected, (a, b) => scores[b].CompareTo(scores[a]) is var byScore && byScore != 0 ? byScore : a.CompareTo(b));

        Assert.Equal(expected, Ranking.DescendingOrder(scores));
    }

    [Fact]
    public void TiedScoresShareTheMeanOfTheRanksTheySpan()
    {
        double[] scores = [3, 1, 3, 0, -0.0, 3];

        Assert.Equal([5, 3, 5, 1.5, 1.5, 5], Ranking.AverageRanks(scores));
    }
}
