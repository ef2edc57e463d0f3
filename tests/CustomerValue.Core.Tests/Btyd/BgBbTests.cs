using CustomerValue.Core.Btyd;
using CustomerValue.Core.Tests.TestData;
using MathNet.Numerics;

namespace CustomerValue.Core.Tests.Btyd;

/// <summary>Fader, Hardie &amp; Shang (2010) on the donations data, and Hardie's note 010 workbook (BGBB 2011-01-20).</summary>
public sealed class BgBbTests
{
    static readonly BgBb Published = new(1.204, 0.750, 0.657, 2.783);

    static BgBb FitDonations()
    {
        var (patterns, donors) = SharedDatasets.Donations();
        return BgBb.Fit(patterns, donors);
    }

    [Fact]
    public void FitReproducesThePublishedDonationsParametersAtTheirPrintedPrecision()
    {
        var model = FitDonations();

        Assert.True(model.Diagnostics.Converged, model.Diagnostics.Message);
        Assert.Equal(1.204, Math.Round(model.Alpha, 3));
        Assert.Equal(0.750, Math.Round(model.Beta, 3));
        Assert.Equal(0.657, Math.Round(model.Gamma, 3));
        Assert.Equal(2.783, Math.Round(model.Delta, 3));
    }

    [Fact]
    public void FitReachesThePublishedLogLikelihood()
    {
        var model = FitDonations();

        Assert.Equal(-33225.6, Math.Round(model.LogLikelihood, 1));
    }

    [Fact]
    public void StandardErrorsArePositiveAndSmallerThanTheEstimates()
    {
        var model = FitDonations();

        Assert.All(model.Parameters, p => Assert.InRange(model.StandardErrors[p.Key], 1e-4, p.Value / 2));
    }

    // FHS 2010 table 6, P(alive in 2002) for donors last seen in 1995 (x = 0), 1999 with 2 repeat donations, 2001 with 6.
    [Theory]
    [InlineData(0, 0, 0.11)]
    [InlineData(2, 4, 0.59)]
    [InlineData(6, 6, 0.93)]
    public void ProbabilityAliveMatchesThePaperTable(int x, int tx, double expected)
    {
        var model = FitDonations();

        Assert.Equal(expected, Math.Round(model.ProbabilityAlive(new RepeatOpportunities(x, tx, 6)), 2));
    }

    // FHS 2010's worked example of conditional expectations for 2002–2006 (five opportunities after six): a donor who gave
    // in every year 1996–2001 ("Bob", x = 6, tₓ = 6) is expected to give 3.75 times, one who never gave again after 1995
    // ("Sarah", x = 0, tₓ = 0) 0.07 times. Printed figures as quoted from the paper at https://www.jbdon.com/probability-models.html.
    [Theory]
    [InlineData(6, 6, 3.75)]
    [InlineData(0, 0, 0.07)]
    public void ConditionalExpectationsOverTheNextFiveOpportunitiesMatchThePaperExample(int x, int tx, double expected)
    {
        var model = FitDonations();

        Assert.Equal(expected, Math.Round(model.ExpectedTransactions(5, new RepeatOpportunities(x, tx, 6)), 2));
    }

    // The same example's ranking: "Mary and Chris" (x = 4, tₓ = 6) are worth about 50 % more than "Sharmila" (x = 5, tₓ = 5),
    // who gave more often but has probably lapsed.
    [Fact]
    public void ARecentDonorIsWorthMoreThanAMoreFrequentLapsedOne()
    {
        var model = FitDonations();

        var ratio = model.ExpectedTransactions(5, new RepeatOpportunities(4, 6, 6)) / model.ExpectedTransactions(5, new RepeatOpportunities(5, 5, 6));

        Assert.Equal(1.5, Math.Round(ratio, 1));
    }

    [Fact]
    public void ConditionalExpectationsOverTheNextFiveOpportunitiesSumToTheWorkbookTotal()
    {
        var model = FitDonations();
        var (patterns, donors) = SharedDatasets.Donations();

        var total = patterns.Select((p, i) => donors[i] * model.ExpectedTransactions(5, p)).Sum();

        // Note 010 workbook, sheet "Conditional Expectations (II)", column F total.
        Assert.Equal(12884.2, Math.Round(total, 1));
    }

    [Fact]
    public void InSampleFitMatchesTheWorkbookCountsOfDonorsWithNoneAndAllSixRepeatDonations()
    {
        var model = FitDonations();

        // Note 010 workbook, sheet "In-Sample Fit", cells C18 and C24.
        Assert.Equal(3454.9, Math.Round(11104 * model.ProbabilityOfTransactions(0, 6), 1));
        Assert.Equal(1253.1, Math.Round(11104 * model.ProbabilityOfTransactions(6, 6), 1));
    }

