using CustomerValue.Core.Domain;
using CustomerValue.Core.Lifecycle;

namespace CustomerValue.Core.Tests.Lifecycle;

/// <summary>Each threshold just below, at and just above its default, starting from an active customer.</summary>
public sealed class LifecycleStageBoundaryTests
{
    static readonly LifecycleRules Rules = new(new LifecycleOptions());

    static readonly CustomerSignals Active = LifecycleCustomers.Active;

    [Fact]
    public void TheActiveBaselineIsInMonetization()
    {
        Assert.Equal(LifecycleStage.Monetization, Rules.Assess(Active).Stage);
    }

    /// <summary>
    /// On a base where most customers never buy again every churn probability is high: before the base's usual gap has
    /// passed since the last order, the probabilities say "at risk", not "lapsed" (Olist: 515 of the 534 repeat buyers of
    /// the last 90 days read lapsed). From the usual gap on, and without one, they say lapsed as before.
    /// </summary>
    [Theory]
    [InlineData(26, 76, LifecycleStage.Retention)]
    [InlineData(75, 76, LifecycleStage.Retention)]
    [InlineData(76, 76, LifecycleStage.Recovery)]
    [InlineData(77, 76, LifecycleStage.Recovery)]
    [InlineData(26, null, LifecycleStage.Recovery)]
    public void TheModelsProbabilitiesCallNoOneLapsedBeforeTheUsualGapHasPassed(int daysSinceLastOrder, int? usualGap, LifecycleStage stage)
    {
        var recent = Active with { Orders = 2, DaysSinceFirstOrder = daysSinceLastOrder + 1, DaysSinceLastOrder = daysSinceLastOrder, MeanDaysBetweenOrders = 1, ChurnProbability = 0.903, ProbabilityAlive = 0.107, UsualGapDays = usualGap };

        var assessment = Rules.Assess(recent);

        Assert.Equal(stage, assessment.Stage);
        Assert.StartsWith(stage == LifecycleStage.Recovery ? "lapsed: probability alive 0.107 is below 0.3" : "churn risk rising: churn probability 0.903 is at or above 0.4", assessment.StageReason, StringComparison.Ordinal);
        if (stage == LifecycleStage.Retention)
            Assert.EndsWith($"; not lapsed before the base's usual 76 days between orders (the last {daysSinceLastOrder} days ago)", assessment.StageReason, StringComparison.Ordinal);
        else
            Assert.DoesNotContain("base's usual", assessment.StageReason, StringComparison.Ordinal);
    }

    [Fact]
    public void ACustomerAwayLongerThanLapsedAfterDaysIsLapsedWhateverTheUsualGap()
    {
        var away = Active with { DaysSinceLastOrder = 181, DaysSinceFirstOrder = 500, UsualGapDays = 400 };

        Assert.Equal(LifecycleStage.Recovery, Rules.Assess(away).Stage);
    }

    [Fact]
    public void ACustomerWithoutOrdersIsInSegmentation()
    {
        var prospect = new CustomerSignals { Orders = 0, PredictedValue = 50, ChurnProbability = 0.5 };

        Assert.Equal(LifecycleStage.Segmentation, Rules.Assess(prospect).Stage);
    }

    /// <summary>A churn table's customer has no purchases, and is no prospect: the churn probability places them.</summary>
    [Theory]
    [InlineData(0.39, null, LifecycleStage.Monetization, LifecycleActions.CrossSell)]
    [InlineData(0.40, null, LifecycleStage.Retention, LifecycleActions.RetentionOffer)]
    [InlineData(0.40, 364, LifecycleStage.Retention, LifecycleActions.RetentionOffer)]
    [InlineData(0.90, 365, LifecycleStage.Retention, LifecycleActions.LoyaltyReward)]
    public void ACustomerUnderContractIsPlacedByChurnAlone(double churn, int? daysSinceSignup, LifecycleStage stage, string action)
    {
        var subscriber = new CustomerSignals { Orders = 0, UnderContract = true, ChurnProbability = churn, DaysSinceSignup = daysSinceSignup };

        var assessment = Rules.Assess(subscriber);

        Assert.Equal(stage, assessment.Stage);
        Assert.Equal(action, assessment.Recommendations[0].Action);
        Assert.Equal(0, assessment.Recommendations[0].MaxSpend);
        Assert.DoesNotContain("prospect", assessment.StageReason, StringComparison.Ordinal);
    }

