using CustomerValue.Core.Campaigns;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Tests.Store;

/// <summary>
/// The behaviour every store must have. Each provider's test class runs every scenario here against its own
/// fresh database (one test method per scenario, checked by <see cref="StoreContractCoverageTests"/>).
/// </summary>
public abstract partial class CustomerStoreContract : IAsyncLifetime
{
    const int Precision = 9;
    readonly List<ICustomerStore> stores = [];
    StoreOptions? options;

    /// <summary>Creates an empty database for this test and returns how to reach it.</summary>
    protected abstract Task<StoreOptions> CreateDatabaseAsync();

    /// <summary>Deletes the test's database; the stores are already disposed.</summary>
    protected abstract Task DropDatabaseAsync();

    /// <summary>Runs SQL on the test's database behind the store's back (what another, killed process left).</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    public async Task InitializeAsync() => options = await CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in stores) await store.DisposeAsync();
        await DropDatabaseAsync();
    }

    /// <summary>A store on this test's database; several model several processes sharing it.</summary>
    protected async Task<ICustomerStore> OpenAsync(bool ensureSchema = true)
    {
        var store = CustomerStoreFactory.Create(options!);
        stores.Add(store);
        if (ensureSchema) await store.EnsureSchemaAsync();
        return store;
    }

    protected async Task SchemaIsCreatedOnAnEmptyDatabaseAndEnsuringItAgainChangesNothingAsync()
    {
        var store = await OpenAsync(ensureSchema: false);
        var sql = (SqlCustomerStore)store;
        var before = await sql.GetSchemaVersionAsync();

        var created = await store.EnsureSchemaAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());
        var again = await store.EnsureSchemaAsync();

        Assert.Equal(0, before);
        Assert.Equal(sql.Migrations[^1].Version, created);
        Assert.Equal(created, again);
        Assert.Equal(created, await sql.GetSchemaVersionAsync());
        Assert.Equal(7, (await store.GetLatestRunAsync())!.CustomersScored);
    }

    protected async Task AnOlderSchemaIsMigratedForwardKeepingItsRunAsync()
    {
        var store = await OpenAsync(ensureSchema: false);
        var sql = (SqlCustomerStore)store;
        await sql.MigrateAsync(3, CancellationToken.None);
        // This build writes every column it knows; the later ones are dropped again with the version-3 one below.
        await sql.ExecuteStatementAsync("ALTER TABLE scored_customer ADD COLUMN order_history TEXT");
        await sql.ExecuteStatementAsync("ALTER TABLE scored_customer ADD COLUMN action_reason TEXT");
        await sql.ExecuteStatementAsync("ALTER TABLE scored_customer ADD COLUMN win_back_value DOUBLE PRECISION");
        var written = await store.WriteRunAsync(Scored.Run(), Scored.Base());
        // Back to the version-2 database an older build wrote: no expected_next_order column (nor any later one).
        await sql.ExecuteStatementAsync("ALTER TABLE scored_customer DROP COLUMN expected_next_order");
        await sql.ExecuteStatementAsync("ALTER TABLE scored_customer DROP COLUMN order_history");
        await sql.ExecuteStatementAsync("ALTER TABLE scored_customer DROP COLUMN action_reason");
        await sql.ExecuteStatementAsync("ALTER TABLE scored_customer DROP COLUMN win_back_value");
        await sql.ExecuteStatementAsync("DELETE FROM schema_version WHERE version = 3");
        var old = await sql.GetSchemaVersionAsync();

        var version = await store.EnsureSchemaAsync();
        var latest = await store.GetLatestRunAsync();
        var top = await store.GetCandidatesAsync(new CandidateQuery { Limit = 1 }).SingleAsync();
        var customer = await store.GetCustomerAsync("a");
        var segments = await store.GetSegmentsAsync();
        await store.WriteRunAsync(Scored.Run("model-2"), Scored.Uniform(4, 100));
        var previous = await store.GetPreviousSegmentsAsync();

        Assert.Equal(2, old);
        Assert.Equal(sql.Migrations[^1].Version, version);
        Assert.Equal(written, latest);
        Assert.Equal("a", top.CustomerId);
        Assert.Null(customer!.ExpectedNextOrder);
        Assert.Empty(customer.OrderHistory);
        // A run stored before action reasons were kept lists its customers with what it has: the value drivers.
        Assert.Null(customer.ActionReason);
        Assert.Equal("no order for 30 days; spend falling", top.Reason);
        // The upgrade kept the old run's totals, so the next run compares with it.
        Assert.Equal(written.RunId, previous!.Run.RunId);
        Assert.Equal(segments!.ByStage, previous.ByStage);
    }

    /// <summary>
    /// A churn table's leaver, worth nothing while gone: their win-back value is kept, is their value at stake, and ranks
    /// them on the reactivation list above customers with less at stake.
    /// </summary>
    protected async Task ALeaversWinBackValueIsKeptAndRanksThemOnTheListAsync()
    {
        var store = await OpenAsync();
        var leaver = Scored.Customer("w", LifecycleStage.Recovery, 0, 0.75) with { WinBackValue = 64 };
        await store.WriteRunAsync(Scored.Run(), [.. Scored.Base(), leaver]);

        var read = await store.GetCustomerAsync("w");
        var top = await store.GetCandidatesAsync(new CandidateQuery { Limit = 2 }).ToListAsync();

        Assert.Equal(64, read!.WinBackValue);
        Assert.Equal(64, read.ValueAtStake);
        Assert.Equal(["w", "a"], top.Select(c => c.CustomerId));
        Assert.Equal(64, top[0].ValueAtStake);
        Assert.Equal(0, (await store.GetCustomerAsync("a"))!.WinBackValue);
    }

    protected async Task ARunKeepsItsDriftAndRealisedReportsAndItsRowsReadBackAsync()
    {
        var store = await OpenAsync();
        var run = await store.WriteRunAsync(Scored.Run(), Scored.Base());
        var drift = new DriftReport(new DateOnly(2024, 12, 31), 100, 7, DriftThresholds.Default, DriftLevel.Watch,
            [new ColumnDrift("device", DriftColumnKind.Categorical, 0.12, 0.05, DriftLevel.Watch,
                [new BinDrift("ios", 0.6, 0.5, 3), new BinDrift("(unseen)", 0, 0.05, 1)])],
            [new ColumnDrift("churnProbability", DriftColumnKind.Numeric, 0.01, null, DriftLevel.Stable, [new BinDrift("≤ 0.5", 1, 1, 7)])]);
        var realised = new RealisedReport(run.RunId, run.ModelVersion, run.AsOf, 365, run.AsOf.AddDays(90), 90, 90 / 365.0, "scaled",
            7, 3, 700, 172.6, 150, 0.15, 0.4, [new RealisedDecile(1, 1, 50, 40, 50, 40, 0.27)], 0.7, 0.57, 0.5, 0.71, 2,
            new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc));

        await store.SaveDriftAsync(run.RunId, drift);
        await store.SaveDriftAsync(run.RunId, drift with { Rows = 8 });
        await store.SaveRealisedAsync(run.RunId, realised);
        var readDrift = await store.GetDriftAsync(run.RunId);
        var readRealised = await store.GetRealisedAsync(run.RunId);
        var byId = await store.GetRunAsync(run.RunId);
        var rows = await store.ReadRunAsync(run.RunId).ToListAsync();

        Assert.Equal(8, readDrift!.Rows);
        Assert.Equal(drift.Inputs[0].Bins, readDrift.Inputs[0].Bins);
        Assert.Equal(0.12, readDrift.Inputs[0].Psi);
        Assert.Equal(realised with { Deciles = [] }, readRealised! with { Deciles = [] });
        Assert.Equal(realised.Deciles, readRealised.Deciles);
        Assert.Equal(run, byId);
        Assert.Equal(7, rows.Count);
        Assert.Equal(rows.Select(r => r.CustomerId).Order(StringComparer.Ordinal), rows.Select(r => r.CustomerId));
        Assert.Null(await store.GetRealisedAsync("no-such-run"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveDriftAsync("no-such-run", drift));
    }

    protected async Task ARunLeftRunningByAKilledProcessIsMarkedInterruptedWhenTheStoreIsOpenedAsync()
    {
        var store = await OpenAsync();
        var written = await store.WriteRunAsync(Scored.Run(), Scored.Base());
        await ExecuteSqlAsync(
            "INSERT INTO scoring_run (run_id, model_version, as_of, started_utc, customers_scored, rows_rejected, seconds, status) " +
            "VALUES ('killed', 'v9', '2024-06-30', '2099-01-01 00:00:00', 0, 0, 0, 'Running')");

        var reopened = await OpenAsync();
        var runs = await ((SqlCustomerStore)reopened).GetRunStatusesAsync();

        Assert.Equal([(written.RunId, ScoringRunStatus.Completed, (string?)null), ("killed", ScoringRunStatus.Failed, SqlCustomerStore.InterruptedReason)], runs);
        Assert.Equal(written, await reopened.GetLatestRunAsync());
    }

    protected async Task ARunBeingWrittenIsLeftRunningWhenAnotherProcessOpensTheStoreAsync()
    {
        var writer = await OpenAsync();
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async IAsyncEnumerable<ScoredCustomer> Stalling()
        {
            foreach (var customer in Scored.Base())
            {
                yield return customer;
                // Past the first row the writer holds the write lock, as a live `cvml score` does.
                inside.TrySetResult();
                await finish.Task;
            }
        }
        var writing = writer.WriteRunAsync(Scored.Run(), Stalling());
        await inside.Task;

        var other = await OpenAsync();
        var during = await ((SqlCustomerStore)other).GetRunStatusesAsync();
        finish.SetResult();
        var written = await writing;

        Assert.Equal(ScoringRunStatus.Running, Assert.Single(during).Status);
        Assert.Equal(ScoringRunStatus.Completed, (await writer.GetLatestRunAsync())!.Status);
        Assert.Equal(written.RunId, Assert.Single(during).RunId);
    }

    protected async Task NothingScoredYetMeansNoRunNoSegmentsAndNoCandidatesAsync()
    {
        var store = await OpenAsync();

        var run = await store.GetLatestRunAsync();
        var segments = await store.GetSegmentsAsync();
        await using var selection = await store.SelectCandidatesAsync(new CandidateQuery());
        var rows = await selection.Rows.ToListAsync();

        Assert.Null(run);
        Assert.Null(segments);
        Assert.Null(selection.Run);
        Assert.Equal(CandidateTotals.Empty, selection.Totals);
        Assert.Empty(rows);
    }

    protected async Task AnUnknownCustomerIdReturnsNullAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());

        var customer = await store.GetCustomerAsync("no-such-customer");

        Assert.Null(customer);
    }

    protected async Task ACustomerReadsBackWithEveryFieldAsWrittenAsync()
    {
        var store = await OpenAsync();
        var written = Scored.Customer("x'1; DROP TABLE scored_customer", LifecycleStage.Recovery, 123.25, 0.375) with
        {
            ProbabilityAlive = null,
            DaysSinceLastOrder = 45,
            ExpectedNextOrder = new DateOnly(2024, 8, 14),
            PostalCode = null,
            TopReasons = ["no order for 45 days", "Rückgang, \"stark\""],
            ActionReason = "win back: no order for 45 days (lapsed after 21); «café» \"quoted\"",
            OrderHistory = [new MonthlyOrders(new DateOnly(2023, 9, 1), 2, 80.5), new MonthlyOrders(new DateOnly(2024, 5, 1), 0, -19.99)],
        };
        await store.WriteRunAsync(Scored.Run(), [written]);

        var read = await store.GetCustomerAsync(written.CustomerId);

        Assert.NotNull(read);
        Assert.Equal(written with { TopReasons = read.TopReasons, OrderHistory = read.OrderHistory }, read);
        Assert.Equal(written.TopReasons, read.TopReasons);
        Assert.Equal(written.OrderHistory, read.OrderHistory);
        Assert.Equal(123.25 * 0.375, read.ValueAtStake);
    }

    protected async Task TheWrittenRunIsTheLatestWithItsCountsAsync()
    {
        var store = await OpenAsync();
        var start = Scored.Run("model-7") with { RunId = "run-1", StartedUtc = new DateTime(2024, 7, 1, 2, 3, 4, DateTimeKind.Utc) };

        var written = await store.WriteRunAsync(start, Scored.Base(), rowsRejected: () => 4);
        var latest = await store.GetLatestRunAsync();

        Assert.Equal(written, latest);
        Assert.Equal(
            new ScoringRun("run-1", "model-7", Scored.AsOf, start.StartedUtc.Value, written.FinishedUtc, 7, 4, written.Seconds, ScoringRunStatus.Completed),
            latest);
        Assert.True(written.FinishedUtc >= written.StartedUtc);
    }

    protected async Task CandidatesAreRankedByValueAtStakeThenCustomerIdAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());

        var rows = await store.GetCandidatesAsync(new CandidateQuery { Limit = null }).ToListAsync();

        Assert.Equal(["a", "b", "c", "d", "e"], rows.Select(r => r.CustomerId));
        Assert.Equal([1L, 2, 3, 4, 5], rows.Select(r => r.Rank));
        Assert.Equal([50.0, 20, 20, 6, 3], rows.Select(r => r.ValueAtStake));
        var first = rows[0];
        Assert.Equal(new Candidate(1, "a", LifecycleStage.Recovery, "Champions", 30, 100, 0.5, 50,
            Scored.ActionReasonOfA, "win-back offer", 10, ExpectedReturn: 50, ValueDrivers: "no order for 30 days; spend falling"), first);
        // A row without an action reason (not explained, or stored before the store kept it) says what it has: its value drivers.
        Assert.Equal("no order for 30 days; spend falling", rows[1].Reason);
        Assert.Equal(rows[1].Reason, rows[1].ValueDrivers);
    }

    /// <summary>Ranked by churn, the likeliest to churn come first, then by value at stake and id; ranks follow that order.</summary>
    protected async Task CandidatesRankedByChurnGoLikeliestToChurnFirstAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());

        var byValue = await store.GetCandidatesAsync(new CandidateQuery { Limit = null }).ToListAsync();
        var byChurn = await store.GetCandidatesAsync(new CandidateQuery { Limit = null, RankBy = CandidateRanking.ChurnProbability }).ToListAsync();

        var expected = byValue.OrderByDescending(r => r.ChurnProbability).ThenByDescending(r => r.ValueAtStake)
            .ThenBy(r => r.CustomerId, StringComparer.Ordinal).Select(r => r.CustomerId).ToList();
        Assert.Equal(expected, byChurn.Select(r => r.CustomerId));
        Assert.NotEqual(byValue.Select(r => r.CustomerId), byChurn.Select(r => r.CustomerId));
        Assert.Equal(Enumerable.Range(1, byChurn.Count).Select(i => (long)i), byChurn.Select(r => r.Rank));
    }

    protected async Task FiltersNarrowTheCandidatesAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());

        async Task<string[]> Ids(CandidateQuery query) =>
            (await store.GetCandidatesAsync(query with { Limit = null }).ToListAsync()).Select(c => c.CustomerId).ToArray();

        Assert.Equal(["b", "d"], await Ids(new() { Stages = [LifecycleStage.Retention] }));
        Assert.Equal(["m", "a", "b", "c", "d", "e", "p"], await Ids(new() { Stages = Enum.GetValues<LifecycleStage>() }));
        Assert.Equal(["m", "p"], await Ids(new() { Stages = [LifecycleStage.Segmentation, LifecycleStage.Monetization] }));
        Assert.Equal(["b", "c"], await Ids(new() { Segment = "AtRisk" }));
        Assert.Equal(["a"], await Ids(new() { PostalCode = "20095" }));
        Assert.Equal(["a"], await Ids(new() { PostalCode = "200" }));
        Assert.Equal(["b", "c", "d", "e"], await Ids(new() { PostalCode = "1" }));
        Assert.Empty(await Ids(new() { PostalCode = "1011%" }));
        Assert.Equal(["b", "e"], await Ids(new() { Device = "desktop" }));
        Assert.Equal(["a", "b", "d"], await Ids(new() { MinValue = 48 }));
        Assert.Equal(["a", "b", "c", "d"], await Ids(new() { MinValueAtStake = 6 }));
        Assert.Equal(["c", "e"], await Ids(new() { Channel = "social" }));
    }

    protected async Task ABudgetBuysTheTopCandidatesWorthMoreThanAContactAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());

        // 5 per contact: a, b, c, d are worth more than that, e (3) is not; 12 pays for two contacts.
        await using var small = await store.SelectCandidatesAsync(new CandidateQuery { CostPerContact = 5, Budget = 12 });
        var smallRows = await small.Rows.ToListAsync();
        await using var large = await store.SelectCandidatesAsync(new CandidateQuery { CostPerContact = 5, Budget = 1000 });
        var largeRows = await large.Rows.ToListAsync();
        // At a 25 % response rate a contact pays only when value at stake exceeds 20: a alone (b and c are exactly 20).
        await using var halfhearted = await store.SelectCandidatesAsync(
            new CandidateQuery { CostPerContact = 5, Budget = 1000, ResponseRate = 0.25 });
        var halfheartedRows = await halfhearted.Rows.ToListAsync();

        Assert.Equal(["a", "b"], smallRows.Select(r => r.CustomerId));
        Assert.Equal([45.0, 15], smallRows.Select(r => r.ExpectedReturn));
        Assert.Equal(new CandidateTotals(2, 10, 70, 6), small.Totals);
        Assert.Equal(60, small.Totals.ExpectedReturn);
        Assert.Equal(["a", "b", "c", "d"], largeRows.Select(r => r.CustomerId));
        Assert.Equal(new CandidateTotals(4, 20, 96, 3.8), large.Totals);
        Assert.Equal(["a"], halfheartedRows.Select(r => r.CustomerId));
        Assert.Equal([7.5], halfheartedRows.Select(r => r.ExpectedReturn));
        Assert.Equal(new CandidateTotals(1, 5, 12.5, 1.5), halfhearted.Totals);
    }

    protected async Task MeasuredRatesByDecileRankCutAndTotalTheListAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());
        // a (50 at stake) falls in decile 1 and keeps 1/8; b and c (20) in decile 2, 1/2; d (6) and e (3) in decile 3, 1/4.
        var uplift = new MeasuredUplift("spring", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc),
            [new DecileRate(1, 40, 0.125, true, 0.125), new DecileRate(2, 10, 0.5, true, 0.5), new DecileRate(3, 0, 0.25, true, 0.25)]);

        // Expected saved: b 10, c 10, a 6.25, d 1.5, e 0.75, which a contact at 1 does not pay for.
        await using var all = await store.SelectCandidatesAsync(new CandidateQuery { CostPerContact = 1, Uplift = uplift });
        var allRows = await all.Rows.ToListAsync();
        await using var budgeted = await store.SelectCandidatesAsync(new CandidateQuery { CostPerContact = 1, Budget = 2, Uplift = uplift });
        var budgetedRows = await budgeted.Rows.ToListAsync();

        Assert.Equal(["b", "c", "a", "d"], allRows.Select(r => r.CustomerId));
        Assert.Equal([9.0, 9, 5.25, 0.5], allRows.Select(r => r.ExpectedReturn));
        Assert.Equal(new CandidateTotals(4, 4, 27.75, 5.9375), all.Totals);
        Assert.Equal(["b", "c"], budgetedRows.Select(r => r.CustomerId));
        Assert.Equal(new CandidateTotals(2, 2, 20, 9), budgeted.Totals);
    }

    protected async Task PagesSliceTheSelectionWhileTotalsDescribeAllOfItAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());

        // Without a budget: all five candidates; the second page of two is c, d.
        await using var plain = await store.SelectCandidatesAsync(new CandidateQuery { Limit = 2, Offset = 2 });
        var plainRows = await plain.Rows.ToListAsync();
        // A budget of three contacts: a, b, c; the page from rank 3 stops at c although d is worth a contact.
        await using var budgeted = await store.SelectCandidatesAsync(
            new CandidateQuery { Limit = 2, Offset = 2, CostPerContact = 5, Budget = 15 });
        var budgetedRows = await budgeted.Rows.ToListAsync();
        await using var beyond = await store.SelectCandidatesAsync(
            new CandidateQuery { Limit = 2, Offset = 10, CostPerContact = 5, Budget = 15 });
        var beyondRows = await beyond.Rows.ToListAsync();

        Assert.Equal([("c", 3L), ("d", 4L)], plainRows.Select(r => (r.CustomerId, r.Rank)));
        Assert.Equal(new CandidateTotals(5, 0, 99, null), plain.Totals);
        Assert.Equal([("c", 3L)], budgetedRows.Select(r => (r.CustomerId, r.Rank)));
        Assert.Equal(new CandidateTotals(3, 15, 90, 5), budgeted.Totals);
        Assert.Empty(beyondRows);
        Assert.Equal(budgeted.Totals, beyond.Totals);
    }

    /// <summary>Segments come from the totals kept with the run; without them the rows are summed again, to the same bits.</summary>
    protected async Task SegmentsFromTheKeptTotalsEqualSegmentsSummedFromTheRowsAsync()
    {
        var store = await OpenAsync();
        var run = await store.WriteRunAsync(Scored.Run(), Scored.Base().Concat(Varied(500, offset: 0.1)));
        var costs = new Dictionary<string, double> { ["search"] = 50, ["social"] = 10 };

        var kept = await store.GetSegmentsAsync(costs);
        await ExecuteSqlAsync($"DELETE FROM run_summary WHERE run_id = '{run.RunId}'");
        var summed = await store.GetSegmentsAsync(costs);

        Assert.NotNull(kept);
        Assert.NotNull(summed);
        Assert.Equal(507, kept.ByStage.Sum(s => s.Customers));
        Assert.Equal(summed.Run, kept.Run);
        Assert.Equal(summed.BySegment, kept.BySegment);
        Assert.Equal(summed.ByStage, kept.ByStage);
        Assert.Equal(summed.ByChannel, kept.ByChannel);
    }

    protected async Task SegmentsSumCountsMeanValuesChurnRatesAndValueAtStakeAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());
        var costs = new Dictionary<string, double> { ["search"] = 50, ["social"] = 10, ["tv"] = 99 };

        var report = await store.GetSegmentsAsync(costs);

        Assert.NotNull(report);
        AssertSummaries(
            [("AtRisk", 2, 60, 0.375, 40), ("Champions", 2, 550, 0.625, 800), ("Hibernating", 2, 30, 0.1875, 9), ("Prospect", 1, 8, 0, 0)],
            report.BySegment.Select(s => (s.Segment, s.Customers, s.MeanPredictedValue, s.ChurnRate, s.ValueAtStake)));
        Assert.Equal(
            [LifecycleStage.Segmentation, LifecycleStage.Monetization, LifecycleStage.Retention, LifecycleStage.Recovery],
            report.ByStage.Select(s => s.Stage));
        AssertSummaries(
            [("Segmentation", 1, 8, 0, 0), ("Monetization", 1, 1000, 0.75, 750), ("Retention", 2, 64, 0.1875, 26),
             ("Recovery", 3, 152.0 / 3, 1.25 / 3, 73)],
            report.ByStage.Select(s => (s.Stage.ToString(), s.Customers, s.MeanPredictedValue, s.ChurnRate, s.ValueAtStake)));
        Assert.Equal(["search", "social", null], report.ByChannel.Select(c => c.Channel));
        Assert.Equal([3L, 3, 1], report.ByChannel.Select(c => c.Customers));
        Assert.Equal(1180.0 / 3, report.ByChannel[0].MeanPredictedValue, Precision);
        Assert.Equal(50, report.ByChannel[0].AcquisitionCost);
        Assert.Equal(1180.0 / 3 / 50, report.ByChannel[0].ValueToCostRatio!.Value, Precision);
        Assert.Equal(2, report.ByChannel[1].ValueToCostRatio!.Value, Precision);
        Assert.Equal(new ChannelSummary(null, 1, 48, null, null), report.ByChannel[2]);
    }

    static void AssertSummaries(
        (string Key, long Customers, double Mean, double Churn, double Stake)[] expected,
        IEnumerable<(string Key, long Customers, double Mean, double Churn, double Stake)> actual)
    {
        var rows = actual.ToList();
        Assert.Equal(expected.Select(e => (e.Key, e.Customers)), rows.Select(a => (a.Key, a.Customers)));
        foreach (var (e, a) in expected.Zip(rows))
        {
            Assert.Equal(e.Mean, a.Mean, Precision);
            Assert.Equal(e.Churn, a.Churn, Precision);
            Assert.Equal(e.Stake, a.Stake, Precision);
        }
    }

    protected async Task AReRunReplacesThePreviousRunAndItsRowsAsync()
    {
        var store = await OpenAsync();
        var first = await store.WriteRunAsync(Scored.Run("model-1"), Scored.Uniform(30, 10, prefix: "old"));

        var second = await store.WriteRunAsync(Scored.Run("model-2"), Scored.Uniform(20, 20, prefix: "new"));
        var latest = await store.GetLatestRunAsync();
        var report = await store.GetSegmentsAsync();
        var gone = await store.GetCustomerAsync("old000001");
        var kept = await store.GetCustomerAsync("new000001");

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(second, latest);
        Assert.Equal(20, report!.ByStage.Sum(s => s.Customers));
        Assert.Null(gone);
        Assert.Equal(20, kept!.PredictedValue);
    }

    protected async Task EveryRowOfAThousandCustomerRunIsWrittenAsync()
    {
        var store = await OpenAsync();

        var run = await store.WriteRunAsync(Scored.Run(), Scored.Uniform(1_234, 7));
        var last = await store.GetCustomerAsync("u001233");
        var segments = await store.GetSegmentsAsync();

        Assert.Equal((1_234L, 7.0, 1_234L), (run.CustomersScored, last!.PredictedValue, segments!.ByStage.Sum(s => s.Customers)));
    }

    protected async Task ADuplicateFarIntoARunIsNamedAsync()
    {
        var store = await OpenAsync();
        var rows = Scored.Uniform(250, 99).ToList();
        rows.Insert(150, rows[42]);

        var duplicate = await Assert.ThrowsAsync<InvalidDataException>(() => store.WriteRunAsync(Scored.Run(), rows));

        Assert.Contains("u000042", duplicate.Message);
    }

    protected async Task AFailedRunLeavesThePreviousRunInPlaceAsync()
    {
        var store = await OpenAsync();
        var first = await store.WriteRunAsync(Scored.Run("model-1"), Scored.Base());
        ScoredCustomer[] duplicated = [.. Scored.Uniform(3, 99), Scored.Uniform(1, 99).Single()];
        ScoredCustomer[] impossible = [Scored.Customer("z", LifecycleStage.Recovery, 10, 1.5)];

        var duplicate = await Assert.ThrowsAsync<InvalidDataException>(() => store.WriteRunAsync(Scored.Run("model-2"), duplicated));
        var invalid = await Assert.ThrowsAsync<InvalidDataException>(() => store.WriteRunAsync(Scored.Run("model-3"), impossible));
        var latest = await store.GetLatestRunAsync();
        var customer = await store.GetCustomerAsync("a");

        Assert.Contains("u000000", duplicate.Message);
        Assert.Contains("ChurnProbability", invalid.Message);
        Assert.Equal(first, latest);
        Assert.Equal(100, customer!.PredictedValue);
    }

    /// <summary>
    /// A second store on the same database reads while a re-score streams in: half-way it must see the old run
    /// whole, and at every moment exactly one run, complete (count, mean and run all agreeing).
    /// </summary>
    protected async Task AReaderDuringAReScoreAlwaysSeesOneCompleteRunAsync()
    {
        const int OldCount = 300, NewCount = 500;
        var writer = await OpenAsync();
        var reader = await OpenAsync();
        await writer.WriteRunAsync(Scored.Run("old"), Scored.Uniform(OldCount, 10));
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async IAsyncEnumerable<ScoredCustomer> NewRun()
        {
            var i = 0;
            foreach (var customer in Scored.Uniform(NewCount, 20))
            {
                if (i++ == NewCount / 2)
                {
                    halfway.SetResult();
                    await resume.Task;
                }
                else if (i % 50 == 0) await Task.Delay(1);
                yield return customer;
            }
        }

        // Each call is one snapshot: the segments and the candidates each agree with themselves and one run.
        var observations = new List<string>();
        async Task<string> ObserveAsync()
        {
            var report = (await reader.GetSegmentsAsync())!;
            var count = report.ByStage.Sum(s => s.Customers);
            var mean = report.ByStage.Sum(s => s.MeanPredictedValue * s.Customers) / count;
            await using var selection = await reader.SelectCandidatesAsync(new CandidateQuery { Limit = null });
            var rows = await selection.Rows.ToListAsync();
            var segments = $"{report.Run.ModelVersion}:{count}:{mean:0.###}";
            var candidates = $"{selection.Run!.ModelVersion}:{selection.Totals.Customers}:{rows.Count}:{rows.Average(r => r.PredictedValue):0.###}";
            observations.Add(segments);
            observations.Add(candidates);
            return segments + "|" + candidates;
        }
        var (oldSegments, oldCandidates) = ($"old:{OldCount}:10", $"old:{OldCount}:{OldCount}:10");
        var (newSegments, newCandidates) = ($"new:{NewCount}:20", $"new:{NewCount}:{NewCount}:20");

        var writing = writer.WriteRunAsync(Scored.Run("new"), NewRun());
        await halfway.Task;
        var duringWrite = await ObserveAsync();
        resume.SetResult();
        while (!writing.IsCompleted) await ObserveAsync();
        await writing;
        var afterWrite = await ObserveAsync();

        Assert.Equal($"{oldSegments}|{oldCandidates}", duringWrite);
        Assert.Equal($"{newSegments}|{newCandidates}", afterWrite);
        string[] whole = [oldSegments, oldCandidates, newSegments, newCandidates];
        Assert.All(observations, o => Assert.Contains(o, whole));
    }

    protected async Task ThePreviousRunIsSummedUpFromTheTotalsKeptWhenItWasWrittenAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run("model-1"), Scored.Base());
        var before = await store.GetPreviousSegmentsAsync();
        var first = await store.GetSegmentsAsync(new Dictionary<string, double> { ["search"] = 10 });

        await store.WriteRunAsync(Scored.Run("model-2"), Scored.Uniform(4, 100));
        var previous = await store.GetPreviousSegmentsAsync(new Dictionary<string, double> { ["search"] = 10 });

        Assert.Null(before);
        Assert.NotNull(previous);
        Assert.Equal("model-1", previous.Run.ModelVersion);
        Assert.Equal(ScoringRunStatus.Replaced, previous.Run.Status);
        Assert.Equal(first!.ByStage, previous.ByStage);
        Assert.Equal(first.BySegment, previous.BySegment);
        Assert.Equal(first.ByChannel, previous.ByChannel);
    }

    protected async Task AQueryThatMakesNoSenseIsRefusedNamingTheFieldAsync()
    {
        var store = await OpenAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.SelectCandidatesAsync(new CandidateQuery { Budget = 100, Stages = [] }));

        Assert.Contains("Budget needs CostPerContact", error.Message);
        Assert.Contains("Stages must name at least one stage", error.Message);
    }

    static CampaignDefinition Definition(string name = "spring win-back", int seed = 42) =>
        new() { Name = name, Seed = seed, ControlShare = 0.4, Query = new CandidateQuery { CostPerContact = 5 } };

    static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2024, 7, 2, 8, 30, 0, TimeSpan.Zero));

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    protected async Task ACampaignKeepsItsMembersAndGroupsAfterTheRunIsReplacedAsync()
    {
        var store = await OpenAsync();
        var run = await store.WriteRunAsync(Scored.Run(), Scored.Base());

        var (created, members) = await CampaignPlanner.CreateAsync(store, Definition(), Clock);
        await store.WriteRunAsync(Scored.Run("model-2"), Scored.Uniform(3, 10));
        var read = await store.GetCampaignAsync("spring win-back");
        var readMembers = await store.GetCampaignMembersAsync("spring win-back");

        Assert.Equal(created, read);
        Assert.Equal(new Campaign("spring win-back", new DateTime(2024, 7, 2, 8, 30, 0, DateTimeKind.Utc), run.RunId, "model-1",
            Scored.AsOf, Scored.AsOf, 0.4, 42, 5, """{"costPerContact":"5","responseRate":"1"}""", created.Treatment, created.Control), read);
        Assert.Equal(["a", "b", "c", "d"], readMembers.Select(m => m.Candidate.CustomerId));
        Assert.Equal(members, readMembers);
        Assert.Equal(4, created.Treatment + created.Control);
        Assert.Equal(members.Count(m => m.Group == CampaignGroup.Control), created.Control);
        Assert.Equal(new Candidate(1, "a", LifecycleStage.Recovery, "Champions", 30, 100, 0.5, 50,
            Scored.ActionReasonOfA, "win-back offer", 10, 45, "no order for 30 days; spend falling"), readMembers[0].Candidate);
    }

    protected async Task ACampaignNameIsTakenOnceAndAnUnknownNameIsNullAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());
        await CampaignPlanner.CreateAsync(store, Definition("once"), Clock);

        var again = await Assert.ThrowsAsync<CampaignExistsException>(() => CampaignPlanner.CreateAsync(store, Definition("once", seed: 7), Clock));
        var unknown = await store.GetCampaignAsync("never");
        var noMembers = await store.GetCampaignMembersAsync("never");
        var saved = await store.SaveCampaignResultAsync("never", Result("never"), DateTime.UtcNow);

        Assert.Contains("'once' already exists", again.Message);
        Assert.Null(unknown);
        Assert.Empty(noMembers);
        Assert.False(saved);
    }

    protected async Task ACampaignResultReadsBackWithTheCampaignAsync()
    {
        var store = await OpenAsync();
        await store.WriteRunAsync(Scored.Run(), Scored.Base());
        await CampaignPlanner.CreateAsync(store, Definition("measured"), Clock);
        var evaluated = new DateTime(2024, 10, 1, 12, 0, 0, DateTimeKind.Utc);

        var saved = await store.SaveCampaignResultAsync("measured", Result("measured"), evaluated);
        var read = await store.GetCampaignAsync("measured");

        Assert.True(saved);
        Assert.Equal(evaluated, read!.EvaluatedUtc);
        var result = read.Result!;
        Assert.Equal(Result("measured") with { ByDecile = result.ByDecile }, result);
        Assert.Equal(Result("measured").ByDecile, result.ByDecile);
    }

    static CampaignResult Result(string name)
    {
        var outcome = new GroupComparison(null, new GroupOutcome(40, 10, 0.25, 12.5), new GroupOutcome(10, 1, 0.1, 3),
            new Estimate(0.15, -0.05, 0.35), new Estimate(9.5, null, null), true, "too small to tell");
        return new CampaignResult(name, new DateOnly(2024, 7, 1), new DateOnly(2024, 9, 28), new DateOnly(2024, 9, 30),
            CampaignEvaluator.IntervalMethod, outcome, [outcome with { Decile = 1 }], 200, new Estimate(380, null, null), null);
    }
}
