using CustomerValue.Core.Domain;
using CustomerValue.Core.Lifecycle;

namespace CustomerValue.Core.Tests.Lifecycle;

public sealed class LifecyclePlacementTests
{
    /// <summary>Customers across every stage and action: prospects, new, lapsed, at risk, active near a tier, growing, worth nothing.</summary>
    static IEnumerable<CustomerSignals> Grid()
    {
        foreach (var value in new[] { 0.0, 12.5, 200, 470, 2400 })
        foreach (var churn in new[] { 0.05, 0.45, 0.7, 0.95 })
        foreach (var trend in new[] { -0.6, 0, 0.5 })
        {
            yield return new CustomerSignals { Orders = 0, PredictedValue = value, ChurnProbability = churn, AcquisitionChannel = "paid-search" };
            yield return new CustomerSignals
            {
                Orders = 1, DaysSinceFirstOrder = 10, DaysSinceLastOrder = 10, PredictedValue = value, ChurnProbability = churn, SpendTrend = trend,
            };
            foreach (var (orders, first, last, gap) in new[] { (3, 40, 5, 17.5), (5, 300, 20, 60.0), (8, 700, 400, 43.0), (12, 500, 90, 30.0) })
                yield return LifecycleCustomers.Active with
                {
                    Orders = orders, DaysSinceFirstOrder = first, DaysSinceLastOrder = last, MeanDaysBetweenOrders = gap,
                    PredictedValue = value, ChurnProbability = churn, SpendTrend = trend, ProbabilityAlive = 1 - churn,
                };
        }
    }

    [Fact]
    public void PlacingACustomerGivesTheStageFirstActionAndFiguresOfTheFullAssessment()
    {
        var rules = new LifecycleRules(new LifecycleOptions());
        var customers = Grid().ToList();

        var placed = customers.Select(rules.Place).ToList();
        var assessed = customers.Select(c => rules.Assess(c)).Select(a => new LifecyclePlacement(
            a.Stage, a.Recommendations[0].Action, a.Recommendations[0].MaxSpend, a.MaxAcquisitionCost, a.ValueAtStake)).ToList();

        Assert.Equal(assessed, placed);
        Assert.Equal(Enum.GetValues<LifecycleStage>().Order(), placed.Select(p => p.Stage).Distinct().Order());
        Assert.Contains(placed, p => p.MaxSpend == 0);
        Assert.True(placed.Select(p => p.Action).Distinct().Count() >= 8);
    }

    [Fact]
    public void TheActionReasonIsTheFullAssessmentsFirstRecommendationReason()
    {
        var rules = new LifecycleRules(new LifecycleOptions());
        var customers = Grid().ToList();

        var reasons = customers.Select(rules.ActionReason).ToList();

        Assert.Equal(customers.Select(c => rules.Assess(c).Recommendations[0].Reason), reasons);
        Assert.Contains(reasons, r => r.StartsWith("win back: ", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.EndsWith("no paid incentive, use no-cost touches only", StringComparison.Ordinal));
    }
}
