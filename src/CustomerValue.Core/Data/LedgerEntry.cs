namespace CustomerValue.Core.Data;

/// <summary>What the feature ledgers keep of a transaction: whose, when, and how much.</summary>
internal readonly record struct LedgerEntry(string CustomerId, DateTime Timestamp, double Amount);
