using CustomerValue.Core.Domain;
using CustomerValue.Core.Lifecycle;

namespace CustomerValue.Core.Tests.Lifecycle;

public sealed class LifecycleRecommendationTests
{
    static readonly CustomerSignals Active = LifecycleCustomers.Active;

    static LifecycleRules RulesWith(Action<LifecycleOptions> configure)
    {
        var options = new LifecycleOptions();
        configure(options);
        return new LifecycleRules(options);
    }

    static string[] Actions(LifecycleAssessment assessment) => assessment.Recommendations.Select(r => r.Action).ToArray();

    [Fact]
    public void AProspectGetsAWelcomeOfferCappedAtMarginLessChannelCost()
    {
        var rules = RulesWith(o => o.AcquisitionCostByChannel["paid-search"] = 20);
        var prospect = new CustomerSignals { Orders = 0, PredictedValue = 200, AcquisitionChannel = "paid-search" };

        var offer = Assert.Single(rules.Assess(prospect).Recommendations);

        Assert.Equal(LifecycleActions.WelcomeOffer, offer.Action);
        Assert.Equal(40.00, offer.MaxSpend); // 200 × 0.30 − 20
        Assert.Equal(
            "a first-order offer; predicted value 200.00 × margin 0.3 = 60.00 less acquisition cost 20.00 (channel 'paid-search')",
            offer.Reason);
    }

    [Fact]
    public void TheWelcomeReasonStatesTheMarginInWholeCentsDownAsTheCeilingIs()
    {
        var prospect = new CustomerSignals { Orders = 0, PredictedValue = 846.46, AcquisitionChannel = "web" };

        var offer = Assert.Single(RulesWith(_ => { }).Assess(prospect).Recommendations);

        Assert.Equal(253.93, offer.MaxSpend); // 846.46 × 0.3 = 253.938
        Assert.Contains("predicted value 846.46 × margin 0.3 = 253.93 less acquisition cost 0.00", offer.Reason);
    }

    [Fact]
    public void ACustomerWithOnlyReturnsInTheDataIsWonBackNotAcquired()
    {
        // Their purchases predate the export: an acquisition offer would pay to win a customer already won.
        var rules = RulesWith(o => o.AcquisitionCostByChannel["paid-search"] = 20);
        var returner = new CustomerSignals { Orders = 0, PredictedValue = 200, ChurnProbability = 0.5, ReturnsOnly = true, AcquisitionChannel = "paid-search" };

        var assessment = rules.Assess(returner);

        Assert.Equal(LifecycleStage.Recovery, assessment.Stage);
        Assert.Equal("lapsed: no purchase in the data, only returns: the purchases they return predate it", assessment.StageReason);
        var offer = Assert.Single(assessment.Recommendations);
        Assert.Equal(LifecycleActions.ReactivationOffer, offer.Action);
        Assert.Equal(30.00, offer.MaxSpend); // 0.5 × 200 × 0.30 at stake
        Assert.Equal("win back: no purchase in the data, only returns: the purchases they return predate it; " +
            "margin at stake: churn probability 0.5 × value 200.00 × margin 0.3 = 30.00", offer.Reason);
        Assert.Throws<ArgumentException>(() => rules.Assess(LifecycleCustomers.Active with { ReturnsOnly = true }));
    }

    [Fact]
    public void ChannelNamesMatchWithoutRegardToCase()
    {
        var rules = RulesWith(o => o.AcquisitionCostByChannel["Paid-Search"] = 20);
        var prospect = new CustomerSignals { Orders = 0, PredictedValue = 200, AcquisitionChannel = "paid-search" };

        Assert.Equal(40.00, rules.Assess(prospect).Recommendations[0].MaxSpend);
    }

    [Fact]
    public void AnUnlistedChannelCostsTheDefaultAcquisitionCost()
    {
        var rules = RulesWith(o =>
        {
            o.AcquisitionCostByChannel["paid-search"] = 20;
            o.DefaultAcquisitionCost = 15;
        });
        var firstOrder = new CustomerSignals
        {
            Orders = 1, DaysSinceFirstOrder = 5, DaysSinceLastOrder = 5, PredictedValue = 100, AcquisitionChannel = "referral",
        };

        var incentive = Assert.Single(rules.Assess(firstOrder).Recommendations);

        Assert.Equal(LifecycleActions.SecondPurchaseIncentive, incentive.Action);
        Assert.Equal(15.00, incentive.MaxSpend); // 100 × 0.30 − 15
        Assert.EndsWith("less acquisition cost 15.00 (channel 'referral' not listed, default cost)", incentive.Reason);
    }

