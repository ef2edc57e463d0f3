using System.Data.Common;
using System.Runtime.CompilerServices;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;
using CustomerValue.Core.Tests.Store;
using Npgsql;

namespace CustomerValue.Core.Tests.Faults;

/// <summary>The store's PostgreSQL connections are killed by the server halfway through writing a run.</summary>
public sealed class PostgresConnectionDropTests : IAsyncLifetime
{
    const int Customers = 4000;

    readonly string _schema = "cvml_fault_" + Guid.NewGuid().ToString("N")[..16];
    string _admin = "";

    string ApplicationName => _schema;

    public async Task InitializeAsync()
    {
        if (TestPostgres.Unavailable.Value is not null && !TestPostgres.IsCi)
            return;
        _admin = TestPostgres.Require();
        await ExecuteAsync($"CREATE SCHEMA {_schema}");
    }

    public async Task DisposeAsync()
    {
        if (_admin.Length > 0)
            await ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
    }

    [PostgresFact]
    public async Task AConnectionDroppedMidRunFailsTheRunCleanlyAndARerunSucceeds()
    {
        var options = StoreConnection.Parse("postgres:" + new NpgsqlConnectionStringBuilder(_admin) { SearchPath = _schema, ApplicationName = ApplicationName });
        await using var store = CustomerStoreFactory.Create(options);
        await store.EnsureSchemaAsync();
        var first = await store.WriteRunAsync(new ScoringRunStart("v1", Scored.AsOf), Generate("v1", killAt: null));

        var failure = await Record.ExceptionAsync(() => store.WriteRunAsync(new ScoringRunStart("v2", Scored.AsOf), Generate("v2", killAt: Customers / 2)));
        var afterFailure = await store.GetLatestRunAsync();
        var stillServed = await store.GetCustomerAsync("c-17");
        var rerun = await store.WriteRunAsync(new ScoringRunStart("v2", Scored.AsOf), Generate("v2", killAt: null));
        var afterRerun = await store.GetLatestRunAsync();

        Assert.True(failure is DbException or IOException or InvalidOperationException, $"unexpected {failure}");
        Assert.Equal(first.RunId, afterFailure!.RunId);
        Assert.Equal(Customers, afterFailure.CustomersScored);
        Assert.Equal("v1", stillServed!.RecommendedAction);
        Assert.Equal(rerun.RunId, afterRerun!.RunId);
        Assert.Equal(Customers, afterRerun.CustomersScored);
        Assert.Equal("v2", (await store.GetCustomerAsync("c-17"))!.RecommendedAction);
    }

    /// <summary>The customers of a run (the version in a field, to tell runs apart); at <paramref name="killAt"/> the server ends the store's sessions.</summary>
    async IAsyncEnumerable<ScoredCustomer> Generate(string version, int? killAt, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < Customers; i++)
        {
            if (i == killAt)
                await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{ApplicationName}'");
            yield return Scored.Customer($"c-{i}", LifecycleStage.Retention, 10 + i % 7, 0.25) with { RecommendedAction = version };
        }
    }

    async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
