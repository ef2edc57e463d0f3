namespace CustomerValue.Api.Customers;

/// <summary>
/// The seeding part of the <c>Store</c> section: what to score at start when the store holds no run yet, so a fresh
/// clone serves real lists. Relative paths are taken from the content root.
/// </summary>
public sealed class StoreSeedOptions
{
    /// <summary>Score the seed files at start when the store has no run; false leaves an empty store empty.</summary>
    public bool SeedOnStart { get; set; } = true;

    /// <summary>Default: the repository's <c>data-samples/synthetic/transactions.csv</c>, when the repository is found.</summary>
    public string? SeedTransactions { get; set; }

    /// <summary>Default: the repository's <c>data-samples/synthetic/customers.csv</c>, when the repository is found.</summary>
    public string? SeedCustomers { get; set; }
}
