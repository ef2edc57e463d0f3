using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;

namespace CustomerValue.Core.Tests.Features;

public sealed class OrderHistoryTests
{
    static LedgerEntry Entry(string customer, int year, int month, int day, double amount) =>
        new(customer, new DateTime(year, month, day, 12, 0, 0, DateTimeKind.Unspecified), amount);

    static IReadOnlyList<MonthlyOrders> HistoryOf(string customer, DateOnly asOf, params LedgerEntry[] entries)
    {
        var customers = FeatureBuilder.BuildBaseFromEntries(entries, () => null, asOf);
        return customers.Single(r => r.Features.CustomerId == customer).OrderHistory!;
    }

    [Fact]
    public void TheScoringPassKeepsMonthlyTotalsOfTheLast24MonthsUpToTheAsOfDate()
    {
        var history = HistoryOf("c", new DateOnly(2025, 6, 15),
            Entry("c", 2023, 6, 30, 500),   // before the window (July 2023 – June 2025)
            Entry("c", 2023, 7, 1, 10),
            Entry("c", 2024, 2, 3, 20),
            Entry("c", 2024, 2, 3, 5),      // same day: one order of 25
            Entry("c", 2024, 2, 20, 30),
            Entry("c", 2024, 3, 9, -15),    // a return alone: an amount, not an order
            Entry("c", 2025, 6, 15, 40),
            Entry("c", 2025, 6, 16, 99));   // after the as-of date

        Assert.Equal(
            [
                new MonthlyOrders(new DateOnly(2023, 7, 1), 1, 10),
                new MonthlyOrders(new DateOnly(2024, 2, 1), 2, 55),
                new MonthlyOrders(new DateOnly(2024, 3, 1), 0, -15),
                new MonthlyOrders(new DateOnly(2025, 6, 1), 1, 40),
            ],
            history);
    }

    [Fact]
    public void TheChartHasAPointPerMonthFromTheFirstStoredOneToTheAsOfMonth()
    {
        var asOf = new DateOnly(2025, 6, 15);
        IReadOnlyList<MonthlyOrders> stored = [new(new DateOnly(2025, 2, 1), 1, 10), new(new DateOnly(2025, 5, 1), 2, 30)];

        var points = OrderHistory.Filled(stored, asOf);

        Assert.Equal([new DateOnly(2025, 2, 1), new DateOnly(2025, 3, 1), new DateOnly(2025, 4, 1), new DateOnly(2025, 5, 1), new DateOnly(2025, 6, 1)],
            points.Select(p => p.Month));
        Assert.Equal([10, 0, 0, 30, 0], points.Select(p => p.Amount));
        Assert.Empty(OrderHistory.Filled([], asOf));
    }

    [Fact]
    public void TrainingFeaturesCarryNoHistory()
    {
        var features = FeatureBuilder.Build([new Transaction("c", new DateTime(2025, 1, 2), 10)], null, new DateOnly(2025, 3, 1));

        Assert.Null(features.Rows.Single().OrderHistory);
    }
}
