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
    [Fact] public Task ALeaversWinBackValueIsKeptAndRanksThemOnTheList() => ALeaversWinBackValueIsKeptAndRanksThemOnTheListAsync();
    [Fact] public Task ACustomerReadsBackWithEveryFieldAsWritten() => ACustomerReadsBackWithEveryFieldAsWrittenAsync();
    [Fact] public Task TheWrittenRunIsTheLatestWithItsCounts() => TheWrittenRunIsTheLatestWithItsCountsAsync();
    [Fact] public Task CandidatesAreRankedByValueAtStakeThenCustomerId() => CandidatesAreRankedByValueAtStakeThenCustomerIdAsync();
    [Fact] public Task CandidatesRankedByChurnGoLikeliestToChurnFirst() => CandidatesRankedByChurnGoLikeliestToChurnFirstAsync();
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

    /// <summary>A new store file is made with 16 KiB pages, which wrote the 1M base's run in less time than SQLite's 4 KiB.</summary>
    [Fact]
    public async Task ANewStoreFileIsMadeWithSixteenKibibytePages()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        Assert.Equal(16384L, await command.ExecuteScalarAsync());
    }

    /// <summary>
    /// Rows written in key order are totalled as they go instead of read back by three GROUP BY queries: the kept
    /// summary must be what those queries give, bit for bit and row for row, and so must the one of rows written out
    /// of key order (which the queries total).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheSummaryKeptForARunIsTheSqlSummaryOfItsRowsToTheBit(bool outOfKeyOrder)
    {
        var store = await OpenAsync();
        var random = new Random(5);
        string?[] channels = ["search", "social", null, "", "café", "Zeta", "zeta"];
        var rows = Enumerable.Range(0, 3_000).Select(i => Scored.Customer(
            // Ids whose UTF-8 order is not their UTF-16 order too: U+FF5E sorts after U+10000's surrogates in UTF-16 only.
            i % 500 == 7 ? $"c{i:D5}\U00010000" : i % 500 == 8 ? $"c{i:D5}\uFF5E" : $"c{i:D5}",
            (Domain.LifecycleStage)(i % 4), i % 97 == 0 ? -0.0 : random.NextDouble() * Math.Pow(10, random.Next(-3, 7)),
            i % 89 == 0 ? 0 : random.NextDouble(), segment: i % 5 == 0 ? "" : $"S{i % 3}", channel: channels[i % channels.Length])).ToList();
        if (outOfKeyOrder)
            (rows[10], rows[2_000]) = (rows[2_000], rows[10]);

        var run = await store.WriteRunAsync(Scored.Run(), rows);
        var kept = await ReadRowsAsync($"SELECT dimension, group_key, customers, mean_predicted_value, churn_rate, value_at_stake FROM run_summary WHERE run_id = '{run.RunId}'");
        var summed = new List<string>();
        foreach (var (dimension, column) in new[] { ("stage", "stage"), ("segment", "rfm_segment"), ("channel", "channel") })
            summed.AddRange(await ReadRowsAsync(
                $"SELECT '{dimension}', {column}, COUNT(*), AVG(predicted_value), AVG(churn_probability), SUM(value_at_stake) " +
                $"FROM scored_customer WHERE run_id = '{run.RunId}' GROUP BY {column}"));

        Assert.Equal(4 + 4 + channels.Length, kept.Count);
        Assert.Equal(summed, kept);
    }

    /// <summary>Each row as text, doubles by their bits.</summary>
    async Task<List<string>> ReadRowsAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL"
                : reader.GetValue(i) is double d ? BitConverter.DoubleToInt64Bits(d).ToString(CultureInfo.InvariantCulture)
                : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        return rows;
    }

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

    // The rows are checked and encoded on one thread and stepped on another, batches apart: whichever thread finds it,
    // the first bad row in the run's order is the one named.
    [Theory]
    [InlineData(300, 600, "u000100")]
    [InlineData(800, 300, "ChurnProbability")]
    public async Task TheFirstBadRowOfARunIsNamedWhetherItIsADuplicateOrImpossible(int duplicateAt, int impossibleAt, string named)
    {
        var store = await OpenAsync();
        var first = await store.WriteRunAsync(Scored.Run("model-1"), Scored.Base());
        var rows = Scored.Uniform(1_000, 99).ToList();
        rows[impossibleAt] = Scored.Customer(rows[impossibleAt].CustomerId, LifecycleStage.Recovery, 10, 1.5);
        rows[duplicateAt] = rows[100];

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.WriteRunAsync(Scored.Run("model-2"), rows));

        Assert.Contains(named, error.Message);
        Assert.Equal(first, await store.GetLatestRunAsync());
    }

    [Fact]
    public async Task ARunWhoseRowsStopWithAnErrorFailsWithThatErrorAndKeepsThePreviousRun()
    {
        var store = await OpenAsync();
        var first = await store.WriteRunAsync(Scored.Run("model-1"), Scored.Base());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => store.WriteRunAsync(Scored.Run("model-2"), FailingAfter(Scored.Uniform(1_000, 99), 700)));

        Assert.Equal("scoring stopped", error.Message);
        Assert.Equal(first, await store.GetLatestRunAsync());
    }

    static async IAsyncEnumerable<ScoredCustomer> FailingAfter(IEnumerable<ScoredCustomer> rows, int count)
    {
        var given = 0;
        foreach (var row in rows)
        {
            if (given++ == count)
                throw new InvalidOperationException("scoring stopped");
            await Task.Yield();
            yield return row;
        }
    }

    [Fact] public Task ShardsWrittenInParallelGiveExactlyTheRowsOfOneUnshardedRun() => ShardsWrittenInParallelGiveExactlyTheRowsOfOneUnshardedRunAsync();
    [Fact] public Task ARunMissingAShardIsNotPublished() => ARunMissingAShardIsNotPublishedAsync();
    [Fact] public Task AFailedShardIsWrittenAgainAloneAndThenPublishesTheRun() => AFailedShardIsWrittenAgainAloneAndThenPublishesTheRunAsync();
    [Fact] public Task AShardWrittenAgainReplacesOnlyItsOwnRows() => AShardWrittenAgainReplacesOnlyItsOwnRowsAsync();
    [Fact] public Task AShardRefusesACustomerOfAnotherShardAndARunOfAnotherModel() => AShardRefusesACustomerOfAnotherShardAndARunOfAnotherModelAsync();
    [Fact] public Task AMigrationMissingBelowTheLatestIsApplied() => AMigrationMissingBelowTheLatestIsAppliedAsync();
}
