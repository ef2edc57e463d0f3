namespace CustomerValue.Core.Btyd;

/// <summary>Discounted customer lifetime value from a transaction model and an expected spend per transaction.</summary>
public static class CustomerLifetimeValue
{
    /// <summary>
    /// Σₖ₌₁..periods [E(k·L) − E((k−1)·L)] · spend / (1 + d)ᵏ, with E(t) the expected purchases in the next t model
    /// units and L = <paramref name="periodLength"/> model units (lifetimes' <c>customer_lifetime_value</c> with
    /// months of 4.345 weeks is periodLength = 4.345 on weekly data).
    /// </summary>
    /// <param name="discountRatePerPeriod">d, the discount rate of one period (0.01 per month ≈ 12.7 % a year).</param>
    public static double Discounted(ITransactionModel transactions, RepeatSummary customer, double expectedSpend,
        int periods, double periodLength, double discountRatePerPeriod)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentOutOfRangeException.ThrowIfNegative(periods);
        if (!(periodLength > 0) || !double.IsFinite(periodLength))
        {
            throw new ArgumentOutOfRangeException(nameof(periodLength), periodLength, "The period length must be positive.");
        }

        if (!(discountRatePerPeriod > -1) || !double.IsFinite(discountRatePerPeriod))
        {
            throw new ArgumentOutOfRangeException(nameof(discountRatePerPeriod), discountRatePerPeriod, "The discount rate must exceed −1.");
        }

        if (!double.IsFinite(expectedSpend))
        {
            throw new ArgumentOutOfRangeException(nameof(expectedSpend), expectedSpend, "The expected spend must be finite.");
        }

        double value = 0, previous = 0, discount = 1;
        for (var k = 1; k <= periods; k++)
        {
            var cumulative = transactions.ExpectedPurchases(k * periodLength, customer);
            discount /= 1 + discountRatePerPeriod;
            value += (cumulative - previous) * expectedSpend * discount;
            previous = cumulative;
        }

        return value;
    }

    /// <summary>As above with the Gamma-Gamma conditional expected spend of the customer.</summary>
    /// <exception cref="InvalidOperationException">The spend model has q ≤ 1 (no finite mean).</exception>
    public static double Discounted(ITransactionModel transactions, GammaGamma spend, RepeatSummary customer,
        int periods, double periodLength, double discountRatePerPeriod)
    {
        ArgumentNullException.ThrowIfNull(spend);
        return Discounted(transactions, customer, spend.ConditionalExpectedSpend(customer), periods, periodLength, discountRatePerPeriod);
    }
}
