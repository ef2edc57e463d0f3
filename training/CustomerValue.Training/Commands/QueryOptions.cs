using System.CommandLine;

namespace CustomerValue.Training.Commands;

/// <summary>
/// The queries of PostgreSQL sources, shared by the commands that read transactions and customers:
/// <c>--transactions "postgres:Host=…;Database=…" --query "select customer_id, ts, amount from …"</c>.
/// </summary>
internal static class QueryOptions
{
    public static readonly Option<string?> Transactions = new("--query")
    {
        Description = "With --transactions postgres:Host=…;Database=…: the SELECT whose rows are the transactions (columns named or mapped as in a file)",
    };

    public static readonly Option<string?> Customers = new("--customers-query")
    {
        Description = "With --customers postgres:Host=…;Database=…: the SELECT whose rows are the customers",
    };
}
