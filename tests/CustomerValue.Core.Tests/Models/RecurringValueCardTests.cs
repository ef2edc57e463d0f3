using CustomerValue.Core.Data;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Core.Tests.Models;

/// <summary>
/// A churn table's customer is worth their charge times the periods they are expected to pay within the horizon: the
/// periods run on while they stay, each with the churn per period their churn probability gives, and stop at the horizon.
/// </summary>
public sealed class RecurringValueCardTests
{
    // 100 of 1,000 customers left over 10,000 months of tenure: 1 % a month for a customer at the table's 10 % churn probability.
    static readonly RecurringValueCard Card = new("fee", "tenure", BillingPeriod.Month, 1_000, 100, 10_000, 0.01, 0.10, "");

    [Fact]
    public void ACustomerAtTheTablesChurnRatePaysTheGeometricShareOfTheHorizon()
    {
        var value = Card.ValueOf(50, churnProbability: 0.10, horizonDays: 365);

        // Σ_{k=1..12} 0.99^k = 0.99 (1 − 0.99¹²) / 0.01
        var periods = 0.99 * (1 - Math.Pow(0.99, 12)) / 0.01;
        Assert.Equal(periods, value.ExpectedPeriods, 10);
        Assert.Equal(50 * periods, value.Value, 8);
        // P(K ≤ k) = 1 − 0.99^(k+1) for k < 12: 10 % is passed at k = 10 (1 − 0.99¹¹ = 10.5 %); the 90th percentile is the horizon.
        Assert.Equal(50 * 10, value.P10, 8);
        Assert.Equal(50 * 12, value.P90, 8);
    }

    [Fact]
    public void TheChurnPerPeriodScalesWithTheCustomersOwnChurnProbability()
    {
        Assert.Equal(0.01, Card.ChurnPerPeriodOf(0.10), 12);
        Assert.Equal(0.05, Card.ChurnPerPeriodOf(0.50), 12);
        Assert.Equal(0, Card.ChurnPerPeriodOf(0), 12);
        Assert.True(Card.ValueOf(50, 0.50, 365).Value < Card.ValueOf(50, 0.10, 365).Value);
        // Certain to stay: every period of the horizon; a 92-day horizon is three months.
        Assert.Equal(50 * 12, Card.ValueOf(50, 0, 365).Value, 8);
        Assert.Equal(3, Card.HorizonPeriods(92));
    }

    [Fact]
    public void AChurnRateOfOneAPeriodPaysNothingAndAMissingChargeIsWorthNothing()
    {
        var gone = new RecurringValueCard("fee", "tenure", BillingPeriod.Month, 10, 10, 10, 1, 0.5, "");

        Assert.Equal(default, gone.ValueOf(50, 0.9, 365) with { ExpectedPeriods = 0 });
        Assert.Equal(0, gone.ValueOf(50, 0.9, 365).ExpectedPeriods, 12);
        Assert.Equal(default, Card.ValueOf(double.NaN, 0.1, 365));
        Assert.Equal(default, Card.ValueOf(0, 0.1, 365));
    }
}
