using CustomerValue.Core.Btyd;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Btyd;

public sealed class MbgNbdTests
{
    static readonly MbgNbd Published = new(0.525, 6.183, 0.891, 1.614, TimeUnit.Weeks);

    [Fact]
    public void FitReproducesTheLifetimesCdnowParameters()
    {
        var model = MbgNbd.Fit(SharedDatasets.CdnowSummary(), TimeUnit.Weeks);

        Assert.True(model.Diagnostics.Converged, model.Diagnostics.Message);
        Assert.Equal(0.525, model.Parameters["r"], 0.001);
        Assert.Equal(6.183, model.Parameters["alpha"], 0.005);
        Assert.Equal(0.891, model.Parameters["a"], 0.001);
        Assert.Equal(1.614, model.Parameters["b"], 0.005);
    }

    [Fact]
    public void CustomersWithoutRepeatPurchasesAreNotAssumedAlive()
    {
        var alive = Published.ProbabilityAlive(new RepeatSummary(0, 0, 38.86));

        Assert.InRange(alive, 0.01, 0.99);
    }

    [Fact]
    public void PurchaseCountProbabilitiesSumToOneWithTheUnconditionalMean()
    {
        var probabilities = Enumerable.Range(0, 400).Select(n => Published.ProbabilityOfPurchases(n, 39)).ToArray();

        Assert.Equal(1.0, probabilities.Sum(), 1e-9);
        Assert.Equal(Published.UnconditionalExpectedPurchases(39), probabilities.Select((p, n) => p * n).Sum(), 1e-6);
    }

    [Fact]
    public void ConditionalExpectationForANewCustomerEqualsTheUnconditionalOne()
    {
        var conditional = Published.ExpectedPurchases(39, new RepeatSummary(0, 0, 0));

        Assert.Equal(Published.UnconditionalExpectedPurchases(39), conditional, 1e-10);
    }

    // BG/NBD's ridge parameters of a young snapshot (BgNbdTests.Ridge) in MBG/NBD's formula; references from its
    // untransformed expectation, the series summed term by term in mpmath at 50 digits.
    [Theory]
    [InlineData(0, 0, 6.0 / 7, 4.8666634648708485098)]
    [InlineData(3, 20, 30, 4.1336399457684536425)]
    [InlineData(1, 0.5, 6.0 / 7, 9.6663697510198520766)]
    public void ExpectedPurchasesOnTheRidgeWherePIsAPointMassMatchAnIndependentEvaluation(double x, double tx, double age, double expected)
    {
        var ridge = new MbgNbd(r: 0.7487745849182877, alpha: 4.736678546905008, a: 102456.55500441804, b: 2173776.180786201, TimeUnit.Weeks);

        var purchases = ridge.ExpectedPurchases(365.0 / 7, new RepeatSummary(x, tx, age));

        Assert.Equal(expected, purchases, expected * 1e-9);
    }
}

