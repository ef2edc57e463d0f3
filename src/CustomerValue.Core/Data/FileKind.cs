namespace CustomerValue.Core.Data;

/// <summary>Which table of the data contract a file holds.</summary>
public enum FileKind
{
    Transactions,
    Customers,
}
