using CustomerValue.Core.Btyd;

namespace CustomerValue.Core.Tests.Btyd;

public sealed class MaximumLikelihoodTests
{
    [Fact]
    public void InverseOfAPositiveDefiniteMatrixIsItsInverse()
    {
        // [[4, 2], [2, 3]]⁻¹ = [[3, -2], [-2, 4]] / 8.
        var inverse = MaximumLikelihood.Inverse(new double[,] { { 4, 2 }, { 2, 3 } })!;

        Assert.Equal(3 / 8.0, inverse[0, 0], 1e-12);
        Assert.Equal(-2 / 8.0, inverse[0, 1], 1e-12);
        Assert.Equal(-2 / 8.0, inverse[1, 0], 1e-12);
        Assert.Equal(4 / 8.0, inverse[1, 1], 1e-12);
    }

    /// <summary>
    /// A young base of monthly subscription charges (one-time buyers on yearly plans beside monthly payers at steady
    /// gaps): Pareto/NBD with a penalty, which holds the parameters from growing and not from shrinking, follows β
    /// towards 0, each evaluation slower than the last; training sat in one such fit for over 15 minutes. The fit now
    /// stays within e^±50 and stops there, not converged.
    /// </summary>
    [Fact]
    public void AFitThatRunsOffTowardsZeroStopsAtTheBoundOfTheLogParameters()
    {
        var random = new Random(16);
        var customers = new List<RepeatSummary>();
        for (var i = 0; i < 570; i++)
        {
            var age = random.NextDouble() * 38;
            var yearly = i % 3 == 0;
            var repeats = yearly ? 0 : (int)(age / (4.35 + random.NextDouble() * 0.3));
            if (!yearly && random.NextDouble() < 0.3)
                repeats = random.Next(0, repeats + 1);
            customers.Add(new RepeatSummary(repeats, repeats * 4.4, age));
        }

        var fit = ParetoNbd.Fit([.. customers], TimeUnit.Weeks, BtydFitOptions.Default with { Penalizer = 1e-6, ComputeStandardErrors = false, MaxIterations = 60 });

        Assert.All(fit.Parameters.Values, value => Assert.InRange(Math.Abs(Math.Log(value)), 0, MaximumLikelihood.MaxLogParameter));
    }

    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(-1, 0, 1)]
    [InlineData(double.NaN, 0, 1)]
    [InlineData(1, double.PositiveInfinity, 1)]
    public void InverseOfAMatrixThatIsNotPositiveDefiniteIsNull(double a, double b, double d)
    {
        Assert.Null(MaximumLikelihood.Inverse(new double[,] { { a, b }, { b, d } }));
    }
}
