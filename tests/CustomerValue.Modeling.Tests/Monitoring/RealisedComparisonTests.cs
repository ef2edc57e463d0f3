using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;
using CustomerValue.Modeling.Monitoring;

namespace CustomerValue.Modeling.Tests.Monitoring;

public sealed class RealisedComparisonTests
{
    static readonly DateOnly AsOf = new(2025, 1, 1);
    static readonly ScoringRun Run = new("r1", "v1", AsOf, new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc), null, 4, 0, 1, ScoringRunStatus.Completed);

    static ScoredCustomer Customer(string id, double value, double churn) => new()
    {
        CustomerId = id, AsOf = AsOf, PredictedValue = value, ValueP10 = value * 0.5, ValueP90 = value * 1.5,
        ChurnProbability = churn, Stage = LifecycleStage.Retention,
    };

    static readonly ScoredCustomer[] Customers =
    [
        Customer("a", 400, 0.1), Customer("b", 200, 0.2), Customer("c", 100, 0.6), Customer("d", 0, 0.9),
    ];

    static Transaction Bought(string id, int day, double amount) => new(id, AsOf.AddDays(day).ToDateTime(TimeOnly.MinValue), amount);

    [Fact]
    public void AFullyElapsedHorizonComparesTotalsAsTheyAreWithAPerfectOrdering()
    {
        // Spend in the ranking the predictions gave; d buys only after the 100-day horizon, and the file runs past it.
        Transaction[] later =
        [
            Bought("a", 10, 300), Bought("a", 99, 150), Bought("b", 20, 120), Bought("c", 50, 30), Bought("a", -5, 999),
            Bought("zz", 40, 80), Bought("d", 130, 70),
        ];

        var report = RealisedComparison.Compare(Run, 100, Customers, later);

        Assert.Equal(AsOf.AddDays(100), report.ObservedThrough);
        Assert.Equal(1, report.ElapsedShare);
        Assert.StartsWith("the whole 100-day horizon has passed", report.Scaling);
        Assert.Equal(700, report.PredictedTotal);
        Assert.Equal(700, report.PredictedTotalElapsed);
        Assert.Equal(600, report.ActualTotal, 9);
        Assert.Equal((700 - 600) / 600.0, report.TotalError!.Value, 9);
        Assert.Equal(1, report.Gini!.Value, 9);
        Assert.Equal(1, report.ChurnAuc!.Value, 9);
        Assert.Equal(3, report.CustomersWhoBought);
        Assert.Equal(1, report.UnknownCustomers);
        // a: 450 in [200, 600]; b: 120 in [100, 300]; c: 30 not in [50, 150]; d: 0 in [0, 0].
        Assert.Equal(0.75, report.IntervalCoverage);
    }

    [Fact]
    public void APartlyElapsedHorizonIsScaledAndSaysSo()
    {
        // The file ends 25 days into the 100-day horizon.
        Transaction[] later = [Bought("a", 5, 100), Bought("b", 25, 50), Bought("d", 25, 10)];

        var report = RealisedComparison.Compare(Run, 100, Customers, later);

        Assert.Equal(AsOf.AddDays(25), report.ObservedThrough);
        Assert.Equal(25, report.ElapsedDays);
        Assert.Equal(0.25, report.ElapsedShare);
        Assert.Contains("25 of the 100 horizon days have passed (25.0 %)", report.Scaling);
        Assert.Contains("scaled by 0.25", report.Scaling);
        Assert.Equal(175, report.PredictedTotalElapsed);
        Assert.Equal(160, report.ActualTotal);
        Assert.Equal(175, report.Deciles.Sum(d => d.PredictedTotal), 9);
        Assert.Equal(0.25, report.ChurnedShare);
    }

    [Fact]
    public void NoTransactionAfterTheRunIsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => RealisedComparison.Compare(Run, 100, Customers, [Bought("a", 0, 10)]));

        Assert.Contains("2025-01-01", error.Message);
    }
}
