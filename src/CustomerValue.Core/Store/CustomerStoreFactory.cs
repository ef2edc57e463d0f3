namespace CustomerValue.Core.Store;

/// <summary>Builds the store the options name. Call <see cref="ICustomerStore.EnsureSchemaAsync"/> before use.</summary>
public static class CustomerStoreFactory
{
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public static ICustomerStore Create(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options.Provider switch
        {
            StoreProvider.Sqlite => new SqliteCustomerStore(options),
            StoreProvider.Postgres => new PostgresCustomerStore(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown store provider."),
        };
    }
}