    [Fact]
    public void AFirstOrderOneDayAgoReadsAsOneDay()
    {
        var rules = RulesWith(_ => { });
        var firstOrder = new CustomerSignals { Orders = 1, DaysSinceFirstOrder = 1, DaysSinceLastOrder = 1, PredictedValue = 100 };

        var assessment = rules.Assess(firstOrder);

        Assert.StartsWith("new customer: 1 order, the first 1 day ago (", assessment.StageReason, StringComparison.Ordinal);
        Assert.StartsWith("one order, 1 day ago: an incentive for the second", Assert.Single(assessment.Recommendations).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAcquisitionCostAboveTheCustomersMarginLeavesAZeroCeilingThatTheReasonExplains()
    {
        var rules = RulesWith(o => o.DefaultAcquisitionCost = 25);
        var firstOrder = new CustomerSignals { Orders = 1, DaysSinceFirstOrder = 5, DaysSinceLastOrder = 5, PredictedValue = 50 };

        var incentive = Assert.Single(rules.Assess(firstOrder).Recommendations);

        Assert.Equal(0, incentive.MaxSpend); // 50 × 0.30 − 25 < 0
        Assert.EndsWith("ceiling 0.00: no paid incentive, use no-cost touches only", incentive.Reason);
    }

    [Fact]
    public void AYoungRepeatBuyerGetsARepeatPurchaseIncentive()
    {
        var rules = RulesWith(o => o.AcquisitionMaxOrders = 3);
        var young = new CustomerSignals
        {
            Orders = 2, DaysSinceFirstOrder = 40, DaysSinceLastOrder = 10, MeanDaysBetweenOrders = 30, PredictedValue = 100,
        };

        var assessment = rules.Assess(young);

        Assert.Equal([LifecycleActions.RepeatPurchaseIncentive], Actions(assessment));
        Assert.Equal(30.00, assessment.Recommendations[0].MaxSpend);
        Assert.Equal("new customer: 2 orders, the first 40 days ago (new while at most 3 orders within 90 days)", assessment.StageReason);
    }

    [Fact]
    public void AscensionSpendsHalfTheMarginOnTheValueGapToTheNextTier()
    {
        var customer = Active with { PredictedValue = 450 };

        var ascension = Assert.Single(new LifecycleRules(new LifecycleOptions()).Assess(customer).Recommendations,
            r => r.Action == LifecycleActions.Ascension);

        Assert.Equal(7.50, ascension.MaxSpend); // (500 − 450) × 0.30 × 0.5
        Assert.Equal(
            "predicted value 450.00 is 90% of the Gold tier at 500.00 (offered from 80%); " +
            "incremental margin (500.00 − 450.00) × 0.3 = 15.00, spend up to 50% of it",
            ascension.Reason);
    }

    [Theory]
    [InlineData(399.99, false)]
    [InlineData(400.00, true)]
    [InlineData(400.01, true)]
    [InlineData(500.00, false)] // now Gold; Platinum at 2000 is far
    public void AscensionIsOfferedFromEightyPercentOfTheNextTier(double value, bool offered)
    {
        var customer = Active with { PredictedValue = value };

        var actions = Actions(new LifecycleRules(new LifecycleOptions()).Assess(customer));

        Assert.Equal(offered, actions.Contains(LifecycleActions.Ascension));
    }

    [Fact]
    public void ConfiguredTiersReplaceTheDefaultTiers()
    {
        var rules = RulesWith(o => o.ValueTiers = [new() { Name = "Standard", MinValue = 0 }, new() { Name = "Premium", MinValue = 250 }]);
        var customer = Active with { PredictedValue = 210 };

        var ascension = Assert.Single(rules.Assess(customer).Recommendations, r => r.Action == LifecycleActions.Ascension);

        Assert.Equal(6.00, ascension.MaxSpend); // (250 − 210) × 0.30 × 0.5
        Assert.Contains("of the Premium tier at 250.00", ascension.Reason);
    }

    [Theory]
    [InlineData(0.09, false)]
    [InlineData(0.10, true)]
    [InlineData(0.11, true)]
    public void UpsellIsOfferedFromTenPercentSpendGrowth(double trend, bool offered)
    {
        var customer = Active with { SpendTrend = trend };

        var actions = Actions(new LifecycleRules(new LifecycleOptions()).Assess(customer));

        Assert.Equal(offered, actions.Contains(LifecycleActions.Upsell));
    }

    [Fact]
    public void UpsellAndCrossSellSpendHalfTheMarginOfTheExpectedUplift()
    {
        var customer = Active with { SpendTrend = 0.15 };

        var assessment = new LifecycleRules(new LifecycleOptions()).Assess(customer);

        Assert.Equal([LifecycleActions.Upsell, LifecycleActions.CrossSell], Actions(assessment));
        Assert.All(assessment.Recommendations, r => Assert.Equal(3.00, r.MaxSpend)); // 0.10 × 200 × 0.30 × 0.5
        Assert.Equal(
            "spend trend +15% is at or above +10%; incremental margin 10% uplift × value 200.00 × margin 0.3 = 6.00, spend up to 50% of it",
            assessment.Recommendations[0].Reason);
        Assert.Equal("active and growing: last order 20 days ago, churn probability 0.1, spend trend +15%", assessment.StageReason);
    }

    [Fact]
    public void MonetizationOrdersAscensionThenUpsellThenCrossSell()
    {
        var customer = Active with { PredictedValue = 450, SpendTrend = 0.2 };

        var assessment = new LifecycleRules(new LifecycleOptions()).Assess(customer);

        Assert.Equal([LifecycleActions.Ascension, LifecycleActions.Upsell, LifecycleActions.CrossSell], Actions(assessment));
    }

    [Fact]
    public void RetentionActionsShareTheMarginAtStakeRoundedDownToCents()
    {
        // Overdue (100 ≥ 1.5 × 20), a regular buyer (6 orders, 20-day gap) and a long-standing one.
        var customer = Active with
        {
            Orders = 6, DaysSinceFirstOrder = 400, DaysSinceLastOrder = 100, MeanDaysBetweenOrders = 20,
            ChurnProbability = 0.45, PredictedValue = 133.33,
        };

        var assessment = new LifecycleRules(new LifecycleOptions()).Assess(customer);

        Assert.Equal(LifecycleStage.Retention, assessment.Stage);
        Assert.Equal(
            [LifecycleActions.FrequencyReminder, LifecycleActions.Subscription, LifecycleActions.LoyaltyReward],
            Actions(assessment));
        Assert.All(assessment.Recommendations, r => Assert.Equal(17.99, r.MaxSpend)); // 0.45 × 133.33 × 0.30 = 17.99955
        Assert.All(assessment.Recommendations, r => Assert.EndsWith("× margin 0.3 = 17.99", r.Reason));
        Assert.Equal(60.00, assessment.ValueAtStake); // 0.45 × 133.33 = 59.9985
    }

    [Fact]
    public void AFrequencyReminderQuotesTheUsualGap()
    {
        var customer = Active with { DaysSinceLastOrder = 120, MeanDaysBetweenOrders = 70, Orders = 3, DaysSinceFirstOrder = 200 };

        var reminder = new LifecycleRules(new LifecycleOptions()).Assess(customer).Recommendations[0];

        Assert.Equal(LifecycleActions.FrequencyReminder, reminder.Action);
        Assert.Equal(
            "overdue: no order for 120 days, 1.7× the usual gap of 70 days; margin at stake: churn probability 0.1 × value 200.00 × margin 0.3 = 6.00",
            reminder.Reason);
        Assert.Equal(6.00, reminder.MaxSpend);
    }

    [Theory]
    [InlineData(364, false)]
    [InlineData(365, true)]
    [InlineData(366, true)]
    public void ALoyaltyRewardIsOfferedFromAYearOfTenure(int daysSinceSignup, bool offered)
    {
        var atRisk = Active with { ChurnProbability = 0.5, DaysSinceSignup = daysSinceSignup, DaysSinceFirstOrder = 100 };

        var actions = Actions(new LifecycleRules(new LifecycleOptions()).Assess(atRisk));

        Assert.Equal(offered, actions.Contains(LifecycleActions.LoyaltyReward));
    }

    [Fact]
    public void TenureFallsBackToTheFirstOrderWhenTheSignupDateIsUnknown()
    {
        var atRisk = Active with { ChurnProbability = 0.5, DaysSinceSignup = null, DaysSinceFirstOrder = 365 };

        var actions = Actions(new LifecycleRules(new LifecycleOptions()).Assess(atRisk));

        Assert.Contains(LifecycleActions.LoyaltyReward, actions);
    }

    [Theory]
    [InlineData(3, 30.0, false)]
    [InlineData(4, 30.0, true)]
    [InlineData(4, 44.0, true)]
    [InlineData(4, 45.0, true)]
    [InlineData(4, 46.0, false)]
    public void ASubscriptionIsOfferedToBuyersOfFourOrMoreOrdersAtMostFortyFiveDaysApart(int orders, double gap, bool offered)
    {
        var atRisk = Active with { Orders = orders, MeanDaysBetweenOrders = gap, ChurnProbability = 0.5, DaysSinceLastOrder = 10 };

        var actions = Actions(new LifecycleRules(new LifecycleOptions()).Assess(atRisk));

        Assert.Equal(offered, actions.Contains(LifecycleActions.Subscription));
    }

    [Fact]
    public void RetentionWithoutASpecificTriggerGetsAGeneralRetentionOffer()
    {
        var atRisk = Active with { Orders = 2, DaysSinceFirstOrder = 150, MeanDaysBetweenOrders = 100, ChurnProbability = 0.5 };

        var assessment = new LifecycleRules(new LifecycleOptions()).Assess(atRisk);

        var offer = Assert.Single(assessment.Recommendations);
        Assert.Equal(LifecycleActions.RetentionOffer, offer.Action);
        Assert.Equal(30.00, offer.MaxSpend); // 0.5 × 200 × 0.30
        Assert.Equal("churn risk rising: churn probability 0.5 is at or above 0.4", assessment.StageReason);
    }

    [Fact]
    public void ALapsedCustomerGetsAReactivationOfferCappedAtTheMarginAtStake()
    {
        var lapsed = Active with { DaysSinceLastOrder = 214, MeanDaysBetweenOrders = 70, ChurnProbability = 0.8, PredictedValue = 250 };

        var assessment = new LifecycleRules(new LifecycleOptions()).Assess(lapsed);

        Assert.Equal(LifecycleStage.Recovery, assessment.Stage);
        Assert.Equal(
            "lapsed: no order for 214 days, 3.1× the usual gap of 70 days (lapsed after 180); churn probability 0.8 is at or above 0.7",
            assessment.StageReason);
        var offer = Assert.Single(assessment.Recommendations);
        Assert.Equal(LifecycleActions.ReactivationOffer, offer.Action);
        Assert.Equal(60.00, offer.MaxSpend); // 0.8 × 250 × 0.30
        Assert.Equal(200.00, assessment.ValueAtStake);
    }

    [Fact]
    public void NothingAtStakeMeansAZeroReactivationCeiling()
    {
        var lapsed = Active with { DaysSinceLastOrder = 250, PredictedValue = 0, ChurnProbability = 0.9 };

        var offer = Assert.Single(new LifecycleRules(new LifecycleOptions()).Assess(lapsed).Recommendations);

        Assert.Equal(0, offer.MaxSpend);
        Assert.Contains("ceiling 0.00", offer.Reason);
    }

    [Fact]
    public void MaxAcquisitionCostIsPredictedValueTimesMargin()
    {
        var assessment = new LifecycleRules(new LifecycleOptions { Margin = 0.29 }).Assess(Active with { PredictedValue = 100 });

        Assert.Equal(29.00, assessment.MaxAcquisitionCost); // 0.29 × 100 is 28.999999999999996 in binary
    }

    [Fact]
    public void ANegativePredictedValueIsWorthNoSpend()
    {
        var assessment = new LifecycleRules(new LifecycleOptions()).Assess(Active with { PredictedValue = -40, ChurnProbability = 0.5 });

        Assert.Equal(0, assessment.MaxAcquisitionCost);
        Assert.Equal(0, assessment.ValueAtStake);
        Assert.All(assessment.Recommendations, r => Assert.Equal(0, r.MaxSpend));
    }

    [Fact]
    public void ValueAtStakeIsChurnProbabilityTimesPredictedValueToTheNearestCent()
    {
        var assessment = new LifecycleRules(new LifecycleOptions()).Assess(Active with { ChurnProbability = 0.333, PredictedValue = 100.05 });

        Assert.Equal(33.32, assessment.ValueAtStake); // 33.31665
    }

    [Fact]
    public void EveryActionCodeIsStableKebabCase()
    {
        Assert.All(LifecycleActions.All, code => Assert.Matches("^[a-z]+(-[a-z]+)*$", code));
        Assert.Equal(LifecycleActions.All.Count, LifecycleActions.All.Distinct().Count());
    }
}
