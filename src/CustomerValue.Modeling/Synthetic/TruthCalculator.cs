namespace CustomerValue.Modeling.Synthetic;

/// <summary>
/// Exact expectations for a simulated customer given their true parameters and their history up to
/// the truth date. Time is in days; the history ends at the end of the truth date and the horizon
/// is the whole days after it.
/// </summary>
public static class TruthCalculator
{
    /// <summary>
    /// P(alive) of a Pareto/NBD customer with known λ and μ whose last purchase was
    /// <paramref name="timeSinceLastPurchase"/> = T − tₓ ago:
    /// 1 / (1 + μ/(λ+μ) · (e^((λ+μ)(T−tₓ)) − 1)).
    /// </summary>
    public static double ProbabilityAlive(double purchaseRate, double dropoutRate, double timeSinceLastPurchase)
    {
        var total = purchaseRate + dropoutRate;
        var odds = dropoutRate / total * ExpM1(total * timeSinceLastPurchase);
        return double.IsPositiveInfinity(odds) ? 0.0 : 1.0 / (1.0 + odds);
    }

    /// <summary>E[purchases in the next <paramref name="horizon"/> | alive now] = λ/μ · (1 − e^(−μh)).</summary>
    public static double ExpectedPurchasesIfAlive(double purchaseRate, double dropoutRate, double horizon) =>
        purchaseRate * ExpectedLifetimeWithin(dropoutRate, horizon);

    /// <summary>
    /// Probability that a customer who signed up <paramref name="timeSinceSignup"/> ago and has not
    /// bought yet will still buy: q·e^(−κt) / (1 − q + q·e^(−κt)).
    /// </summary>
    public static double ProbabilityOfLaterConversion(
        double conversionProbability, double conversionRate, double timeSinceSignup)
    {
        if (conversionProbability <= 0.0)
        {
            return 0.0;
        }

        if (conversionProbability >= 1.0)
        {
            return 1.0;
        }

        var odds = (1.0 - conversionProbability) / conversionProbability * Math.Exp(conversionRate * timeSinceSignup);
        return double.IsPositiveInfinity(odds) ? 0.0 : 1.0 / (1.0 + odds);
    }

    /// <summary>
    /// The truth of one customer. Purchase occasions in the horizon follow from the Pareto/NBD
    /// process (or, before the first purchase, the conversion delay followed by it); each occasion
    /// is an order plus, with probability η, a second order the same day; orders have mean amount
    /// ζ; each is returned with probability ρ, giving back the expected share f of its amount
    /// 1…W days later. The expected spend is E[orders]·ζ·(1 − ρf). The expected net amount counts
    /// exactly the amounts dated inside the horizon: it subtracts returns of earlier orders that
    /// land in it and leaves out returns of horizon orders that land after it.
    /// </summary>
    public static CustomerTruth Compute(
        string customerId,
        TrueCustomerParameters truth,
        HistoryAtTruthDate history,
        int horizonDays,
        SimulationParameters parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizonDays);
        var occasions = OccasionCurve(truth, history);
        var probabilityAlive = history.DaysSinceLastPurchase is { } recency
            ? ProbabilityAlive(truth.PurchaseRate, truth.DropoutRate, recency)
            : ProbabilityOfLaterConversion(truth.ConversionProbability, truth.ConversionRate, history.DaysSinceSignup);

        var ordersPerOccasion = 1.0 + parameters.SameDayOrderProbability;
        var expectedOccasions = occasions(horizonDays);
        var returnShare = parameters.ExpectedReturnedShare;
        var window = parameters.ReturnWindowDays;

        // A horizon order on day j (0-based) is returned k ∈ 1…W days later; the return is dated
        // inside the horizon only when j + k ≤ h − 1, which is certain up to day h − 1 − W.
        var firstUncertainDay = Math.Max(0, horizonDays - window);
        var before = occasions(firstUncertainDay);
        var returnsInside = before;
        for (var day = firstUncertainDay; day < horizonDays; day++)
        {
            var after = occasions(day + 1);
            var shareInside = Math.Min(window, horizonDays - 1 - day) / (double)window;
            returnsInside += (after - before) * shareInside;
            before = after;
        }

