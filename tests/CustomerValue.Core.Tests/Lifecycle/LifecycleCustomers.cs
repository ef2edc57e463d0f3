using CustomerValue.Core.Lifecycle;

namespace CustomerValue.Core.Tests.Lifecycle;

/// <summary>The customer the lifecycle tests vary one signal at a time.</summary>
internal static class LifecycleCustomers
{
    /// <summary>Five orders, last 20 days ago, low churn, flat spend: Monetization under the defaults.</summary>
    public static readonly CustomerSignals Active = new()
    {
        Orders = 5,
        DaysSinceFirstOrder = 300,
        DaysSinceLastOrder = 20,
        MeanDaysBetweenOrders = 60,
        PredictedValue = 200,
        ChurnProbability = 0.1,
        ProbabilityAlive = 0.9,
        ExpectedOrders = 3,
        SpendTrend = 0,
    };
}
