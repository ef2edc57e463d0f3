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
