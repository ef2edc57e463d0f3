using Npgsql;

namespace CustomerValue.Core.Tests.Store;

/// <summary>
/// A fact that needs the PostgreSQL server named by <c>CVML_TEST_POSTGRES</c> (start one with .ci/postgres.sh).
/// Locally it is skipped when no server answers; under <c>CI=true</c> it always runs, so a missing server fails
/// the build instead of quietly skipping half the store tests.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestPostgres.IsCi && TestPostgres.Unavailable.Value is { } reason) Skip = reason;
    }
}

/// <summary>Where the test server is, and whether it answers.</summary>
internal static class TestPostgres
{
    public const string Variable = "CVML_TEST_POSTGRES";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>Why the server cannot be used, or null when it answers. Probed once per test run.</summary>
    public static readonly Lazy<string?> Unavailable = new(Probe);

    static string? Probe()
    {
        if (ConnectionString is not { } connectionString)
            return $"{Variable} is not set; start a server with .ci/postgres.sh and export its connection string.";
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3 };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            return $"PostgreSQL from {Variable} is not reachable: {e.Message}";
        }
    }

    /// <summary>The connection string, or a failure that says how to get one (what CI=true runs hit).</summary>
    public static string Require() =>
        Unavailable.Value is { } reason
            ? throw new InvalidOperationException($"{reason} (CI=true: the PostgreSQL store tests must run.)")
            : ConnectionString!;
}
