namespace CustomerValue.Modeling.Synthetic;

/// <summary>What a generation run wrote.</summary>
/// <param name="Prospects">Customers with a profile and no transaction in the data.</param>
/// <param name="Orders">Transaction lines with a positive amount.</param>
/// <param name="Returns">Transaction lines with a negative amount.</param>
public sealed record GenerationSummary(
    int Customers,
    int Prospects,
    long Orders,
    long Returns,
    long CustomersFileBytes,
    long TransactionsFileBytes,
    long TruthFileBytes,
    DateOnly TruthDate)
{
    public long TransactionLines => Orders + Returns;

    public double TransactionsPerCustomer => Customers == 0 ? 0 : (double)TransactionLines / Customers;
}
