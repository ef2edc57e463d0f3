namespace CustomerValue.Modeling.Synthetic;

/// <summary>
/// A simulated customer's hidden individual parameters. Rates are per day.
/// </summary>
/// <param name="PurchaseRate">λ: purchase occasions per day while alive.</param>
/// <param name="DropoutRate">μ: rate of the exponential lifetime that starts at the first purchase.</param>
/// <param name="MeanSpend">Mean gross amount of one order.</param>
/// <param name="ConversionProbability">Probability that the customer ever makes a first purchase.</param>
/// <param name="ConversionRate">κ: rate of the exponential delay from signup to the first purchase.</param>
public sealed record TrueCustomerParameters(
    double PurchaseRate,
    double DropoutRate,
    double MeanSpend,
    double ConversionProbability,
    double ConversionRate);

/// <summary>What a customer will do in the horizon after the truth date, in expectation.</summary>
/// <param name="ExpectedFutureSpend">
/// Expected value of the orders placed inside the horizon, net of their own returns wherever those
/// are dated: the customer's future value, never negative.
/// </param>
/// <param name="ExpectedFutureOrders">Expected number of orders (distinct order ids, same-day orders included) placed inside the horizon.</param>
/// <param name="ProbabilityAlive">
/// Probability that the customer is alive at the truth date; for a customer without a purchase by
/// then, the probability that they will still make one.
/// </param>
/// <param name="ExpectedFutureNetAmount">
/// Expected sum of all amounts dated inside the horizon, as a label computed from the transactions
/// file would sum them: returns of earlier orders that land inside count, returns of horizon orders
/// that land after it do not. Can be slightly negative for a customer with a recent order that may
/// still come back.
/// </param>
public sealed record CustomerTruth(
    string CustomerId,
    double ExpectedFutureSpend,
    double ExpectedFutureOrders,
    double ProbabilityAlive,
    double ExpectedFutureNetAmount);

/// <summary>
/// An order placed on or before the truth date, within the return window, and not yet returned by
/// then: a return of it may still fall inside the horizon.
/// </summary>
/// <param name="DaysBeforeTruthDate">0 for an order on the truth date itself.</param>
public readonly record struct OpenOrder(int DaysBeforeTruthDate, double Amount, int Quantity);

/// <summary>
/// What the truth conditions on: the customer's history up to the end of the truth date.
/// </summary>
/// <param name="DaysSinceSignup">From the signup instant to the end of the truth date.</param>
/// <param name="DaysSinceLastPurchase">
/// From the last purchase occasion to the end of the truth date; null when the customer has not
/// bought yet. Only the recency matters: with λ and μ known, P(alive) does not depend on how many
/// purchases there were.
/// </param>
/// <param name="OpenOrders">Orders whose return could still come.</param>
public sealed record HistoryAtTruthDate(
    double DaysSinceSignup,
    double? DaysSinceLastPurchase,
    IReadOnlyList<OpenOrder> OpenOrders);
