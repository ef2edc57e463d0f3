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
}
