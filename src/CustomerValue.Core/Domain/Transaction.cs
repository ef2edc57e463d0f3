namespace CustomerValue.Core.Domain;

/// <summary>
/// One line of a customer's purchase history. <see cref="Amount"/> is in currency units;
/// a negative amount is a return or refund.
/// </summary>
public sealed record Transaction(
    string CustomerId,
    DateTime Timestamp,
    double Amount,
    string? OrderId = null,
    double? Quantity = null,
    string? Channel = null,
    string? Device = null);