    /// <summary>The churn table labels them churned already: a customer to win back, however low the model's probability.</summary>
    [Fact]
    public void ACustomerUnderContractLabelledChurnedIsInRecovery()
    {
        var churned = new CustomerSignals { Orders = 0, UnderContract = true, LabelledChurned = true, ChurnProbability = 0.2 };

        var assessment = Rules.Assess(churned);

        Assert.Equal(LifecycleStage.Recovery, assessment.Stage);
        Assert.Equal("churned, as the customers file labels them", assessment.StageReason);
        Assert.Equal(LifecycleActions.ReactivationOffer, assessment.Recommendations[0].Action);
        Assert.StartsWith("win back: churned, as the customers file labels them; margin at stake", assessment.Recommendations[0].Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// A leaver of a churn table with a recurring charge: what winning them back would bring is at stake, and the offer's
    /// ceiling is its margin (their own expected value, churned, is 0).
    /// </summary>
    [Fact]
    public void ALeaverOfAChurnTableHasTheirWinBackValueAtStake()
    {
        var churned = new CustomerSignals { Orders = 0, UnderContract = true, LabelledChurned = true, ChurnProbability = 0.7, WinBackValue = 500 };

        var assessment = Rules.Assess(churned);
        var placement = Rules.Place(churned);

        Assert.Equal(500, assessment.ValueAtStake);
        Assert.Equal(500, placement.ValueAtStake);
        Assert.Equal(150, assessment.Recommendations[0].MaxSpend);
        Assert.Equal(150, placement.MaxSpend);
        Assert.Equal("win back: churned, as the customers file labels them; margin at stake: value if won back 500.00 × margin 0.3 = 150.00", assessment.Recommendations[0].Reason);
        Assert.Throws<ArgumentException>(() => Rules.Assess(churned with { WinBackValue = double.NaN }));
    }

    /// <summary>
    /// A churn table's customer still there whose subscription is set to end at the period's end has cancelled: kept
    /// before it ends, whatever the model's probability, with what staying would bring at stake.
    /// </summary>
    [Fact]
    public void ACustomerWhoseSubscriptionIsSetToEndIsInRetentionWithWhatStayingWouldBringAtStake()
    {
        var leaving = new CustomerSignals { Orders = 0, UnderContract = true, SetToEnd = true, ChurnProbability = 1, WinBackValue = 400 };

        var assessment = Rules.Assess(leaving);
        var placement = Rules.Place(leaving);

        Assert.Equal(LifecycleStage.Retention, assessment.Stage);
        Assert.Equal("leaving: set to end at the period's end, as the customers file's status says", assessment.StageReason);
        Assert.Equal(LifecycleActions.RetentionOffer, assessment.Recommendations[0].Action);
        Assert.EndsWith("set to end at the period's end, as the customers file's status says: the last chance to keep them before it ends; margin at stake: value if kept 400.00 × margin 0.3 = 120.00",
            assessment.Recommendations[0].Reason, StringComparison.Ordinal);
        Assert.Equal((400, 120), (assessment.ValueAtStake, assessment.Recommendations[0].MaxSpend));
        Assert.Equal((LifecycleStage.Retention, 400, 120), (placement.Stage, placement.ValueAtStake, placement.MaxSpend));
    }

    /// <summary>A churn table's customer still there whose payments are failing is offered a payment recovery first.</summary>
    [Fact]
    public void ACustomerWhosePaymentsAreFailingIsOfferedAPaymentRecovery()
    {
        var failing = new CustomerSignals { Orders = 0, UnderContract = true, PaymentsFailing = true, ChurnProbability = 0.2, PredictedValue = 500 };

        var assessment = Rules.Assess(failing);

        Assert.Equal(LifecycleStage.Retention, assessment.Stage);
        Assert.Equal("at risk: payments failing, as the customers file's status says", assessment.StageReason);
        Assert.Equal(LifecycleActions.PaymentRecovery, assessment.Recommendations[0].Action);
        Assert.Equal("payments failing, as the customers file's status says: recover the payment (a reminder to update the card, a retry) before it ends the subscription; "
            + "margin at stake: churn probability 0.2 × value 500.00 × margin 0.3 = 30.00", assessment.Recommendations[0].Reason);
        Assert.Contains(LifecycleActions.PaymentRecovery, LifecycleActions.All);
    }

    [Fact]
    public void AFirstOrderMakesAProspectAnAcquisition()
    {
        var firstOrder = new CustomerSignals { Orders = 1, DaysSinceFirstOrder = 0, DaysSinceLastOrder = 0, PredictedValue = 50 };

        Assert.Equal(LifecycleStage.Acquisition, Rules.Assess(firstOrder).Stage);
    }

    [Theory]
    [InlineData(89, LifecycleStage.Acquisition)]
    [InlineData(90, LifecycleStage.Acquisition)]
    [InlineData(91, LifecycleStage.Monetization)]
    public void AcquisitionLastsUpToNinetyDaysAfterTheFirstOrder(int daysSinceFirst, LifecycleStage expected)
    {
        var oneOrder = Active with
        {
            Orders = 1, DaysSinceFirstOrder = daysSinceFirst, DaysSinceLastOrder = daysSinceFirst, MeanDaysBetweenOrders = null,
        };

        Assert.Equal(expected, Rules.Assess(oneOrder).Stage);
    }

    [Theory]
    [InlineData(1, LifecycleStage.Acquisition)]
    [InlineData(2, LifecycleStage.Acquisition)]
    [InlineData(3, LifecycleStage.Monetization)]
    public void AcquisitionEndsAfterTheConfiguredNumberOfOrders(int orders, LifecycleStage expected)
    {
        var rules = new LifecycleRules(new LifecycleOptions { AcquisitionMaxOrders = 2 });
        var young = Active with { Orders = orders, DaysSinceFirstOrder = 40, DaysSinceLastOrder = 10, MeanDaysBetweenOrders = 15 };

        Assert.Equal(expected, rules.Assess(young).Stage);
    }

    [Fact]
    public void ASecondOrderEndsAcquisitionUnderTheDefaults()
    {
        var twoOrders = Active with { Orders = 2, DaysSinceFirstOrder = 30, DaysSinceLastOrder = 10, MeanDaysBetweenOrders = 20 };

        Assert.Equal(LifecycleStage.Monetization, Rules.Assess(twoOrders).Stage);
    }

    [Theory]
    [InlineData(179, LifecycleStage.Monetization)]
    [InlineData(180, LifecycleStage.Monetization)]
    [InlineData(181, LifecycleStage.Recovery)]
    public void ACustomerLapsesAfterOneHundredEightyDaysWithoutAnOrder(int daysSinceLast, LifecycleStage expected)
    {
        // No usual gap, so the overdue rule cannot fire first.
        var customer = Active with { DaysSinceLastOrder = daysSinceLast, MeanDaysBetweenOrders = null };

        Assert.Equal(expected, Rules.Assess(customer).Stage);
    }

    [Theory]
    [InlineData(0.31, LifecycleStage.Monetization)]
    [InlineData(0.30, LifecycleStage.Monetization)]
    [InlineData(0.29, LifecycleStage.Recovery)]
    public void AProbabilityAliveBelowThirtyPercentMeansLapsed(double probabilityAlive, LifecycleStage expected)
    {
        var customer = Active with { ProbabilityAlive = probabilityAlive };

        Assert.Equal(expected, Rules.Assess(customer).Stage);
    }

    [Fact]
    public void AMissingProbabilityAliveNeverMeansLapsed()
    {
        var customer = Active with { ProbabilityAlive = null };

        Assert.Equal(LifecycleStage.Monetization, Rules.Assess(customer).Stage);
    }

    [Theory]
    [InlineData(0.69, LifecycleStage.Retention)]
    [InlineData(0.70, LifecycleStage.Recovery)]
    [InlineData(0.71, LifecycleStage.Recovery)]
    public void AChurnProbabilityFromSeventyPercentMeansRecovery(double churn, LifecycleStage expected)
    {
        var customer = Active with { ChurnProbability = churn };

        Assert.Equal(expected, Rules.Assess(customer).Stage);
    }

    [Theory]
    [InlineData(0.39, LifecycleStage.Monetization)]
    [InlineData(0.40, LifecycleStage.Retention)]
    [InlineData(0.41, LifecycleStage.Retention)]
    public void AChurnProbabilityFromFortyPercentMeansRetention(double churn, LifecycleStage expected)
    {
        var customer = Active with { ChurnProbability = churn };

        Assert.Equal(expected, Rules.Assess(customer).Stage);
    }

    [Theory]
    [InlineData(89, LifecycleStage.Monetization)]
    [InlineData(90, LifecycleStage.Retention)]
    [InlineData(91, LifecycleStage.Retention)]
    public void ACustomerIsOverdueFromOneAndAHalfTimesTheirUsualGap(int daysSinceLast, LifecycleStage expected)
    {
        var customer = Active with { DaysSinceLastOrder = daysSinceLast, MeanDaysBetweenOrders = 60 };

        Assert.Equal(expected, Rules.Assess(customer).Stage);
    }

    [Theory]
    [InlineData(-0.24, LifecycleStage.Monetization)]
    [InlineData(-0.25, LifecycleStage.Retention)]
    [InlineData(-0.26, LifecycleStage.Retention)]
    public void SpendFallingByAQuarterMeansRetention(double trend, LifecycleStage expected)
    {
        var customer = Active with { SpendTrend = trend };

        Assert.Equal(expected, Rules.Assess(customer).Stage);
    }

    [Fact]
    public void AYoungCustomerStaysInAcquisitionDespiteAHighChurnProbability()
    {
        var young = new CustomerSignals
        {
            Orders = 1, DaysSinceFirstOrder = 10, DaysSinceLastOrder = 10, PredictedValue = 80, ChurnProbability = 0.9,
        };

        Assert.Equal(LifecycleStage.Acquisition, Rules.Assess(young).Stage);
    }

    [Fact]
    public void LapsedWinsOverRisingChurnRisk()
    {
        var customer = Active with { DaysSinceLastOrder = 200, ChurnProbability = 0.5 };

        Assert.Equal(LifecycleStage.Recovery, Rules.Assess(customer).Stage);
    }
}
