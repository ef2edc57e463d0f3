namespace CustomerValue.Core.Data;

/// <summary>Column names of the data contract: a file with these headers needs no source spec.</summary>
public static class ContractFields
{
    public const string CustomerId = "customer_id";
    public const string Timestamp = "timestamp";
    public const string Amount = "amount";
    public const string OrderId = "order_id";
    public const string Quantity = "quantity";
    public const string Channel = "channel";
    public const string Device = "device";

    public const string SignupDate = "signup_date";
    public const string PostalCode = "postal_code";
    public const string Newsletter = "newsletter";
    public const string Churned = "churned";
    public const string ChurnDate = "churn_date";

    /// <summary>
    /// A transactions file's columns. Channel, device and postal code describe the customer at their first purchase: a
    /// customer's profile takes them from there where the customers file gives none.
    /// </summary>
    public static IReadOnlyList<string> Transactions { get; } =
        [CustomerId, Timestamp, Amount, OrderId, Quantity, Channel, Device, PostalCode];

    public static IReadOnlyList<string> RequiredTransactions { get; } = [CustomerId, Timestamp, Amount];

    public static IReadOnlyList<string> Customers { get; } =
        [CustomerId, SignupDate, PostalCode, Device, Channel, Newsletter, Churned, ChurnDate];

    public static IReadOnlyList<string> RequiredCustomers { get; } = [CustomerId];

    public static IReadOnlyList<string> For(FileKind kind) => kind == FileKind.Transactions ? Transactions : Customers;

    public static IReadOnlyList<string> RequiredFor(FileKind kind) =>
        kind == FileKind.Transactions ? RequiredTransactions : RequiredCustomers;
}
