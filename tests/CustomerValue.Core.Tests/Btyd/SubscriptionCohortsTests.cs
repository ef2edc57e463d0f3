using CustomerValue.Core.Btyd;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Tests.Btyd;

public sealed class SubscriptionCohortsTests
{
    static Transaction Charge(string customer, int year, int month, int day, double amount = 9.99) =>
        new(customer, new DateTime(year, month, day), amount);

    [Fact]
    public void CustomersCountFromTheirFirstChargesMonthThroughTheirLastWithinTheCompleteMonths()
    {
        Transaction[] charges =
        [
            // January's cohort: a stays three months, b one, c skips March and comes back in April (still subscribed).
            Charge("a", 2024, 1, 5), Charge("a", 2024, 2, 5), Charge("a", 2024, 3, 5),
            Charge("b", 2024, 1, 20),
            Charge("c", 2024, 1, 31), Charge("c", 2024, 2, 29), Charge("c", 2024, 4, 30),
            // A refund is no charge; d's only charge is March's.
            Charge("d", 2024, 2, 10, -9.99), Charge("d", 2024, 3, 10),
            // The data ends on 15 May: May is not complete, so the cohorts run to April, and e (first charged in May) is out.
            Charge("e", 2024, 5, 15), Charge("a", 2024, 5, 5, 0),
        ];

        var cohorts = SubscriptionCohorts.Monthly(charges, out var through);

        Assert.Equal(new DateOnly(2024, 4, 1), through);
        Assert.Equal(["2024-01", "2024-03"], cohorts.Select(c => c.Cohort));
        Assert.Equal([3.0, 2, 2, 1], cohorts[0].Survivors);
        Assert.Equal([1.0, 0], cohorts[1].Survivors);
        Assert.All(cohorts, c => c.Validate());
    }

    [Fact]
    public void AMonthThatEndsTheDataIsCountedWhenItsLastDayIsIn()
    {
        var cohorts = SubscriptionCohorts.Monthly([Charge("a", 2024, 1, 5), Charge("a", 2024, 2, 29)], out var through);

        Assert.Equal(new DateOnly(2024, 2, 1), through);
        Assert.Equal([1.0, 1], Assert.Single(cohorts).Survivors);
    }
}
