using CustomerValue.Core.Btyd;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Btyd;

public sealed class ParetoNbdTests
{
    static readonly ParetoNbd Published = new(0.5533, 10.578, 0.6062, 11.667, TimeUnit.Weeks);

    [Fact]
    public void FitReproducesThePublishedCdnowParameters()
    {
        var model = ParetoNbd.Fit(SharedDatasets.CdnowSummary(), TimeUnit.Weeks);

        Assert.True(model.Diagnostics.Converged, model.Diagnostics.Message);
        Assert.Equal(0.5533, model.Parameters["r"], 0.0005);
        Assert.Equal(10.578, model.Parameters["alpha"], 0.005);
        Assert.Equal(0.6062, model.Parameters["s"], 0.0005);
        Assert.Equal(11.667, model.Parameters["beta"], 0.01);
    }

    [Fact]
    public void FitReachesThePublishedLogLikelihood()
    {
        var model = ParetoNbd.Fit(SharedDatasets.CdnowSummary(), TimeUnit.Weeks);

        Assert.Equal(-9594.97, model.LogLikelihood, 0.01);
    }

    [Fact]
    public void StandardErrorsArePositiveAndSmallerThanTheEstimates()
    {
        var model = ParetoNbd.Fit(SharedDatasets.CdnowSummary(), TimeUnit.Weeks);

        Assert.All(model.Parameters, p => Assert.InRange(model.StandardErrors[p.Key], 1e-4, p.Value));
    }

    [Fact]
    public void ConditionalExpectationMatchesThePublishedHeavyBuyer()
    {
        var expected = Published.ExpectedPurchases(52, new RepeatSummary(26, 30.86, 31));

        Assert.Equal(25.46, expected, 0.01);
    }

    [Fact]
    public void SeriesLikelihoodAgreesWithTheHypergeometricForm()
    {
        Span<double> gradient = stackalloc double[4];
        var head = MathNet.Numerics.SpecialFunctions.GammaLn(0.5533 + 4) - MathNet.Numerics.SpecialFunctions.GammaLn(0.5533)
            + 0.5533 * Math.Log(10.578) + 0.6062 * Math.Log(11.667);

        var series = head + ParetoNbdLikelihood.RowLogLikelihood(0.5533, 10.578, 0.6062, 11.667, 4, 12.5, 38.86, gradient, out var converged);

        Assert.True(converged);
        Assert.Equal(Published.LogLikelihoodOf(new RepeatSummary(4, 12.5, 38.86)), series, 1e-12);
    }

    [Theory]
    [InlineData(0.5533, 10.578, 0.6062, 11.667, 4, 12.5, 38.86)]
    [InlineData(0.5533, 30.0, 1.3, 2.0, 7, 30.1, 35.0)]
    [InlineData(2.0, 0.4, 0.8, 40.0, 0, 0, 32.0)]
    [InlineData(0.8, 0.05, 0.5, 400.0, 2, 0.5, 60.0)]
    [InlineData(0.75, 4.7, 1e5, 2e6, 3, 20, 30)]
    [InlineData(3.0, 900.0, 0.4, 0.02, 1, 0.2, 80.0)]
    public void AnalyticGradientMatchesFiniteDifferences(double r, double alpha, double s, double beta, double x, double tx, double T)
    {
        Span<double> analytic = stackalloc double[4];
        ParetoNbdLikelihood.RowLogLikelihood(r, alpha, s, beta, x, tx, T, analytic, out var converged);

        Assert.True(converged);
        AssertFiniteDifferences([r, alpha, s, beta], x, tx, T, analytic);
    }

    /// <summary>Each of <paramref name="analytic"/>'s derivatives against central differences of the row's log-likelihood.</summary>
    static void AssertFiniteDifferences(double[] theta, double x, double tx, double T, ReadOnlySpan<double> analytic)
    {
        Span<double> ignored = stackalloc double[4];
        for (var j = 0; j < 4; j++)
        {
            var h = 1e-6 * theta[j];
            double[] up = [.. theta], down = [.. theta];
            up[j] += h;
            down[j] -= h;
            var numeric = (ParetoNbdLikelihood.RowLogLikelihood(up[0], up[1], up[2], up[3], x, tx, T, ignored, out _)
                - ParetoNbdLikelihood.RowLogLikelihood(down[0], down[1], down[2], down[3], x, tx, T, ignored, out _)) / (2 * h);
            Assert.Equal(numeric, analytic[j], 1e-5 * Math.Max(1, Math.Abs(numeric)));
        }
    }

