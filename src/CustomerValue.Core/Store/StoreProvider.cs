namespace CustomerValue.Core.Store;

public enum StoreProvider
{
    Sqlite,
    Postgres,
}
