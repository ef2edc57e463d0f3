using CustomerValue.Core.Store;

namespace CustomerValue.Core.Tests.Store;

public sealed class StoreConnectionTests
{
    [Fact]
    public void ABarePathIsASqliteFile()
    {
        var options = StoreConnection.Parse("out/customers.db");

        Assert.Equal(StoreProvider.Sqlite, options.Provider);
        Assert.Equal("Data Source=out/customers.db", options.ConnectionString);
    }

    [Fact]
    public void APostgresPrefixMeansPostgresqlWithTheRestAsConnectionString()
    {
        var options = StoreConnection.Parse("postgres:Host=db;Database=cvml;Username=app");

        Assert.Equal(StoreProvider.Postgres, options.Provider);
        Assert.Equal("Host=db;Database=cvml;Username=app", options.ConnectionString);
    }

    [Fact]
    public void APostgresUrlBecomesNpgsqlKeywords()
    {
        var options = StoreConnection.Parse("postgres://app:s%3Dcret@db.example:6543/cvml?SSL Mode=Require");

        Assert.Equal(StoreProvider.Postgres, options.Provider);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        Assert.Equal(("db.example", 6543, "app", "s=cret", "cvml", Npgsql.SslMode.Require),
            (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode));
    }

    [Fact]
    public void AnExplicitProviderWinsOverThePrefix()
    {
        var options = StoreConnection.Parse("Host=db;Database=cvml", "postgres");

        Assert.Equal(StoreProvider.Postgres, options.Provider);
        Assert.Equal("Host=db;Database=cvml", options.ConnectionString);
    }

    [Theory]
    [InlineData("", null, "empty")]
    [InlineData("postgres:", null, "Nothing follows")]
    [InlineData("a.db", "oracle", "Unknown store provider 'oracle'")]
    [InlineData("Data Source=:memory:", null, "in-memory")]
    [InlineData("postgres:Database=cvml", null, "needs a Host")]
    public void AnUnusableConnectionIsRefusedSayingWhy(string connection, string? provider, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => StoreConnection.Parse(connection, provider));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void OptionsNameTheSettingThatIsWrong()
    {
        var options = new StoreOptions { Provider = (StoreProvider)7, ConnectionString = " ", CommandTimeoutSeconds = -1 };

        var errors = options.Validate();

        Assert.Equal(
            ["Store:Provider must be 'sqlite' or 'postgres'.", "Store:ConnectionString is required.", "Store:CommandTimeoutSeconds must be between 0 and 86400."],
            errors);
    }
}
