namespace CustomerValue.Core.Store;

/// <summary>
/// Reads the one-string form of a store that the CLI takes (<c>--store</c>): a SQLite file path or
/// connection string, or PostgreSQL with a <c>postgres:</c> prefix.
/// </summary>
public static class StoreConnection
{
    const string PostgresPrefix = "postgres:";
    const string PostgresqlPrefix = "postgresql:";
    const string SqlitePrefix = "sqlite:";

    /// <summary>
    /// <list type="bullet">
    /// <item><c>postgres:Host=…;Database=…</c> or a URL <c>postgres://user:pw@host:port/db</c> → PostgreSQL;</item>
    /// <item><c>sqlite:…</c>, <c>Data Source=…</c> or a bare file path → SQLite;</item>
    /// <item><paramref name="provider"/> (<c>sqlite</c> | <c>postgres</c>), when given, decides instead of the prefix.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">The provider is unknown, or the string is empty or malformed.</exception>
    public static StoreOptions Parse(string connection, string? provider = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var text = connection.Trim();
        if (text.Length == 0) throw new ArgumentException("The store connection is empty.", nameof(connection));

        StoreProvider? chosen = provider is null ? null : ParseProvider(provider);
        if (IsUrl(text, "postgres://") || IsUrl(text, "postgresql://"))
        {
            chosen ??= StoreProvider.Postgres;
            text = FromUrl(text);
        }
        else if (StripPrefix(ref text, PostgresqlPrefix) || StripPrefix(ref text, PostgresPrefix))
            chosen ??= StoreProvider.Postgres;
        else if (StripPrefix(ref text, SqlitePrefix))
            chosen ??= StoreProvider.Sqlite;

        chosen ??= StoreProvider.Sqlite;
        if (chosen == StoreProvider.Sqlite && !text.Contains('='))
            text = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = text }.ToString();

        var options = new StoreOptions { Provider = chosen.Value, ConnectionString = text };
        options.ThrowIfInvalid();
        return options;
    }

    /// <summary>
    /// A SQLite file is created where it is named, but its folder must exist: a mistyped path then fails instead of
    /// scoring into a tree of new folders nobody will look in.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder of the SQLite file does not exist.</exception>
    public static void ThrowIfFolderMissing(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != StoreProvider.Sqlite || string.IsNullOrWhiteSpace(options.ConnectionString))
            return;
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:")
            return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The folder {folder} of the store {file} does not exist: create it first, or name a file in a folder that does.");
    }

    /// <summary>Accepts <c>sqlite</c>, <c>postgres</c> and <c>postgresql</c>, any case.</summary>
    public static StoreProvider ParseProvider(string provider) => provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => StoreProvider.Sqlite,
        "postgres" or "postgresql" or "pg" => StoreProvider.Postgres,
        _ => throw new ArgumentException($"Unknown store provider '{provider}': use 'sqlite' or 'postgres'.", nameof(provider)),
    };

    static bool IsUrl(string text, string scheme) => text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase);

    static bool StripPrefix(ref string text, string prefix)
    {
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        text = text[prefix.Length..].Trim();
        if (text.Length == 0) throw new ArgumentException($"Nothing follows '{prefix}' in the store connection.");
        return true;
    }

    /// <summary>libpq-style URL → Npgsql keywords (Npgsql itself takes only keywords).</summary>
    static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"'{url}' is not a valid PostgreSQL URL.");
        var builder = new Npgsql.NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return builder.ConnectionString;
    }
}