    /// <summary>Rows the series handles, and rows near z₁ = 1 or on the ridge where it would need thousands of terms.</summary>
    [Theory]
    [InlineData(0.5533, 10.578, 0.6062, 11.667, 4, 12.5, 38.86)]
    [InlineData(0.5533, 30.0, 1.3, 2.0, 7, 30.1, 35.0)]
    [InlineData(0.8, 0.05, 0.5, 400.0, 2, 0.5, 60.0)]
    [InlineData(0.75, 4.7, 1e5, 2e6, 3, 20, 30)]
    [InlineData(3.0, 900.0, 0.4, 0.02, 1, 0.2, 80.0)]
    public void QuadratureAgreesWithTheHypergeometricForm(double r, double alpha, double s, double beta, double x, double tx, double T)
    {
        var expected = ParetoNbd.RowLogLikelihood(r, alpha, s, beta, x, tx, T);
        var head = MathNet.Numerics.SpecialFunctions.GammaLn(r + x) - MathNet.Numerics.SpecialFunctions.GammaLn(r)
            + r * Math.Log(alpha) + s * Math.Log(beta);
        var alive = -(r + x) * Math.Log(alpha + T) - s * Math.Log(beta + T);

        var second = Math.Log(s) + ParetoNbd.LogDropoutIntegral(r + x, alpha, s + 1, beta, tx, T, out _, out _, out _, out _);

        Assert.Equal(expected, head + BtydMath.LogAddExp(alive, second, out _), 1e-9 * Math.Max(1, Math.Abs(expected)));
    }

    /// <summary>
    /// A regular of thirteen years (366 purchase weeks over 564; 726 over 641) at the fit's starting values: the series'
    /// terms peak past the largest double, and its row was +∞ with a NaN gradient, so the whole Pareto/NBD fit stopped
    /// "not finite at the starting values" on a 50,000-customer base of 14 years. The row now agrees with the ₂F₁ form,
    /// and its gradient with finite differences.
    /// </summary>
    [Theory]
    [InlineData(366, 235.1429, 564.2857)]
    [InlineData(726, 469.4286, 640.5714)]
    [InlineData(548, 561, 561.4286)]
    public void ARowOfHundredsOfPurchasesOverYearsIsFiniteAndAgreesWithTheHypergeometricForm(double x, double tx, double T)
    {
        double r = 1, alpha = 19.6782, s = 1, beta = 332.9782;
        Span<double> gradient = stackalloc double[4];

        var row = ParetoNbdLikelihood.RowLogLikelihood(r, alpha, s, beta, x, tx, T, gradient, out var converged);
        var head = MathNet.Numerics.SpecialFunctions.GammaLn(r + x) - MathNet.Numerics.SpecialFunctions.GammaLn(r) + r * Math.Log(alpha) + s * Math.Log(beta);
        var expected = ParetoNbd.RowLogLikelihood(r, alpha, s, beta, x, tx, T);

        Assert.True(converged);
        Assert.Equal(expected, head + row, 1e-9 * Math.Abs(expected));
        AssertFiniteDifferences([r, alpha, s, beta], x, tx, T, gradient);
    }

    /// <summary>
    /// Points an optimizer's line search can try: α or β underflowed to 0 at tₓ = 0 (a decay length of 0 and an integrand
    /// of ∞ − ∞), shapes beyond any double. The integral is undefined there and says so with NaN, which the fit reads as
    /// an infinitely bad point; it used to loop for ever on the first of them (cvml train on a purchase-event file hung).
    /// </summary>
    [Theory]
    [InlineData(5.0, 0.0, 2.0, 1.0, 0.0, 10.0)]
    [InlineData(5.0, 1.0, 2.0, 0.0, 0.0, 10.0)]
    [InlineData(double.PositiveInfinity, 1.0, 2.0, 1.0, 0.0, 10.0)]
    [InlineData(5.0, 1.0, double.NaN, 1.0, 1.0, 10.0)]
    public async Task TheDropoutIntegralIsNaNWhereItIsUndefinedAndReturns(double k, double alpha, double l, double beta, double tx, double T)
    {
        var integral = await Task.Run(() => ParetoNbd.LogDropoutIntegral(k, alpha, l, beta, tx, T, out _, out _, out _, out _))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(double.IsNaN(integral));
    }

    [Fact]
    public void UnconditionalPurchaseCountProbabilitiesSumToOneWithTheUnconditionalMean()
    {
        var probabilities = Enumerable.Range(0, 200).Select(n => Published.ProbabilityOfPurchases(n, 39)).ToArray();

        Assert.Equal(1.0, probabilities.Sum(), 1e-6);
        Assert.Equal(Published.UnconditionalExpectedPurchases(39), probabilities.Select((p, n) => p * n).Sum(), 1e-4);
    }

