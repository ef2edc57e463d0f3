using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;
using Microsoft.Data.Sqlite;

namespace CustomerValue.Core.Tests.Store;

/// <summary>The store contract against a fresh SQLite file in a temp folder per test.</summary>
public sealed class SqliteCustomerStoreTests : CustomerStoreContract
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "cvml-store-" + Guid.NewGuid().ToString("N"));

    protected override Task<StoreOptions> CreateDatabaseAsync()
    {
        Directory.CreateDirectory(folder);
        return Task.FromResult(StoreConnection.Parse(Path.Combine(folder, "store.db")));
    }

    protected override Task DropDatabaseAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact] public Task SchemaIsCreatedOnAnEmptyDatabaseAndEnsuringItAgainChangesNothing() => SchemaIsCreatedOnAnEmptyDatabaseAndEnsuringItAgainChangesNothingAsync();
    [Fact] public Task AnOlderSchemaIsMigratedForwardKeepingItsRun() => AnOlderSchemaIsMigratedForwardKeepingItsRunAsync();
    [Fact] public Task ARunLeftRunningByAKilledProcessIsMarkedInterruptedWhenTheStoreIsOpened() => ARunLeftRunningByAKilledProcessIsMarkedInterruptedWhenTheStoreIsOpenedAsync();
    [Fact] public Task ARunBeingWrittenIsLeftRunningWhenAnotherProcessOpensTheStore() => ARunBeingWrittenIsLeftRunningWhenAnotherProcessOpensTheStoreAsync();
    [Fact] public Task NothingScoredYetMeansNoRunNoSegmentsAndNoCandidates() => NothingScoredYetMeansNoRunNoSegmentsAndNoCandidatesAsync();
    [Fact] public Task AnUnknownCustomerIdReturnsNull() => AnUnknownCustomerIdReturnsNullAsync();
    [Fact] public Task ARunKeepsItsDriftAndRealisedReportsAndItsRowsReadBack() => ARunKeepsItsDriftAndRealisedReportsAndItsRowsReadBackAsync();
    [Fact] public Task ACustomerReadsBackWithEveryFieldAsWritten() => ACustomerReadsBackWithEveryFieldAsWrittenAsync();
    [Fact] public Task TheWrittenRunIsTheLatestWithItsCounts() => TheWrittenRunIsTheLatestWithItsCountsAsync();
    [Fact] public Task CandidatesAreRankedByValueAtStakeThenCustomerId() => CandidatesAreRankedByValueAtStakeThenCustomerIdAsync();
    [Fact] public Task FiltersNarrowTheCandidates() => FiltersNarrowTheCandidatesAsync();
    [Fact] public Task ABudgetBuysTheTopCandidatesWorthMoreThanAContact() => ABudgetBuysTheTopCandidatesWorthMoreThanAContactAsync();
    [Fact] public Task MeasuredRatesByDecileRankCutAndTotalTheList() => MeasuredRatesByDecileRankCutAndTotalTheListAsync();
    [Fact] public Task PagesSliceTheSelectionWhileTotalsDescribeAllOfIt() => PagesSliceTheSelectionWhileTotalsDescribeAllOfItAsync();
    [Fact] public Task SegmentsSumCountsMeanValuesChurnRatesAndValueAtStake() => SegmentsSumCountsMeanValuesChurnRatesAndValueAtStakeAsync();
    [Fact] public Task SegmentsFromTheKeptTotalsEqualSegmentsSummedFromTheRows() => SegmentsFromTheKeptTotalsEqualSegmentsSummedFromTheRowsAsync();
    [Fact] public Task AReRunReplacesThePreviousRunAndItsRows() => AReRunReplacesThePreviousRunAndItsRowsAsync();
    [Fact] public Task AFailedRunLeavesThePreviousRunInPlace() => AFailedRunLeavesThePreviousRunInPlaceAsync();
    [Fact] public Task EveryRowOfAThousandCustomerRunIsWritten() => EveryRowOfAThousandCustomerRunIsWrittenAsync();
    [Fact] public Task ADuplicateFarIntoARunIsNamed() => ADuplicateFarIntoARunIsNamedAsync();
    [Fact] public Task AReaderDuringAReScoreAlwaysSeesOneCompleteRun() => AReaderDuringAReScoreAlwaysSeesOneCompleteRunAsync();
    [Fact] public Task AQueryThatMakesNoSenseIsRefusedNamingTheField() => AQueryThatMakesNoSenseIsRefusedNamingTheFieldAsync();
    [Fact] public Task ACampaignKeepsItsMembersAndGroupsAfterTheRunIsReplaced() => ACampaignKeepsItsMembersAndGroupsAfterTheRunIsReplacedAsync();
    [Fact] public Task ACampaignNameIsTakenOnceAndAnUnknownNameIsNull() => ACampaignNameIsTakenOnceAndAnUnknownNameIsNullAsync();
    [Fact] public Task ACampaignResultReadsBackWithTheCampaign() => ACampaignResultReadsBackWithTheCampaignAsync();
    [Fact] public Task ThePreviousRunIsSummedUpFromTheTotalsKeptWhenItWasWritten() => ThePreviousRunIsSummedUpFromTheTotalsKeptWhenItWasWrittenAsync();

    /// <summary>The bulk write binds by position through SQLitePCL; each column keeps the SQLite type it always had.</summary>
    [Fact]
    public async Task EveryValueIsStoredWithItsSqliteTypeAndNullsAsNull()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), [
            Scored.Customer("full", Domain.LifecycleStage.Retention, 80.5, 0.25) with { ExpectedNextOrder = new DateOnly(2024, 8, 1) },
            Scored.Customer("bare", Domain.LifecycleStage.Segmentation, 8, 0, channel: null, postalCode: null, device: null) with
            {
                ProbabilityAlive = null,
                TopReasons = [],
            },
        ]);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT customer_id, typeof(run_id), typeof(as_of), typeof(predicted_value), typeof(probability_alive), typeof(days_since_last_order), " +
            "typeof(orders), typeof(postal_code), top_reasons, typeof(expected_next_order), expected_next_order, typeof(shard) FROM scored_customer ORDER BY customer_id";
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "-" : reader.GetValue(i).ToString())));
        }

        Assert.Equal(
        [
            "bare text text real null null integer null [] null - null",
            "full text text real real integer integer text [\"no order for 30 days\",\"spend falling\"] text 2024-08-01 null",
        ], rows);
    }

    /// <summary>The bulk write writes its JSON columns as UTF-8 itself: the text must be what the serializer writes.</summary>
    [Fact]
    public async Task ReasonsAndOrderHistoryAreStoredAsTheSerializerWritesThem()
    {
        var store = await OpenAsync();
        string[] reasons = ["postal code 'N1 9GU' × 2 raises the predicted value", "spend trend −40% <\"falling\"> & more", "café"];
        MonthlyOrders[] history = [new(new DateOnly(2024, 5, 1), 2, 84.905), new(new DateOnly(2024, 6, 1), 0, -12.5), new(new DateOnly(2024, 6, 1), 1, 1e-7)];
        await store.WriteRunAsync(Scored.Run(), [Scored.Customer("json", Domain.LifecycleStage.Retention, 80.5, 0.25) with { TopReasons = reasons, OrderHistory = history }]);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT top_reasons, order_history FROM scored_customer";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(JsonSerializer.Serialize<IReadOnlyList<string>>(reasons), reader.GetString(0));
        Assert.Equal(
            JsonSerializer.Serialize(history.Select(m => new { month = m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), orders = m.Orders, amount = Math.Round(m.Amount, 2) })),
            reader.GetString(1));
    }

    [Fact]
    public async Task TheFileIsInWalModeSoReadersAreNotBlockedByAWriter()
    {
        await OpenAsync();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        var mode = await command.ExecuteScalarAsync();

        Assert.Equal("wal", mode);
    }

    [Fact] public Task ShardsWrittenInParallelGiveExactlyTheRowsOfOneUnshardedRun() => ShardsWrittenInParallelGiveExactlyTheRowsOfOneUnshardedRunAsync();
    [Fact] public Task ARunMissingAShardIsNotPublished() => ARunMissingAShardIsNotPublishedAsync();
    [Fact] public Task AFailedShardIsWrittenAgainAloneAndThenPublishesTheRun() => AFailedShardIsWrittenAgainAloneAndThenPublishesTheRunAsync();
    [Fact] public Task AShardWrittenAgainReplacesOnlyItsOwnRows() => AShardWrittenAgainReplacesOnlyItsOwnRowsAsync();
    [Fact] public Task AShardRefusesACustomerOfAnotherShardAndARunOfAnotherModel() => AShardRefusesACustomerOfAnotherShardAndARunOfAnotherModelAsync();
    [Fact] public Task AMigrationMissingBelowTheLatestIsApplied() => AMigrationMissingBelowTheLatestIsAppliedAsync();
}
