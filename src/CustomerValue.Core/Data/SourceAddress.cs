using CustomerValue.Core.Store;
using Npgsql;

namespace CustomerValue.Core.Data;

/// <summary>
/// The one-string form of a source that <c>--transactions</c> and <c>--customers</c> take: a CSV or Parquet file path,
/// or a PostgreSQL database as <c>postgres:Host=…;Database=…</c> (the form <c>--store</c> takes), whose rows come from
/// the spec's <see cref="SourceSpec.Query"/>.
/// </summary>
public static class SourceAddress
{
    /// <summary>Whether the source is a PostgreSQL database rather than a file.</summary>
    public static bool IsPostgres(string source) =>
        source.TrimStart().StartsWith("postgres:", StringComparison.OrdinalIgnoreCase)
        || source.TrimStart().StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the file is read as Parquet: the spec says so, or it says nothing and the name ends in <c>.parquet</c>.</summary>
    public static bool IsParquet(string source, SourceSpec spec) =>
        spec.Format == SourceFormat.Parquet
        || (spec.Format is null && !IsPostgres(source) && source.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// How messages name the source: the path of a file; for a database, its connection string without the password
    /// (error messages and quarantine files are shared more widely than the credentials).
    /// </summary>
    public static string DisplayName(string source)
    {
        if (!IsPostgres(source))
            return source;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(StoreConnection.Parse(source).ConnectionString);
            builder.Remove("Password");
            return "postgres:" + builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "postgres:(connection string not readable)";
        }
    }

    /// <summary>Where rejected rows go by default: beside a file; for a query, <c>transactions.rejected.csv</c> or <c>customers.rejected.csv</c> here.</summary>
    internal static string DefaultQuarantinePath(string source, FileKind kind) =>
        IsPostgres(source)
            ? (kind == FileKind.Transactions ? "transactions" : "customers") + ".rejected.csv"
            : LoadOptions.DefaultQuarantinePath(source);

    /// <summary>Opens the rows of the source: a PostgreSQL query, a Parquet file, or a CSV file read with the spec's delimiter.</summary>
    /// <exception cref="SourceReadException">The database or the query failed, or the file is not Parquet.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    internal static RowReader Open(string source, SourceSpec spec)
    {
        if (IsPostgres(source))
        {
            string connectionString;
            try
            {
                connectionString = StoreConnection.Parse(source).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new SourceReadException($"not a PostgreSQL connection string: {e.Message}", e);
            }
            var query = spec.Query
                ?? throw new SourceReadException("a PostgreSQL source needs a query: give --query \"select … from …\" (--customers-query for customers), or \"query\" in the source spec");
            return PostgresRows.Open(connectionString, query);
        }
        if (spec.Query is not null)
            throw new SourceReadException("a query reads a PostgreSQL source: give it as postgres:Host=…;Database=…, or leave out the query for a file");
        return IsParquet(source, spec) ? ParquetRows.Open(source) : SourceRows.Open(source, spec);
    }
}
