using CustomerValue.Modeling.Synthetic;

namespace CustomerValue.Modeling.Tests.Synthetic;

public sealed class TruthCalculatorTests
{
    // No same-day orders and no returns: spend is exactly P(alive) × E[orders | alive] × mean spend.
    static readonly SimulationParameters PlainOrders = SimulationParameters.Default with
    {
        SameDayOrderProbability = 0.0,
        ReturnProbability = 0.0,
    };

    [Fact]
    public void ProbabilityAliveMatchesAHandComputedCase()
    {
        // 1 / (1 + 0.005/0.025 · (e^(0.025·100) − 1)) = 1 / (1 + 0.2 · 11.18249…)
        var alive = TruthCalculator.ProbabilityAlive(purchaseRate: 0.02, dropoutRate: 0.005, timeSinceLastPurchase: 100);

        Assert.Equal(0.3089758607135389, alive, 12);
    }

    [Fact]
    public void ProbabilityAliveIsOneRightAfterAPurchase()
    {
        var alive = TruthCalculator.ProbabilityAlive(purchaseRate: 0.02, dropoutRate: 0.005, timeSinceLastPurchase: 0);

        Assert.Equal(1.0, alive);
    }

    [Fact]
    public void ProbabilityAliveIsZeroNotNaNAfterAnEternityWithoutPurchase()
    {
        var alive = TruthCalculator.ProbabilityAlive(purchaseRate: 0.5, dropoutRate: 0.5, timeSinceLastPurchase: 1e6);

        Assert.Equal(0.0, alive);
    }

    [Fact]
    public void ExpectedPurchasesIfAliveMatchesAHandComputedCase()
    {
        // λ/μ · (1 − e^(−μh)) = 4 · (1 − e^(−1.825))
        var purchases = TruthCalculator.ExpectedPurchasesIfAlive(purchaseRate: 0.02, dropoutRate: 0.005, horizon: 365);

        Assert.Equal(3.355129423480893, purchases, 12);
    }

    [Fact]
    public void ProbabilityOfLaterConversionMatchesAHandComputedCase()
    {
        // 0.8·e^(−1) / (0.2 + 0.8·e^(−1))
        var willConvert = TruthCalculator.ProbabilityOfLaterConversion(conversionProbability: 0.8, conversionRate: 0.5, timeSinceSignup: 2);

        Assert.Equal(0.5953903248083104, willConvert, 12);
    }

    [Fact]
    public void TruthOfABuyerIsProbabilityAliveTimesOrdersTimesMeanSpend()
    {
        var parameters = new TrueCustomerParameters(PurchaseRate: 0.02, DropoutRate: 0.005, MeanSpend: 50, ConversionProbability: 1, ConversionRate: 0.5);
        var history = new HistoryAtTruthDate(DaysSinceSignup: 400, DaysSinceLastPurchase: 100, OpenOrders: []);

        var truth = TruthCalculator.Compute("C1", parameters, history, horizonDays: 365, PlainOrders);

        Assert.Equal("C1", truth.CustomerId);
        Assert.Equal(0.3089758607135389, truth.ProbabilityAlive, 12);
        Assert.Equal(0.3089758607135389 * 3.355129423480893, truth.ExpectedFutureOrders, 12);
        Assert.Equal(51.832700071266416, truth.ExpectedFutureSpend, 9);
        Assert.Equal(51.832700071266416, truth.ExpectedFutureNetAmount, 9);
    }

    [Fact]
    public void SameDayOrdersScaleOrdersAndSpendByOnePlusTheirProbability()
    {
        var withSameDayOrders = PlainOrders with { SameDayOrderProbability = 0.25 };
        var parameters = new TrueCustomerParameters(0.02, 0.005, 50, 1, 0.5);
        var history = new HistoryAtTruthDate(400, 100, []);

        var truth = TruthCalculator.Compute("C1", parameters, history, 365, withSameDayOrders);

        Assert.Equal(1.25 * 0.3089758607135389 * 3.355129423480893, truth.ExpectedFutureOrders, 10);
        Assert.Equal(1.25 * 51.832700071266416, truth.ExpectedFutureSpend, 8);
    }

