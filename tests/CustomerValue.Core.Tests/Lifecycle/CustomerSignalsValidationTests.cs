using CustomerValue.Core.Lifecycle;

namespace CustomerValue.Core.Tests.Lifecycle;

public sealed class CustomerSignalsValidationTests
{
    static readonly LifecycleRules Rules = new(new LifecycleOptions());

    [Fact]
    public void ACustomerWithOrdersButNoFirstOrderDateIsRefused()
    {
        var signals = new CustomerSignals { Orders = 2, DaysSinceLastOrder = 5 };

        var error = Assert.Throws<ArgumentException>(() => Rules.Assess(signals));

        Assert.Equal("DaysSinceFirstOrder", error.ParamName);
    }

    [Fact]
    public void ALastOrderBeforeTheFirstIsRefused()
    {
        var signals = new CustomerSignals { Orders = 2, DaysSinceFirstOrder = 10, DaysSinceLastOrder = 20 };

        var error = Assert.Throws<ArgumentException>(() => Rules.Assess(signals));

        Assert.Equal("DaysSinceLastOrder", error.ParamName);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void AChurnProbabilityOutsideTheUnitIntervalIsRefused(double churn)
    {
        var signals = new CustomerSignals { Orders = 0, ChurnProbability = churn };

        var error = Assert.Throws<ArgumentException>(() => Rules.Assess(signals));

        Assert.Equal("ChurnProbability", error.ParamName);
    }

    [Fact]
    public void ANonFinitePredictedValueIsRefused()
    {
        var signals = new CustomerSignals { Orders = 0, PredictedValue = double.PositiveInfinity };

        var error = Assert.Throws<ArgumentException>(() => Rules.Assess(signals));

        Assert.Equal("PredictedValue", error.ParamName);
    }

    [Fact]
    public void AZeroGapBetweenOrdersIsRefused()
    {
        var signals = new CustomerSignals { Orders = 3, DaysSinceFirstOrder = 10, DaysSinceLastOrder = 1, MeanDaysBetweenOrders = 0 };

        var error = Assert.Throws<ArgumentException>(() => Rules.Assess(signals));

        Assert.Equal("MeanDaysBetweenOrders", error.ParamName);
    }
}
