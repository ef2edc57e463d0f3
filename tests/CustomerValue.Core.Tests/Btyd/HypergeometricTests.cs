using CustomerValue.Core.Btyd;

namespace CustomerValue.Core.Tests.Btyd;

public sealed class HypergeometricTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.95)]
    [InlineData(0.999)]
    [InlineData(-0.5)]
    [InlineData(-3)]
    [InlineData(-50)]
    public void LogarithmIdentityHoldsAcrossTheRealLine(double z)
    {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z; c − a − b = 0 exercises the integer case.
        Assert.Equal(-Math.Log(1 - z) / z, Hypergeometric.Gauss2F1(1, 1, 2, z), 1e-12);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.97)]
    [InlineData(0.9999)]
    public void ArcsineIdentityHoldsNearOne(double z2)
    {
        var z = Math.Sqrt(z2);

        Assert.Equal(Math.Asin(z) / z, Hypergeometric.Gauss2F1(0.5, 0.5, 1.5, z2), 1e-12);
    }

    [Theory]
    [InlineData(2.7, 0.93)]
    [InlineData(-1.3, -4)]
    public void PowerIdentityHolds(double a, double z)
    {
        // ₂F₁(a, b; b; z) = (1 − z)^−a.
        Assert.Equal(Math.Pow(1 - z, -a), Hypergeometric.Gauss2F1(a, 1.9, 1.9, z), 1e-11);
    }

    [Fact]
    public void GaussSumGivesTheValueAtOne()
    {
        // Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) with a=0.5, b=0.25, c=2: Γ(2)Γ(1.25)/(Γ(1.5)Γ(1.75)).
        Assert.Equal(1.1128357888987642, Hypergeometric.Gauss2F1(0.5, 0.25, 2, 1), 1e-12);
    }

    // Reference values from mpmath.hyp2f1 at 25 digits.
    [Theory]
    [InlineData(0.2426, 2.4258, 2.2187, 78 / 82.4135, 2.387015266891426)]
    [InlineData(30.5, 12.2, 31.5, 0.97, 2.934589831377776633e17)]
    [InlineData(1.6, 0.5, 3.1, 0.95, 1.5736749739528199)]
    public void ValuesNearOneMatchMpmath(double a, double b, double c, double z, double expected)
    {
        Assert.Equal(1.0, Hypergeometric.Gauss2F1(a, b, c, z) / expected, 1e-11);
    }

    [Fact]
    public void ArgumentAboveOneIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Gauss2F1(1, 1, 2, 1.5));
    }

    /// <summary>
    /// BG/NBD's untransformed eq. 10 at a fit on the ridge of a young snapshot (a ≈ 10⁵, b ≈ 2·10⁶): z is above 0.9, but
    /// A&amp;S 15.3.6 would sum a series with c ≈ −10⁵ whose terms overflow; the direct series converges in a few hundred
    /// terms. Reference from mpmath at 50 digits.
    /// </summary>
    [Fact]
    public void ATransformationThatOverflowsGivesWayToOneThatConverges()
    {
        var value = Hypergeometric.Gauss2F1(0.7487745849182877, 2173776.180786201, 2276231.735790619, 0.9031149427914619);

        Assert.Equal(1.0, value / 4.4170674982659466197, 1e-11);
    }

    /// <summary>
    /// The Euler-transformed eq. 10 at the same fit: ₂F₁(a+b−1−r, a−1; a+b+x−1; z) is about e^239000, beyond a double in
    /// every representation. It is NaN, for the caller to fall back on, not an exception.
    /// </summary>
    [Fact]
    public void AValueBeyondTheDoubleRangeInEveryRepresentationIsNaNNotAnException()
    {
        var value = Hypergeometric.Gauss2F1(2276231.9866300, 102455.55500441804, 2276231.735790619, 0.9031149427914619);

        Assert.True(double.IsNaN(value));
    }

    [Fact]
    public void TheSeriesAddsAndStopsAtTheSameTermsAsWhenEachRatioWasWorkedOutTwice()
    {
        // Positive parameters with c well above a and b and z in (0, 0.9]: the plain power series answers, every term
        // positive. The series once worked out each ratio afresh and the tail bound's next ratio on its own; the sums,
        // and so the steps they stop at, must keep every bit.
        var random = new Random(17);
        for (var i = 0; i < 2_000; i++)
        {
            var a = i % 4 == 0 ? 1 : 0.1 + 30 * random.NextDouble();
            var b = 0.1 + 30 * random.NextDouble();
            var c = a + b + 0.5 + 20 * random.NextDouble();
            var z = 0.01 + 0.89 * random.NextDouble();
            Assert.Equal(BitConverter.DoubleToInt64Bits(TwoRatioSeries(a, b, c, z)), BitConverter.DoubleToInt64Bits(Hypergeometric.Gauss2F1(a, b, c, z)));
        }
    }

    /// <summary>The series loop as it stood at 557020d, for the parameters above (no overflow, no cancellation).</summary>
    static double TwoRatioSeries(double a, double b, double c, double z)
    {
        double sum = 1, term = 1;
        for (var k = 0; ; k++)
        {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            var next = Math.Abs((a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2)) * z);
            if (term == 0 || (next < 1 && Math.Abs(term) * next / (1 - next) <= 1e-16 * Math.Abs(sum)))
                return sum;
        }
    }
}
