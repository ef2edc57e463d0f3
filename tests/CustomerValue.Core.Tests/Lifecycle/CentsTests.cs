using CustomerValue.Core.Lifecycle;

namespace CustomerValue.Core.Tests.Lifecycle;

/// <summary>Spend ceilings and values at stake are rounded to cents through decimal, as the rules were written.</summary>
public sealed class CentsTests
{
    [Fact]
    public void TheDecimalCasesThatMotivatedDecimalStillHold()
    {
        Assert.Equal(29.00, LifecycleRules.FloorCents(0.29 * 100));
        Assert.Equal(0.29, LifecycleRules.FloorCents(0.29));
        Assert.Equal(1.01, LifecycleRules.RoundCents(1.005));
        Assert.Equal(-1.01, LifecycleRules.RoundCents(-1.005));
        Assert.Equal(2.68, LifecycleRules.RoundCents(2.675));
        Assert.Equal(0, LifecycleRules.FloorCents(double.NaN));
        Assert.Throws<OverflowException>(() => LifecycleRules.RoundCents(double.NaN));
    }
}