        var expectedOrders = ordersPerOccasion * expectedOccasions;
        var grossSpend = expectedOrders * truth.MeanSpend;
        var refundPerOrder = truth.MeanSpend * parameters.ReturnProbability * returnShare;
        var openOrderReturns = history.OpenOrders.Sum(order => ExpectedReturnInsideHorizon(order, horizonDays, parameters));

        return new CustomerTruth(
            customerId,
            ExpectedFutureSpend: expectedOrders * (truth.MeanSpend - refundPerOrder),
            ExpectedFutureOrders: expectedOrders,
            ProbabilityAlive: probabilityAlive,
            ExpectedFutureNetAmount: grossSpend - ordersPerOccasion * returnsInside * refundPerOrder - openOrderReturns);
    }

    /// <summary>
    /// The refund of <paramref name="amount"/> when j of its <paramref name="quantity"/> items go
    /// back: j/q of the amount, rounded to cents.
    /// </summary>
    public static double Refund(double amount, int quantity, int itemsReturned) =>
        Math.Round(amount * itemsReturned / quantity, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Expected refund dated inside the horizon for an order not yet returned by the truth date:
    /// P(return lands in the horizon | not returned yet) × the mean refund over the returned items.
    /// </summary>
    internal static double ExpectedReturnInsideHorizon(OpenOrder order, int horizonDays, SimulationParameters parameters)
    {
        var window = parameters.ReturnWindowDays;
        var age = order.DaysBeforeTruthDate;
        var alreadyPassed = Math.Clamp(age, 0, window);
        var insideHorizon = Math.Max(0, Math.Min(window, age + horizonDays) - alreadyPassed);
        var rho = parameters.ReturnProbability;
        var probability = rho * insideHorizon / window / (1.0 - rho * alreadyPassed / window);

        var meanRefund = 0.0;
        for (var items = 1; items <= order.Quantity; items++)
        {
            meanRefund += Refund(order.Amount, order.Quantity, items);
        }

        return probability * meanRefund / order.Quantity;
    }

    /// <summary>
    /// C(t): expected purchase occasions in the first t days after the truth date.
    /// </summary>
    static Func<double, double> OccasionCurve(TrueCustomerParameters truth, HistoryAtTruthDate history)
    {
        var lambda = truth.PurchaseRate;
        var mu = truth.DropoutRate;
        if (history.DaysSinceLastPurchase is { } recency)
        {
            var alive = ProbabilityAlive(lambda, mu, recency);
            return t => alive * lambda * ExpectedLifetimeWithin(mu, t);
        }

        // Not bought yet: the first purchase comes after an Exp(κ) delay (memoryless, so counted
        // from now) if it comes at all; repeat purchases follow it at rate λ until an Exp(μ) death.
        var willConvert = ProbabilityOfLaterConversion(truth.ConversionProbability, truth.ConversionRate, history.DaysSinceSignup);
        var kappa = truth.ConversionRate;
        return t =>
        {
            var converted = -ExpM1(-kappa * t);
            // ∫₀ᵗ κe^(−κu) (1 − e^(−μ(t−u))) du / μ: lifetime left after a first purchase at u.
            var repeatLifetime = (converted - kappa * DifferenceOfExponentials(kappa, mu, t)) / mu;
            return willConvert * (converted + lambda * repeatLifetime);
        };
    }

    /// <summary>(1 − e^(−μt)) / μ: the expected time alive within the next t.</summary>
    static double ExpectedLifetimeWithin(double rate, double t) =>
        rate * t < 1e-12 ? t : -ExpM1(-rate * t) / rate;

    /// <summary>(e^(−at) − e^(−bt)) / (b − a), which is t·e^(−at) when a = b.</summary>
    static double DifferenceOfExponentials(double a, double b, double t)
    {
        var gap = b - a;
        return Math.Abs(gap * t) < 1e-9
            ? t * Math.Exp(-a * t)
            : Math.Exp(-a * t) * -ExpM1(-gap * t) / gap;
    }

    /// <summary>
    /// e^x − 1 without the cancellation of <c>Math.Exp(x) − 1</c> near 0 (the runtime's
    /// <c>double.ExpM1</c> is computed exactly that way).
    /// </summary>
    internal static double ExpM1(double x) =>
        Math.Abs(x) < 1e-5 ? x * (1.0 + x * (0.5 + x / 6.0)) : Math.Exp(x) - 1.0;
}