    [Fact]
    public void ProbabilitiesOfTransactionCountsSumToOne()
    {
        var total = Enumerable.Range(0, 7).Sum(x => Published.ProbabilityOfTransactions(x, 6));

        Assert.Equal(1.0, total, 1e-12);
    }

    [Fact]
    public void UnconditionalExpectationsMatchTheWorkbookTrackingPlot()
    {
        var model = FitDonations();
        // Note 010 workbook, sheet "Tracking Plot", cells B7:B17: E[X(n)] for n = 1..11.
        double[] expected = [0.4985, 0.9233, 1.2969, 1.6323, 1.9381, 2.2202, 2.4826, 2.7285, 2.9603, 3.1798, 3.3887];

        var actual = Enumerable.Range(1, 11).Select(n => Math.Round(model.UnconditionalExpectedTransactions(n), 4)).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ExpectedTransactionsEqualThePaperClosedForm()
    {
        var (a, b, g, d) = (Published.Alpha, Published.Beta, Published.Gamma, Published.Delta);
        var customer = new RepeatOpportunities(3, 5, 6);
        const int n = 6, future = 10;
        var closed = Math.Exp(SpecialFunctions.BetaLn(a + 3 + 1, b + n - 3) - SpecialFunctions.BetaLn(a, b)
                - Published.LogLikelihoodOf(customer))
            * d / (g - 1) * Math.Exp(SpecialFunctions.GammaLn(g + d) - SpecialFunctions.GammaLn(1 + d))
            * (Math.Exp(SpecialFunctions.GammaLn(1 + d + n) - SpecialFunctions.GammaLn(g + d + n))
               - Math.Exp(SpecialFunctions.GammaLn(1 + d + n + future) - SpecialFunctions.GammaLn(g + d + n + future)));

        Assert.Equal(closed, Published.ExpectedTransactions(future, customer), 1e-12);
    }

    [Theory]
    [InlineData(1.204, 0.750, 0.657, 2.783, 0, 0, 6)]
    [InlineData(1.204, 0.750, 0.657, 2.783, 2, 4, 6)]
    [InlineData(0.3, 4.0, 2.5, 0.4, 3, 9, 12)]
    public void AnalyticGradientMatchesFiniteDifferences(double alpha, double beta, double gamma, double delta, int x, int tx, int n)
    {
        double[] theta = [alpha, beta, gamma, delta];
        var analytic = new double[4];
        Row(theta, analytic);

        for (var j = 0; j < 4; j++)
        {
            var h = 1e-6 * theta[j];
            double[] up = [.. theta], down = [.. theta];
            up[j] += h;
            down[j] -= h;
            var numeric = (Row(up, new double[4]) - Row(down, new double[4])) / (2 * h);
            Assert.Equal(numeric, analytic[j], 1e-6 * Math.Max(1, Math.Abs(numeric)));
        }

        double Row(double[] t, double[] gradient) =>
            BetaGeometricBetaBernoulliLikelihood.RowLogLikelihood(t[0], t[1], t[2], t[3], x, tx, n,
                SpecialFunctions.BetaLn(t[0], t[1]), SpecialFunctions.BetaLn(t[2], t[3]),
                SpecialFunctions.DiGamma(t[0]), SpecialFunctions.DiGamma(t[1]),
                SpecialFunctions.DiGamma(t[0] + t[1]), SpecialFunctions.DiGamma(t[2]),
                SpecialFunctions.DiGamma(t[3]), SpecialFunctions.DiGamma(t[2] + t[3]), gradient);
    }

    [Fact]
    public void WeightedPatternsGiveTheSameFitAsOneRowPerDonor()
    {
        var (patterns, donors) = SharedDatasets.Donations();
        var expanded = patterns.SelectMany((p, i) => Enumerable.Repeat(p, (int)donors[i])).ToArray();

        var weighted = BgBb.Fit(patterns, donors);
        var full = BgBb.Fit(expanded);

        Assert.Equal(weighted.LogLikelihood, full.LogLikelihood, 1e-6);
        Assert.Equal(weighted.Delta, full.Delta, 1e-9);
    }

    [Fact]
    public void ARecencyBeforeTheFrequencyIsRejectedNamingTheCustomer()
    {
        var error = Assert.Throws<ArgumentException>(() => BgBb.Fit([new RepeatOpportunities(1, 1, 6), new RepeatOpportunities(3, 2, 6)]));

        Assert.Contains("Customer 1", error.Message);
    }
}
