using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Data;

/// <summary>A transactions file read into memory, with the report of the load.</summary>
public sealed record TransactionSet(IReadOnlyList<Transaction> Transactions, LoadReport Report);
