using System.ComponentModel.DataAnnotations;

namespace CustomerValue.Core.Store;

/// <summary>Where scored customers are kept: the <c>Store</c> section of the configuration.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary><c>sqlite</c> (the default) or <c>postgres</c>.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>
    /// For SQLite, <c>Data Source=path/to/file.db</c> (a bare path is accepted too); for PostgreSQL, an
    /// Npgsql connection string such as <c>Host=…;Database=…;Username=…;Password=…</c>.
    /// </summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>Seconds a command may run; bulk writes are exempt. Zero means no limit.</summary>
    [Range(0, 86_400)]
    public int CommandTimeoutSeconds { get; set; } = 60;

    /// <summary>The problems with these options, each naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Provider))
            errors.Add($"{Section}:{nameof(Provider)} must be 'sqlite' or 'postgres'.");
        if (string.IsNullOrWhiteSpace(ConnectionString))
            errors.Add($"{Section}:{nameof(ConnectionString)} is required.");
        else if (Provider == StoreProvider.Sqlite && !TrySqliteDataSource(ConnectionString, out var error))
            errors.Add($"{Section}:{nameof(ConnectionString)}: {error}");
        else if (Provider == StoreProvider.Postgres && !TryPostgres(ConnectionString, out var pgError))
            errors.Add($"{Section}:{nameof(ConnectionString)}: {pgError}");
        if (CommandTimeoutSeconds is < 0 or > 86_400)
            errors.Add($"{Section}:{nameof(CommandTimeoutSeconds)} must be between 0 and 86400.");
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors));
    }

    static bool TrySqliteDataSource(string connectionString, out string error)
    {
        try
        {
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
            error = "";
            if (string.IsNullOrWhiteSpace(builder.DataSource))
                error = "SQLite needs a file: 'Data Source=path/to/store.db'.";
            else if (builder.DataSource == ":memory:" || builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
                error = "an in-memory SQLite database would vanish between connections; give a file.";
            return error.Length == 0;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }
    }

    static bool TryPostgres(string connectionString, out string error)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            error = string.IsNullOrWhiteSpace(builder.Host) ? "PostgreSQL needs a Host." : "";
            return error.Length == 0;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }
    }
}
