using CustomerValue.Core.Models;
using CustomerValue.Modeling.Evaluation;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>The candidate reason says which simpler candidates the winner's validation lead does not separate from.</summary>
public sealed class ValidationNoiseTests
{
    [Fact]
    public void ANearTwinIsWithinNoiseAndAPoorRankerIsNot()
    {
        var random = new Random(4);
        var actual = Enumerable.Range(0, 3000).Select(_ => random.NextDouble() < 0.1 ? 20 + (100 * random.NextDouble()) : 0).ToArray();
        var winner = actual.Select(a => a + (40 * random.NextDouble())).ToArray();
        var predictions = new Dictionary<string, double[]>
        {
            [ClvCandidates.Hybrid] = winner,
            [ClvCandidates.Btyd] = [.. winner.Select(w => w + (2 * random.NextDouble()))],
            [ClvCandidates.FirstOrder] = [.. actual.Select(_ => random.NextDouble())],
        };
        var metrics = predictions.ToDictionary(kv => kv.Key, kv => RegressionEvaluator.Evaluate(kv.Value, actual));
        Assert.InRange(metrics[ClvCandidates.Hybrid].NormalizedGini - metrics[ClvCandidates.Btyd].NormalizedGini, 0, 0.01);

        var said = HyperparameterSearch.WithinNoise(ClvCandidates.Hybrid, predictions, actual, metrics, seed: 1);

        Assert.Contains("within noise of it on these validation rows: btyd-gamma-gamma (", said, StringComparison.Ordinal);
        Assert.DoesNotContain(ClvCandidates.FirstOrder, said, StringComparison.Ordinal);
        Assert.Equal("", HyperparameterSearch.WithinNoise(ClvCandidates.FirstOrder, predictions, actual, metrics, seed: 1));
    }

    [Fact]
    public void OnAValidationPeriodTheBlendNearestAnEvenOneWithinNoiseOfTheBestShips()
    {
        var random = new Random(7);
        var actual = Enumerable.Range(0, 3000).Select(_ => random.NextDouble() < 0.1 ? 20 + (100 * random.NextDouble()) : 0).ToArray();
        var ml = actual.Select(a => a + (40 * random.NextDouble())).ToArray();
        // The partner ranks as well as the trees with noise of its own: every blend is within noise of ML alone.
        var partner = actual.Select(a => a + (40 * random.NextDouble())).ToArray();
        // A partner that ranks at random: its even blend trails far beyond one standard error.
        var poor = actual.Select(_ => 60 * random.NextDouble()).ToArray();
        var blends = new List<(string Partner, double Weight, double Gini, double[] Values)>();
        foreach (var (name, values) in new[] { (ClvCandidates.Btyd, partner), (ClvCandidates.Historic, poor) })
        {
            for (var step = 10; step >= 0; step--)
            {
                double[] blended = [.. ml.Select((m, i) => ClvBlend.Apply(m, values[i], step / 10.0))];
                blends.Add((name, step / 10.0, RegressionEvaluator.Evaluate(blended, actual).NormalizedGini, blended));
            }
        }
        var mlAlone = blends[0];

        var even = HyperparameterSearch.Hedged(blends, (mlAlone.Partner, 1.0, mlAlone.Gini), actual, seed: 1);
        var withPoor = HyperparameterSearch.Hedged([.. blends.Where(b => b.Partner == ClvCandidates.Historic)], (ClvCandidates.Historic, 1.0, mlAlone.Gini), actual, seed: 1);

        Assert.NotNull(even);
        Assert.Equal((ClvCandidates.Btyd, 0.5), (even.Value.Partner, even.Value.Weight));
        Assert.InRange(even.Value.Lead, double.NegativeInfinity, even.Value.StandardError);
        // With only the poor partner the nearest blend within noise stays close to ML alone, and an even one is out of reach.
        Assert.True(withPoor is null || withPoor.Value.Weight >= 0.8, $"{withPoor}");
        Assert.Null(HyperparameterSearch.Hedged(blends, (ClvCandidates.Btyd, 0.5, blends.First(b => b.Partner == ClvCandidates.Btyd && b.Weight == 0.5).Gini), actual, seed: 1));
    }

    /// <summary>
    /// The resamples are scored on every core; the standard errors are those of drawing and scoring them one after another
    /// from the one generator (written out here), on more rows than <see cref="HyperparameterSearch.BootstrapRows"/>.
    /// </summary>
    [Fact]
    public void LeadStandardErrorsAreThoseOfScoringTheResamplesInTurn()
    {
        var random = new Random(8);
        var rows = HyperparameterSearch.BootstrapRows + 7_000;
        var actual = Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.0004 ? 10 + (90 * random.NextDouble()) : 0).ToArray();
        var top = actual.Select(a => a + (30 * random.NextDouble())).ToArray();
        double[][] others = [[.. top.Select(t => t + (5 * random.NextDouble()))], [.. actual.Select(_ => random.NextDouble())]];

        var expected = InTurn(top, others, actual, seed: 3);

        Assert.Equal(expected, HyperparameterSearch.LeadStandardErrors(top, others, actual, seed: 3));
        Assert.All(expected, e => Assert.True(double.IsFinite(e)));
    }

    static double[] InTurn(double[] top, double[][] others, double[] actual, int seed)
    {
        var random = new Random(seed);
        var drawn = Math.Min(actual.Length, HyperparameterSearch.BootstrapRows);
        var differences = others.Select(_ => new List<double>()).ToList();
        var (index, a, p) = (new int[drawn], new double[drawn], new double[drawn]);
        for (var b = 0; b < HyperparameterSearch.BootstrapResamples; b++)
        {
            for (var i = 0; i < drawn; i++)
                index[i] = random.Next(actual.Length);
            for (var i = 0; i < drawn; i++)
                a[i] = actual[index[i]];
            var perfect = RegressionEvaluator.Gini(a, a);
            if (!(perfect > 0))
                continue;
            double Normalized(double[] values)
            {
                for (var i = 0; i < drawn; i++)
                    p[i] = values[index[i]];
                return RegressionEvaluator.Gini(p, a) / perfect;
            }
            var first = Normalized(top);
            for (var k = 0; k < others.Length; k++)
                differences[k].Add(first - Normalized(others[k]));
        }
        return [.. differences.Select(d =>
        {
            var mean = d.Average();
            return Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (d.Count - 1)) * Math.Sqrt(drawn / (double)actual.Length);
        })];
    }
}
