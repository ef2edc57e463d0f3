using CustomerValue.Core.Btyd;

namespace CustomerValue.Core.Tests.Btyd;

public sealed class CustomerLifetimeValueTests
{
    static readonly BgNbd Transactions = new(0.2426, 4.4135, 0.7929, 2.4258, TimeUnit.Weeks);
    static readonly RepeatSummary Customer = new(2, 30.43, 38.86, 22.35);

    [Fact]
    public void WithoutDiscountingValueIsExpectedPurchasesOverTheHorizonTimesSpend()
    {
        var value = CustomerLifetimeValue.Discounted(Transactions, Customer, expectedSpend: 40, periods: 12, periodLength: 4.345, discountRatePerPeriod: 0);

        Assert.Equal(Transactions.ExpectedPurchases(12 * 4.345, Customer) * 40, value, 1e-9);
    }

    [Fact]
    public void DiscountingWeighsEachPeriodByItsDiscountFactor()
    {
        var expected = Enumerable.Range(1, 12).Sum(k =>
            (Transactions.ExpectedPurchases(k * 4.345, Customer) - Transactions.ExpectedPurchases((k - 1) * 4.345, Customer)) * 40 / Math.Pow(1.01, k));

        var value = CustomerLifetimeValue.Discounted(Transactions, Customer, 40, 12, 4.345, 0.01);

        Assert.Equal(expected, value, 1e-9);
    }

    [Fact]
    public void GammaGammaSpendWithUndefinedMeanIsRefused()
    {
        Assert.Throws<InvalidOperationException>(() =>
            CustomerLifetimeValue.Discounted(Transactions, new GammaGamma(2, 0.9, 10), Customer, 12, 4.345, 0.01));
    }
}
