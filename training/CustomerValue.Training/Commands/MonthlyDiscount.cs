using CustomerValue.Core.Btyd;

namespace CustomerValue.Training.Commands;

/// <summary>
/// Purchases discounted month by month, as lifetimes' <c>customer_lifetime_value</c> does: the purchases expected in month
/// i (E[X(tᵢ)] − E[X(tᵢ₋₁)]) count 1 / (1 + rate)ⁱ. A month is 365.25 / 12 days in every time unit (lifetimes takes 30
/// days, or 4.345 weeks); a horizon that is not a whole number of months ends with the part of a month it covers,
/// discounted as the month it falls in.
/// </summary>
sealed record MonthlyDiscount(double Rate, TimeUnit Unit)
{
    /// <summary>The discounted expected purchases of <paramref name="customer"/> over <paramref name="horizon"/> (in <see cref="Unit"/>).</summary>
    public double Value(ITransactionModel model, RepeatSummary customer, double horizon)
    {
        var month = 365.25 / 12 / Unit.Days();
        var total = 0.0;
        var before = 0.0;
        for (var i = 1; (i - 1) * month < horizon; i++)
        {
            var expected = model.ExpectedPurchases(Math.Min(i * month, horizon), customer);
            total += (expected - before) / Math.Pow(1 + Rate, i);
            before = expected;
        }
        return total;
    }
}
