using CustomerValue.Core.Lifecycle;

namespace CustomerValue.Core.Tests.Lifecycle;

public sealed class LifecycleOptionsTests
{
    [Fact]
    public void TheDefaultsAreValid()
    {
        Assert.Empty(new LifecycleOptions().Validate());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void AMarginOutsideZeroToOneIsAProblem(double margin)
    {
        var problem = Assert.Single(new LifecycleOptions { Margin = margin }.Validate());

        Assert.StartsWith("Margin must be in (0, 1]", problem);
    }

    [Fact]
    public void AMarginOfOneIsAllowed()
    {
        Assert.Empty(new LifecycleOptions { Margin = 1 }.Validate());
    }

    [Fact]
    public void ProbabilityThresholdsOutsideTheUnitIntervalAreEachReported()
    {
        var options = new LifecycleOptions
        {
            LapsedBelowProbabilityAlive = -0.1,
            RecoveryChurnProbability = 1.2,
            MonetizationSpendShare = 2,
        };

        var problems = options.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("LapsedBelowProbabilityAlive must be in [0, 1]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("RecoveryChurnProbability must be in [0, 1]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MonetizationSpendShare must be in [0, 1]", StringComparison.Ordinal));
    }

    [Fact]
    public void ARetentionThresholdAboveTheRecoveryThresholdIsAProblem()
    {
        var problem = Assert.Single(new LifecycleOptions { RetentionChurnProbability = 0.8, RecoveryChurnProbability = 0.7 }.Validate());

        Assert.Equal("RetentionChurnProbability (0.8) must not exceed RecoveryChurnProbability (0.7).", problem);
    }

    [Fact]
    public void NegativeAcquisitionCostsAreProblems()
    {
        var options = new LifecycleOptions { DefaultAcquisitionCost = -1 };
        options.AcquisitionCostByChannel["social"] = -5;

        var problems = options.Validate();

        Assert.Equal(
            ["DefaultAcquisitionCost must be a finite cost of at least 0, was -1.",
             "AcquisitionCostByChannel[social] must be a finite cost of at least 0, was -5."],
            problems);
    }

    [Fact]
    public void DayAndOrderCountsOutOfRangeAreProblems()
    {
        var options = new LifecycleOptions
        {
            AcquisitionMaxOrders = 0, AcquisitionMaxDays = -1, LapsedAfterDays = 0, LoyaltyMinTenureDays = -1,
            SubscriptionMinOrders = 1, SubscriptionMaxGapDays = 0, OverdueGapMultiple = 0.5,
        };

        Assert.Equal(7, options.Validate().Count);
    }

    [Fact]
    public void TrendsOnTheWrongSideOfZeroAreProblems()
    {
        var problems = new LifecycleOptions { DecliningSpendTrend = 0.1, GrowingSpendTrend = -0.1, ExpectedUplift = -1 }.Validate();

        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void DuplicateTierNamesAndStartingValuesAreProblems()
    {
        var options = new LifecycleOptions
        {
            ValueTiers = [new() { Name = "Gold", MinValue = 0 }, new() { Name = "gold", MinValue = 100 }, new() { Name = "Silver", MinValue = 100 }],
        };

        Assert.Equal(
            ["ValueTiers names tier 'Gold' more than once.", "ValueTiers has more than one tier starting at 100."],
            options.Validate());
    }

    [Fact]
    public void ATierWithoutANameOrWithANegativeStartIsAProblem()
    {
        var options = new LifecycleOptions { ValueTiers = [new() { Name = " ", MinValue = -5 }] };

        Assert.Equal(2, options.Validate().Count);
    }

    [Fact]
    public void TheRulesRefuseInvalidOptionsListingEveryProblem()
    {
        var options = new LifecycleOptions { Margin = 0, RecoveryChurnProbability = 1.5 };

        var error = Assert.Throws<ArgumentException>(() => new LifecycleRules(options));

        Assert.Contains("Margin must be in (0, 1]", error.Message);
        Assert.Contains("RecoveryChurnProbability must be in [0, 1]", error.Message);
    }

    [Fact]
    public void TheRulesKeepTheSettingsTheyWereBuiltWith()
    {
        var options = new LifecycleOptions();
        var rules = new LifecycleRules(options);
        options.Margin = 0.9;
        options.DefaultAcquisitionCost = 1000;

        var assessment = rules.Assess(new CustomerSignals { Orders = 0, PredictedValue = 100 });

        Assert.Equal(30.00, assessment.MaxAcquisitionCost);
        Assert.Equal(30.00, assessment.Recommendations[0].MaxSpend);
    }

    [Fact]
    public void EffectiveTiersAreTheDefaultsSortedWhenNoneAreConfigured()
    {
        var tiers = new LifecycleOptions().EffectiveValueTiers();

        Assert.Equal(["Bronze", "Silver", "Gold", "Platinum"], tiers.Select(t => t.Name));
    }
}
