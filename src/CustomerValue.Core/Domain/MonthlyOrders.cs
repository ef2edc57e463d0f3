namespace CustomerValue.Core.Domain;

/// <summary>
/// One calendar month of a customer's order history: the days with a purchase (orders, as the scores count them) and
/// the net amount in currency units (returns subtracted).
/// </summary>
/// <param name="Month">The first day of the month.</param>
public readonly record struct MonthlyOrders(DateOnly Month, int Orders, double Amount);