    [Fact]
    public void AnOpenOrderTakesItsLikelyReturnOffTheNetAmountButNotOffTheSpend()
    {
        // Ordered 2 days before the truth date, not returned by then: P(return in horizon) =
        // 0.04·28/30 / (1 − 0.04·2/30); the mean refund of 1 or 2 of 2 items of 100 is 75.
        var returns = PlainOrders with { ReturnProbability = 0.04 };
        var neverBuysAgain = new TrueCustomerParameters(PurchaseRate: 1e-9, DropoutRate: 10, MeanSpend: 50, ConversionProbability: 1, ConversionRate: 0.5);
        var history = new HistoryAtTruthDate(400, DaysSinceLastPurchase: 2.5, OpenOrders: [new OpenOrder(DaysBeforeTruthDate: 2, Amount: 100, Quantity: 2)]);

        var truth = TruthCalculator.Compute("C1", neverBuysAgain, history, 365, returns);

        Assert.Equal(-0.037433155080213907 * 75, truth.ExpectedFutureNetAmount, 9);
        Assert.Equal(0.0, truth.ExpectedFutureSpend, 9);
    }

    [Fact]
    public void ARefundIsTheReturnedShareOfTheAmountRoundedToCents()
    {
        double[] refunds = [TruthCalculator.Refund(10.01, 3, 1), TruthCalculator.Refund(10.01, 3, 2), TruthCalculator.Refund(10.01, 3, 3)];

        Assert.Equal([3.34, 6.67, 10.01], refunds);
    }

    [Fact]
    public void TruthOfACustomerWhoHasNotBoughtYetMatchesNumericalIntegration()
    {
        // Independent check of the closed form: integrate over the first-purchase time u the
        // density w·κe^(−κu) times (1 + λ/μ·(1 − e^(−μ(h−u)))).
        const double lambda = 0.03, mu = 0.004, kappa = 0.5, q = 0.8, sinceSignup = 1.5;
        const int horizon = 365;
        var parameters = new TrueCustomerParameters(lambda, mu, MeanSpend: 40, q, kappa);
        var history = new HistoryAtTruthDate(sinceSignup, DaysSinceLastPurchase: null, OpenOrders: []);
        var willConvert = q * Math.Exp(-kappa * sinceSignup) / (1 - q + q * Math.Exp(-kappa * sinceSignup));
        const int steps = 200_000;
        var step = horizon / (double)steps;
        var integral = 0.0;
        for (var i = 0; i <= steps; i++)
        {
            var u = i * step;
            var weight = i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2;
            integral += weight * kappa * Math.Exp(-kappa * u) * (1 + lambda / mu * (1 - Math.Exp(-mu * (horizon - u))));
        }

        var expectedOccasions = willConvert * integral * step / 3;

        var truth = TruthCalculator.Compute("C1", parameters, history, horizon, PlainOrders);

        Assert.Equal(expectedOccasions, truth.ExpectedFutureOrders, 6);
        Assert.Equal(expectedOccasions * 40, truth.ExpectedFutureSpend, 4);
        Assert.Equal(willConvert, truth.ProbabilityAlive, 12);
    }

    [Fact]
    public void ReturnsOfHorizonOrdersThatLandAfterTheHorizonLeaveTheNetAmountButNotTheSpend()
    {
        // A customer alive for certain with a tiny dropout: orders spread evenly over a 30-day
        // horizon; with a 30-day return window the mean order sees (0+1+…+29)/30 = 14.5 days
        // left, so only 14.5/30 of its expected refund lands inside.
        var returns = PlainOrders with { ReturnProbability = 0.10, ReturnWindowDays = 30 };
        var steady = new TrueCustomerParameters(PurchaseRate: 0.1, DropoutRate: 1e-12, MeanSpend: 100, 1, 0.5);
        var history = new HistoryAtTruthDate(400, DaysSinceLastPurchase: 0, OpenOrders: []);

        var truth = TruthCalculator.Compute("C1", steady, history, horizonDays: 30, returns);

        var orders = 0.1 * 30;
        var refundShare = returns.ExpectedReturnedShare;
        Assert.Equal(orders * 100 * (1 - 0.10 * refundShare * 14.5 / 30), truth.ExpectedFutureNetAmount, 6);
        Assert.Equal(orders * 100 * (1 - 0.10 * refundShare), truth.ExpectedFutureSpend, 6);
    }
}