    [Fact]
    public void ConditionalPurchaseCountProbabilitiesAverageToTheConditionalExpectation()
    {
        var customer = new RepeatSummary(2, 30.43, 38.86);

        var probabilities = Enumerable.Range(0, 200).Select(n => Published.ConditionalProbabilityOfPurchases(n, 39, customer)).ToArray();

        Assert.Equal(1.0, probabilities.Sum(), 1e-6);
        Assert.Equal(Published.ExpectedPurchases(39, customer), probabilities.Select((p, n) => p * n).Sum(), 1e-4);
    }

    [Fact]
    public void CustomersWithoutRepeatPurchasesLoseAliveProbabilityWithAge()
    {
        var young = Published.ProbabilityAlive(new RepeatSummary(0, 0, 5));
        var old = Published.ProbabilityAlive(new RepeatSummary(0, 0, 50));

        Assert.True(old < young && young < 1, $"young {young}, old {old}");
    }

    /// <summary>
    /// On the ridge where λ's and μ's gammas are point masses (λ = 2, μ = 0.05 a week) P(alive) is
    /// 1/(1 + μ/(λ+μ)·(e^((λ+μ)(T−tₓ)) − 1)) ≈ 5.1e-8 ten weeks after the last purchase; the ₂F₁ difference of note 009
    /// cancelled to nothing there and said 1. References: the dropout integral by mpmath quadrature at 40 digits.
    /// </summary>
    [Theory]
    [InlineData(2e6, 1e6, 1e5, 2e6, 3, 20, 30, 5.1280243506447406059e-8)]
    [InlineData(0.75, 4.7, 1e5, 2e6, 3, 20, 30, 0.42865312521311581848)]
    [InlineData(0.75, 4.7, 1e5, 2e6, 1, 0.5, 0.857, 0.98126817024871249144)]
    public void ProbabilityAliveOnARidgeMatchesTheDropoutIntegral(double r, double alpha, double s, double beta, double x, double tx, double age, double expected)
    {
        var alive = new ParetoNbd(r, alpha, s, beta, TimeUnit.Weeks).ProbabilityAlive(new RepeatSummary(x, tx, age));

        Assert.Equal(expected, alive, expected * 1e-8);
    }
    /// <summary>
    /// A coffee shop's regular (284 purchase days, the last two days before the cutoff) under a fit from its base: every
    /// representation of note 009's ₂F₁ needs millions of terms here (Euler's overflows, A&amp;S 15.3.6 cancels, the direct
    /// series crawls), and training 800 such customers took 200 s. Past a few thousand terms the dropout integral answers:
    /// checked against Simpson's rule on the integral itself.
    /// </summary>
    [Fact]
    public void ARegularWithHundredsOfPurchaseDaysGetsPAliveFromTheDropoutIntegralWhereTheSeriesCrawl()
    {
        double r = 5.5946892198614036, alpha = 2.243938200185335, s = 14.066202164204787, beta = 1097.472825339477;
        double x = 284, tx = 75.28571428571429, age = 75.57142857142857;
        double m = r + s + x, q = r + x, d = beta - alpha;

        Assert.True(double.IsNaN(Hypergeometric.Gauss2F1(m, q, m + 1, d / (beta + tx), ParetoNbd.SeriesTermsBeforeQuadrature)));
        var alive = new ParetoNbd(r, alpha, s, beta, TimeUnit.Weeks).ProbabilityAlive(new RepeatSummary(x, tx, age));

        // P(alive) = A / (A + s·I): A = (α+T)^−(r+x) (β+T)^−s, I = ∫ from tₓ to T of (α+y)^−(r+x) (β+y)^−(s+1) dy, both
        // scaled by the integrand at tₓ.
        double Log(double y, double l) => (-(r + x) * Math.Log(alpha + y)) - (l * Math.Log(beta + y));
        var top = Log(tx, s + 1);
        const int Steps = 20_000;
        var h = (age - tx) / Steps;
        double integral = 0;
        for (var i = 0; i <= Steps; i++)
            integral += (i == 0 || i == Steps ? 1 : i % 2 == 1 ? 4 : 2) * Math.Exp(Log(tx + (i * h), s + 1) - top);
        integral *= h / 3;
        var atAge = Math.Exp(Log(age, s) - top);
        Assert.Equal(atAge / (atAge + (s * integral)), alive, 1e-10);
        Assert.InRange(alive, 0.5, 1);
    }
}
