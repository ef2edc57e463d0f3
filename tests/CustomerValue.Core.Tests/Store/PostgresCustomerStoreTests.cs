using CustomerValue.Core.Store;
using Npgsql;

namespace CustomerValue.Core.Tests.Store;

/// <summary>
/// The store contract against the PostgreSQL server of CVML_TEST_POSTGRES, in a fresh schema per test that is
/// dropped afterwards.
/// </summary>
public sealed class PostgresCustomerStoreTests : CustomerStoreContract
{
    readonly string schema = "cvml_test_" + Guid.NewGuid().ToString("N")[..16];
    string? adminConnection;

    protected override async Task<StoreOptions> CreateDatabaseAsync()
    {
        adminConnection = TestPostgres.Require();
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        var builder = new NpgsqlConnectionStringBuilder(adminConnection) { SearchPath = schema };
        return StoreConnection.Parse("postgres:" + builder.ConnectionString);
    }

    protected override async Task DropDatabaseAsync()
    {
        if (adminConnection is not null) await ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
    }

    protected override async Task ExecuteSqlAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnection) { SearchPath = schema };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [PostgresFact] public Task SchemaIsCreatedOnAnEmptyDatabaseAndEnsuringItAgainChangesNothing() => SchemaIsCreatedOnAnEmptyDatabaseAndEnsuringItAgainChangesNothingAsync();
    [PostgresFact] public Task AnOlderSchemaIsMigratedForwardKeepingItsRun() => AnOlderSchemaIsMigratedForwardKeepingItsRunAsync();
    [PostgresFact] public Task ARunLeftRunningByAKilledProcessIsMarkedInterruptedWhenTheStoreIsOpened() => ARunLeftRunningByAKilledProcessIsMarkedInterruptedWhenTheStoreIsOpenedAsync();
    [PostgresFact] public Task ARunBeingWrittenIsLeftRunningWhenAnotherProcessOpensTheStore() => ARunBeingWrittenIsLeftRunningWhenAnotherProcessOpensTheStoreAsync();
    [PostgresFact] public Task NothingScoredYetMeansNoRunNoSegmentsAndNoCandidates() => NothingScoredYetMeansNoRunNoSegmentsAndNoCandidatesAsync();
    [PostgresFact] public Task AnUnknownCustomerIdReturnsNull() => AnUnknownCustomerIdReturnsNullAsync();
    [PostgresFact] public Task ARunKeepsItsDriftAndRealisedReportsAndItsRowsReadBack() => ARunKeepsItsDriftAndRealisedReportsAndItsRowsReadBackAsync();
    [PostgresFact] public Task ALeaversWinBackValueIsKeptAndRanksThemOnTheList() => ALeaversWinBackValueIsKeptAndRanksThemOnTheListAsync();
    [PostgresFact] public Task ACustomerReadsBackWithEveryFieldAsWritten() => ACustomerReadsBackWithEveryFieldAsWrittenAsync();
    [PostgresFact] public Task TheWrittenRunIsTheLatestWithItsCounts() => TheWrittenRunIsTheLatestWithItsCountsAsync();
    [PostgresFact] public Task CandidatesAreRankedByValueAtStakeThenCustomerId() => CandidatesAreRankedByValueAtStakeThenCustomerIdAsync();
    [PostgresFact] public Task CandidatesRankedByChurnGoLikeliestToChurnFirst() => CandidatesRankedByChurnGoLikeliestToChurnFirstAsync();
    [PostgresFact] public Task FiltersNarrowTheCandidates() => FiltersNarrowTheCandidatesAsync();
    [PostgresFact] public Task ABudgetBuysTheTopCandidatesWorthMoreThanAContact() => ABudgetBuysTheTopCandidatesWorthMoreThanAContactAsync();
    [PostgresFact] public Task MeasuredRatesByDecileRankCutAndTotalTheList() => MeasuredRatesByDecileRankCutAndTotalTheListAsync();
    [PostgresFact] public Task PagesSliceTheSelectionWhileTotalsDescribeAllOfIt() => PagesSliceTheSelectionWhileTotalsDescribeAllOfItAsync();
    [PostgresFact] public Task SegmentsSumCountsMeanValuesChurnRatesAndValueAtStake() => SegmentsSumCountsMeanValuesChurnRatesAndValueAtStakeAsync();
    [PostgresFact] public Task SegmentsFromTheKeptTotalsEqualSegmentsSummedFromTheRows() => SegmentsFromTheKeptTotalsEqualSegmentsSummedFromTheRowsAsync();
    [PostgresFact] public Task AReRunReplacesThePreviousRunAndItsRows() => AReRunReplacesThePreviousRunAndItsRowsAsync();
    [PostgresFact] public Task AFailedRunLeavesThePreviousRunInPlace() => AFailedRunLeavesThePreviousRunInPlaceAsync();
    [PostgresFact] public Task EveryRowOfAThousandCustomerRunIsWritten() => EveryRowOfAThousandCustomerRunIsWrittenAsync();
    [PostgresFact] public Task ADuplicateFarIntoARunIsNamed() => ADuplicateFarIntoARunIsNamedAsync();
    [PostgresFact] public Task AReaderDuringAReScoreAlwaysSeesOneCompleteRun() => AReaderDuringAReScoreAlwaysSeesOneCompleteRunAsync();
    [PostgresFact] public Task AQueryThatMakesNoSenseIsRefusedNamingTheField() => AQueryThatMakesNoSenseIsRefusedNamingTheFieldAsync();
    [PostgresFact] public Task ACampaignKeepsItsMembersAndGroupsAfterTheRunIsReplaced() => ACampaignKeepsItsMembersAndGroupsAfterTheRunIsReplacedAsync();
    [PostgresFact] public Task ACampaignNameIsTakenOnceAndAnUnknownNameIsNull() => ACampaignNameIsTakenOnceAndAnUnknownNameIsNullAsync();
    [PostgresFact] public Task ACampaignResultReadsBackWithTheCampaign() => ACampaignResultReadsBackWithTheCampaignAsync();
    [PostgresFact] public Task ThePreviousRunIsSummedUpFromTheTotalsKeptWhenItWasWritten() => ThePreviousRunIsSummedUpFromTheTotalsKeptWhenItWasWrittenAsync();
    [PostgresFact] public Task ShardsWrittenInParallelGiveExactlyTheRowsOfOneUnshardedRun() => ShardsWrittenInParallelGiveExactlyTheRowsOfOneUnshardedRunAsync();
    [PostgresFact] public Task ARunMissingAShardIsNotPublished() => ARunMissingAShardIsNotPublishedAsync();
    [PostgresFact] public Task AFailedShardIsWrittenAgainAloneAndThenPublishesTheRun() => AFailedShardIsWrittenAgainAloneAndThenPublishesTheRunAsync();
    [PostgresFact] public Task AShardWrittenAgainReplacesOnlyItsOwnRows() => AShardWrittenAgainReplacesOnlyItsOwnRowsAsync();
    [PostgresFact] public Task AShardRefusesACustomerOfAnotherShardAndARunOfAnotherModel() => AShardRefusesACustomerOfAnotherShardAndARunOfAnotherModelAsync();
    [PostgresFact] public Task AMigrationMissingBelowTheLatestIsApplied() => AMigrationMissingBelowTheLatestIsAppliedAsync();
}
