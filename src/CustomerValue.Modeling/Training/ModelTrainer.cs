using System.Globalization;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using CustomerValue.Core.Btyd;
using SourceAddress = CustomerValue.Core.Data.SourceAddress;
using CustomerTable = CustomerValue.Core.Data.CustomerTable;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Segmentation;
using CustomerValue.Modeling.Evaluation;
using Microsoft.ML;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// One training run: features as of a cutoff, an honest held-out evaluation against baselines, the
/// final models, and a bundle that replaces <c>models/current</c> only if it is not worse.
/// </summary>
public sealed class ModelTrainer(TrainingOptions options, IProgress<TrainingProgress>? progress = null)
{
    readonly MLContext _ml = new(seed: options.Seed);

    /// <summary>Out of time: the BTYD columns of every snapshot, fitted at its own date (null for customer folds and contract data).</summary>
    PointInTimeColumns? _pit;

    /// <summary>Every feature of the data, profile columns included, whatever the models read: the churn baselines choose among them.</summary>
    IReadOnlyList<FeatureDefinition> _allFeatures = [];

    /// <summary>The base's net spend by day to the data's end (<see cref="CalendarAt"/>), once read.</summary>
    SortedDictionary<DateOnly, double>? _netByDay;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public TrainingResult Run(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        Enter(TrainingStage.Loading, "loading and checking the sources");
        var input = TrainingInput.Open(options);
        var contract = !input.HasTransactions;
        cancellationToken.ThrowIfCancellationRequested();

        Enter(TrainingStage.Features, "building features and labels");
        var plan = EvaluationPlan.Choose(options, input);
        var featureOptions = new FeatureOptions
        {
            HorizonDays = options.HorizonDays,
            ChurnWindowDays = options.ChurnDays,
            TenureEndsAtChurn = contract,
            OnlyCustomersStillThere = plan.ServeAsOf is not null,
        };
        var screen = ScreenAttributes(input, plan, featureOptions, [.. options.KeepAttributes.Union(RecurringValueFit.Columns(input), StringComparer.Ordinal)]);
        // A status saying a subscription is set to end, or that its payments are failing, is read by serving, never by the
        // models (it is known for the export's day only, and the screen takes a column that also says "canceled" for a
        // leak): in the schema, out of the features.
        var statuses = RecurringValueFit.StatusesOf(input);
        featureOptions = featureOptions with { Attributes = RecurringValueFit.WithStatusColumns(screen.Kept, statuses) };
        // Labels split by calendar month for the test period's totals by month and, on the validation period, the choice of
        // how a total is spread across its months (ChooseMonthSpread).
        var byMonth = !contract && options.HorizonDays > 60;
        var latest = input.Snapshot(plan.TestCutoff, featureOptions with { LabelsByMonth = byMonth });
        var earlier = plan.TestFitCutoff is { } testFitCutoff
            ? input.Snapshot(testFitCutoff, featureOptions with { LabelsByMonth = byMonth && plan.ValidationCutoff == testFitCutoff })
            : null;
        var earliest = plan.ValidationCutoff is not null
            ? input.Snapshot(plan.TrainCutoff!.Value, featureOptions)
            : null;
        var validation = plan.ValidationCutoff is { } validationCutoff
            ? validationCutoff == plan.TestFitCutoff ? earlier : input.Snapshot(validationCutoff, featureOptions with { LabelsByMonth = byMonth })
            : null;
        if (latest.Rows.Count < 20)
            throw new InvalidDataException($"Only {latest.Rows.Count} customers are known at the cutoff {plan.TestCutoff:yyyy-MM-dd}; at least 20 are needed.");
        if (!contract)
            RequireBuyers(plan, latest, earlier, earliest);
        IReadOnlyList<FeatureDefinition> catalog = [.. latest.Catalog.Where(f => !statuses.Columns.Any(c => f.Name == FeatureColumns.Attribute(c)))];
        // Monthly billing: its totals' level comes from its renewals (sBG on the monthly cohorts), not from BTYD's purchase rate.
        var renewals = !contract && BillsMonthly(latest.Rows.Select(e => e.Features)) ? new RenewalTotals(input.ChargesThrough, options.HorizonDays) : null;
        var btydKind = contract ? null : options.BtydModel;
        string? btydReason = null;
        if (btydKind is { } fallbackKind && options.ChooseBtydModel)
            (btydKind, btydReason) = ChooseBtydKind(input, featureOptions, plan, validation, earlier, fallbackKind, cancellationToken);
        _pit = plan.Method != EvaluationPlan.KFold && btydKind is not null ? new PointInTimeColumns(btydKind, options.HorizonDays) : null;
        FitPointInTime(latest, earlier, earliest, validation);
        cancellationToken.ThrowIfCancellationRequested();

        // Out of time, every fitted table stacks the snapshots of the months before its boundary, so the models see
        // the horizon in more than one season; a customer-fold evaluation keeps one snapshot (a customer's older rows
        // would sit in the training folds of their own held-out row).
        var stacked = plan.Method != EvaluationPlan.KFold;
        var first = input.FirstDate ?? plan.TestCutoff;
        IReadOnlyList<CustomerExample> Stack(FeatureSet anchor) =>
            stacked ? Stacked(input, featureOptions, anchor, first) : anchor.Rows;
        var latestRows = Stack(latest);
        var splits = plan.Method != EvaluationPlan.KFold
            ? [new Split(Stack(earlier!), latest.Rows)]
            : KFoldSplits(latest.Rows, options.Folds, options.Seed);

        Enter(TrainingStage.Search, "searching hyperparameters on validation data");
        var searcher = new HyperparameterSearch(_ml, options, catalog, contract, btydKind, _pit, Detail(TrainingStage.Search, ""));
        var nested = Nested(plan, latest.Rows.Count);
        // Nested: each fold's settings come from its own training rows, so no held-out row ever
        // helped choose the model that scores it; the final models get the same search on all rows.
        // Each search keeps the whole budget: a shared one cut CDNOW's searches short on a busy
        // machine, and then the trial limit no longer decides and runs do not repeat.
        var foldSearches = nested ? splits.Select(s => searcher.Run(s.Train, cancellationToken)).ToList() : null;
        // Rolling origin: every choice on the validation period, which the test period's labels never reach.
        var validationFit = earliest is not null ? Stack(earliest) : null;
        var validationDescription = $"the validation period: fitted on features as of {plan.TrainCutoff:yyyy-MM-dd}, judged on features as of {plan.ValidationCutoff:yyyy-MM-dd} with labels to {plan.ValidationCutoff?.AddDays(options.HorizonDays):yyyy-MM-dd}";
        var search = validationFit is not null
            ? searcher.Run(validationFit, validation!.Rows, validationDescription, cancellationToken)
            : searcher.Run(nested ? latestRows : splits[0].Train, cancellationToken);
        _allFeatures = catalog;
        ProfileColumnsChoice? profileChoice = null;
        // Only a customers file gives the profile's columns values; without one they are empty for everyone.
        if (validationFit is not null && !contract && input.Customers is not null)
        {
            var behaviour = catalog.Where(f => !FeatureCatalog.IsProfile(f.Name)).ToList();
            if (behaviour.Count < catalog.Count)
            {
                var withoutProfile = new HyperparameterSearch(_ml, options, behaviour, contract, btydKind, _pit, Detail(TrainingStage.Search, "without the profile's columns: "))
                    .Run(validationFit, validation!.Rows, validationDescription, cancellationToken);
                profileChoice = ProfileColumnsChoice.Decide(catalog, search, withoutProfile, options.Seed);
                var seconds = search.Seconds + withoutProfile.Seconds;
                if (!profileChoice.Used)
                    catalog = behaviour;
                search = (profileChoice.Used ? search : withoutProfile) with { Seconds = seconds };
            }
        }

        if (validationFit is not null && !contract && _pit is not null)
        {
            var (spendTotals, purchaseTotals) = TotalsAnchor.Choose(
                AnchorOrigins(input, featureOptions, plan, validationFit), validation!.Rows, rows => _pit.Fit(rows).Btyd, options.HorizonDays, renewals);
            (spendTotals, purchaseTotals) = ReadSeasons(spendTotals, purchaseTotals, input, featureOptions, plan);
            search = search with { Totals = spendTotals, PurchaseTotals = purchaseTotals };
        }
        else if (plan.Method == EvaluationPlan.OutOfTime && !contract && _pit is not null)
        {
            search = search with
            {
                Totals = TotalsAnchor.AtOwnLevel(TotalsQuantity.Spend, plan.TrainCutoff!.Value, renewals),
                PurchaseTotals = TotalsAnchor.AtOwnLevel(TotalsQuantity.Purchases, plan.TrainCutoff!.Value, renewals),
            };
        }

        Enter(TrainingStage.Evaluation, $"evaluating on held-out data ({plan.Description})");
        var rollingOrigin = earliest is not null;
        // Rolling origin: the cold-start decision is taken on the validation period as well, with the chosen settings. It
        // comes first, so the validation period's fitted table is garbage before the test period's models are fitted.
        var validationHeldOut = rollingOrigin && !contract
            ? ValidationColdStart(new Split(validationFit!, validation!.Rows), search, catalog, btydKind)
            : null;
        MonthSpread? monthSpread = byMonth ? ChooseMonthSpread(input, featureOptions, plan, rollingOrigin ? validation!.Rows : null, search.ValidationValues, RenewalsOf(search.Totals), btydKind) : null;
        var heldOut = new HeldOut();
        // An anchor read a year before the window it scales is read so for the test period too: a year before its origin.
        var (testTotals, testPurchaseTotals) = YearBefore(search.Totals, search.PurchaseTotals, plan.TestCutoff, input, featureOptions);
        var testSearch = search with { Totals = testTotals, PurchaseTotals = testPurchaseTotals };
        for (var f = 0; f < splits.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Evaluate(splits[f], foldSearches?[f] ?? testSearch, heldOut, catalog, contract, btydKind, latest.ChurnWindowDays);
        }
        // What the card needs of the older snapshots; past this point nothing refers to them, so the final models are
        // fitted without them in memory. The references are cleared, not left to the JIT: a method this long does not
        // have every local's lifetime tracked, and a collection forced before the final fits found the fitted snapshot
        // still alive through them and through the bundle's writing (a million customers: about 0.35 GB). The loops over
        // several snapshots above are helpers for the same reason: their arrays would be hidden locals of this method.
        var splitCount = splits.Count;
        var meanTrainRows = splits.Sum(s => s.Train.Count) / splits.Count;
        splits = [];
        earlier = earliest = validation = null;
        validationFit = null;

        Enter(TrainingStage.Baselines, "comparing with the baselines");
        var clvMetrics = contract ? null : heldOut.ClvMetrics();
        var ordersMetrics = contract ? null : RegressionEvaluator.Evaluate(heldOut.Orders.ToArray(), heldOut.Purchases.ToArray());
        var btydPurchases = contract ? null : heldOut.BtydPurchases();
        var churnMetrics = BinaryEvaluator.Evaluate(heldOut.Churn.ToArray(), heldOut.Churned.ToArray(), search.ChurnThreshold);
        var baselines = contract ? [] : heldOut.ClvBaselineResults();
        var churnBaselines = heldOut.ChurnBaselineResults();
        var (grade, gradeReason) = Grade(contract, clvMetrics, churnMetrics, baselines, churnBaselines);
        var gradeNoise = GradeNoise(contract, clvMetrics, churnMetrics, baselines, churnBaselines, name => heldOut.LeadStandardError(name, contract, options.Seed));
        gradeReason += gradeNoise.Clause + ServedBaselineClause(contract, search.Candidate, btydKind, baselines);

        Enter(TrainingStage.ColdStart, "evaluating brand-new customers");
        var coldStart = contract ? null
            : validationHeldOut is null ? heldOut.ColdStartCard()
            : validationHeldOut.ColdStartCard() is { } decided ? heldOut.ColdStartCard(decided)
            : heldOut.ColdStartCard() is { } tested ? tested with { UseDedicatedModel = false, Decision = "one model serves new customers: too few brand-new customers in the validation period to decide on a dedicated model" }
            : null;

        Enter(TrainingStage.FinalModels, "fitting the final models on the latest labelled snapshot");
        // Out of time, the shipped BTYD model is fitted on the history up to the data's end, the date serving scores as of.
        var finalBtydKind = search.Candidate == ClvCandidates.Trees ? null : btydKind;
        // The older snapshots are garbage by now: a compacting collection hands their memory back before the final fits
        // allocate theirs, where a million-customer run peaks.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var final = FitSet(latestRows, LayoutOf(latestRows, catalog, finalBtydKind), search, contract, orders: !contract);
        // The snapshot as of the data's end is built after the fits, so it is not in memory beside them (the histories it
        // is built from are smaller than a snapshot). It is the drift baseline too: the customers serving starts from.
        // A dated churn table read forward serves every customer of the table as of its end, the leavers among them.
        var endRows = input.LastDate is { } end && end > plan.TestCutoff
            ? input.Snapshot(end, featureOptions).Rows
            : plan.ServeAsOf is { } serveAsOf ? input.Snapshot(serveAsOf, featureOptions with { OnlyCustomersStillThere = false }).Rows
            : null;
        // Only a rolling origin builds snapshots after this one (the serving scale's); the renewals as of the data's end
        // are read from the histories first.
        if (renewals is not null && endRows is { Count: > 0 })
            renewals.At(endRows[0].Features.AsOf, TotalsQuantity.Spend);
        if (!rollingOrigin)
            input.ReleaseHistories();
        if (final.Pit is not null && endRows is not null)
            final = AtDateOf(final, endRows);
        var coldFinal = coldStart is { UseDedicatedModel: true } ? FitColdStart(latestRows, final.Layout, search) : null;
        var interval = contract ? null
            : rollingOrigin ? IntervalFromValidation(search, heldOut)
            : IntervalFromHeldOut(heldOut);
        // The final models' predictions as of the data's end, made once for both anchors.
        Predictions? atEnd = null;
        Predictions AtEnd() => atEnd ??= ServedPredictions(search, final, endRows!, latest.ChurnWindowDays);
        // Customer folds of one period scale the test rows by what they read in that period; serving, a horizon later, takes
        // BTYD + Gamma-Gamma fitted as of the data's end at its own level (TotalsAnchor.ServedAtOwnLevel).
        // Where no BTYD model could be fitted on the backtest (a young base with a handful of repeat buyers then), the
        // snapshot as of the data's end may hold enough to fit the fallback kind: a fit that is not usable sums to nothing
        // and leaves the folds' scale.
        var servedKind = btydKind ?? options.BtydModel;
        var foldsServedAtOwnLevel = plan.Method == EvaluationPlan.KFold && !contract && servedKind is not null && endRows is { Count: > 0 };
        var (servedTotals, servedPurchaseTotals) = foldsServedAtOwnLevel
            ? (TotalsAnchor.ServedAtOwnLevel(TotalsQuantity.Spend, servedKind!.Value, plan.TestCutoff, endRows![0].Features.AsOf, renewals),
                TotalsAnchor.ServedAtOwnLevel(TotalsQuantity.Purchases, servedKind.Value, plan.TestCutoff, endRows[0].Features.AsOf, renewals))
            : (search.Totals, search.PurchaseTotals);
        var endFit = foldsServedAtOwnLevel ? DerivedColumns.Fit(endRows!.Select(e => e.Features), servedKind, options.HorizonDays).Btyd : null;
        // Serving's reference snapshot a year back, built once for both anchors and dropped after them.
        (DateOnly Date, IReadOnlyList<CustomerExample> Rows)? reference = null;
        IReadOnlyList<CustomerExample> SnapshotAt(DateOnly date) =>
            (reference is { } built && built.Date == date ? built : (reference = (date, input.Snapshot(date, featureOptions).Rows)).Value).Rows;
        var anchored = servedTotals is { } anchor && endRows is not null
            ? AnchoredServingScale(anchor, input, SnapshotAt, plan, final, latest.Rows, endRows, ServedClv(search, final, endRows, AtEnd), search.Candidate, endFit, search.ClvScale)
            : null;
        var anchoredOrders = servedPurchaseTotals is { } purchases && endRows is not null
            ? AnchoredServingScale(purchases, input, SnapshotAt, plan, final, latest.Rows, endRows, ServedOrders(search, final, endRows, AtEnd), "the expected purchases", endFit, search.OrdersScale)
            : null;
        reference = null;
        // The year-earlier refit is needed only for a scale no anchor serves.
        var shipped = contract || !rollingOrigin || (anchored is not null && anchoredOrders is not null) ? null
            : ServingScale(input, featureOptions, plan, search, catalog, btydKind, latest.ChurnWindowDays, Stack);
        var clvFactor = anchored is { } a ? a.Scale / search.ClvScale : shipped?.Factor ?? 1;
        // The bands were fitted on predictions at the validation period's scale, or out of time without one on the test
        // period's (anchored there at BTYD's own level); the served values carry the serving scale.
        var bandFactor = anchored is { } own && search.Totals is { RatioMeasured: false } && heldOut.ClvScale > 0 ? own.Scale / heldOut.ClvScale : clvFactor;
        if ((shipped is not null || anchored is not null) && interval is not null)
            interval = interval with
            {
                Bands = [.. interval.Bands.Select(b => b with { UpperPrediction = b.UpperPrediction * bandFactor, ResidualP10 = b.ResidualP10 * bandFactor, ResidualP90 = b.ResidualP90 * bandFactor })],
            };
        // How the served forecast falls across the horizon's months: BTYD's timing at the data's end for the customers serving
        // starts from, weighted by the calendar as of the data's end where the validation period chose it.
        var servedCalendar = monthSpread?.Used == true && endRows is { Count: > 0 } ? CalendarAt(input, endRows[0].Features.AsOf) : null;
        var servedMonths = monthSpread is not null && endRows is { Count: > 0 }
            ? ServedMonthShares(endRows, AtEnd().Clv, final.Scorer.Btyd, servedCalendar, RenewalsOf(servedTotals))
            : null;
        var rfm = contract ? null : RfmScorer.Fit(latest.Rows.Select(e => Baselines.RfmOf(e.Features))).Breakpoints;

        var version = options.Version ?? VersionName(input);
        // Next order dates need the BTYD model: a churn table's bundle and one without it serve none.
        var dated = !contract && final.Scorer.Btyd is not null;
        var card = new ModelCard
        {
            Version = version,
            CreatedAt = DateTimeOffset.UtcNow,
            Data = new DataFingerprint(
                input.Files,
                (input.TransactionReport?.RowsRead ?? 0) + (input.Customers?.Report.RowsRead ?? 0),
                (input.TransactionReport?.RowsLoaded ?? 0) + (input.Customers?.Report.RowsLoaded ?? 0),
                (input.TransactionReport?.RowsRejected ?? 0) + (input.Customers?.Report.RowsRejected ?? 0),
                latest.Rows.Count,
                input.TransactionReport?.Dates?.RowsAfter(plan.TestCutoff) ?? 0)
            {
                RowsExcluded = input.TransactionReport?.RowsExcluded ?? 0,
            },
            SourceSpec = input.Spec?.ToJson(),
            CustomersSourceSpec = input.CustomersSpec?.ToJson(),
            Cutoff = plan.TestCutoff,
            HorizonDays = options.HorizonDays,
            ChurnWindowDays = latest.ChurnWindowDays,
            PostalRegionLength = featureOptions.PostalRegionLength,
            Mode = contract ? ModelCard.ContractMode : "transactions",
            Features = catalog,
            ProfileColumns = profileChoice?.ToCard(),
            NumericAttributes = latest.Attributes.NumericNames,
            CategoricalAttributes = latest.Attributes.CategoricalNames,
            Vector = final.Vectorizer.Layout,
            Distributions = FeatureStatistics.Describe(latest.Rows, catalog),
            Rfm = rfm,
            Btyd = final.Scorer.Btyd?.Parameters,
            BtydReason = btydReason,
            Hybrid = contract ? null : heldOut.HybridComparison(churnMetrics),
            NextOrder = contract ? null : heldOut.NextOrder(),
            NextOrderMethod = dated ? search.NextOrderMethod : null,
            ProfilesFromOrders = ProfilesFromOrders(input),
            UsualGapDays = contract ? null : UsualGapDays([.. (endRows ?? latest.Rows).Select(e => e.Features)]),
            ChurnReadForward = plan.ServeAsOf is null ? null : true,
            NextOrderReason = dated ? search.NextOrderReason : null,
            NextOrderVariation = dated && search.NextOrderMethod == NextOrderTiming.Rhythm ? final.NextOrderVariation : null,
            Clv = contract ? null : new ClvModelCard(
                ModelBundle.ClvFile, search.ClvObjective, search.ObjectiveReason, search.ClvHyperparameters, final.Clv!.Smearing,
                clvMetrics!, search.ObjectiveComparison, Importance(final.Clv.Model, final.Vectorizer), interval!,
                search.Candidate == ClvCandidates.Trees || (search.BlendPartner == ClvCandidates.Btyd && final.Scorer.Btyd is null) ? 1 : search.BlendWeight,
                search.BlendReason, search.ClvScale * clvFactor,
                search.Candidate, search.CandidateReason, heldOut.CandidateResults(search.Candidates),
                anchored is { } served ? served.Reason
                : shipped is null ? search.ScaleReason : $"{shipped.Value.Reason} (the validation period's scale, {search.ClvScale:0.000}, is what the test figures use: {search.ScaleReason})",
                byMonth ? heldOut.TotalsByMonth(plan.TestCutoff, options.HorizonDays, monthSpread is { Used: true, ForTest: true } ? CalendarAt(input, plan.TestCutoff) : null, RenewalsOf(testSearch.Totals)?.MonthShares(plan.TestCutoff)) : null)
            {
                BlendPartner = search.BlendPartner,
                DormancyEdgeDays = ShippedEdge(final, final.DormancyEdgeDays),
                DormancyReason = ShippedEdgeReason(search.DormancyReason, ShippedEdge(final, final.DormancyEdgeDays)),
                MonthSpread = monthSpread is null ? null : new MonthSpreadCard(servedCalendar?.ByMonth, monthSpread.Value.Reason),
            },
            Orders = contract ? null : new OrdersModelCard(
                ModelBundle.OrdersFile, final.Orders!.Objective, final.Orders.Smearing, ordersMetrics!, anchoredOrders?.Scale ?? search.OrdersScale * (shipped?.OrdersFactor ?? 1),
                final.Scorer.Btyd is null ? ClvCandidates.Trees : search.OrdersCandidate,
                anchoredOrders is { } servedOrders ? $"{search.OrdersReason}; {servedOrders.Reason}" : search.OrdersReason, btydPurchases?.Mae)
            {
                BtydRmse = btydPurchases?.Rmse,
                BtydSumError = btydPurchases is { SumError: var btydSum } && double.IsFinite(btydSum) ? btydSum : null,
                NoPurchaseMae = heldOut.Purchases.Count > 0 ? heldOut.Purchases.Average() : null,
                NoPurchaseShare = heldOut.Purchases.Count > 0 ? heldOut.Purchases.Count(p => p == 0) / (double)heldOut.Purchases.Count : null,
            },
            Churn = new ChurnModelCard(
                ModelBundle.ChurnFile, search.ChurnHyperparameters, search.ChurnThreshold, churnMetrics,
                Importance(final.Churn, final.Vectorizer), heldOut.FoldAuc(splitCount),
                final.Scorer.Btyd is null ? 1 : search.ChurnTreeWeight, search.ChurnBlendReason)
            {
                DormancyEdgeDays = ShippedEdge(final, final.ChurnDormancyEdgeDays),
                DormancyReason = ShippedEdgeReason(search.ChurnDormancyReason, ShippedEdge(final, final.ChurnDormancyEdgeDays)),
            },
            Recurring = contract && input.CustomersSpec?.Recurring is { } recurring
                ? statuses.On(RecurringValueFit.Fit(recurring, plan.ServeAsOf is null ? latest.Rows : endRows!, options.HorizonDays, SourceAddress.DisplayName(input.Customers!.Report.File),
                    recurring.Tenure is null ? input.Customers.Customers.Where(c => c.ChurnLabel == true && c.ChurnDate is null).Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(),
                    forwardRows: plan.ServeAsOf is null ? null : latest.Rows))
                : null,
            ColdStart = coldStart is null ? null : coldStart with { FileName = coldFinal is null ? null : ModelBundle.ColdStartFile },
            Evaluation = new EvaluationCard(
                plan.Method, plan.Description, plan.TrainCutoff, plan.TestCutoff,
                meanTrainRows, heldOut.Count, plan.Method == "k-fold" ? splitCount : null,
                search.Seconds + (foldSearches?.Sum(s => s.Seconds) ?? 0),
                search.Trials.Count + (foldSearches?.Sum(s => s.Trials.Count) ?? 0),
                search.Trials,
                nested
                    ? $"{search.Validation}, repeated inside each of the {splitCount} evaluation folds on that fold's training rows (nested); the final models' settings come from the search on all rows"
                    : search.Validation,
                foldSearches?.Select((s, f) => FoldChoiceOf(f, s, contract)).ToList(),
                plan.ValidationCutoff,
                Periods(plan, options.HorizonDays)),
            Baselines = baselines,
            ChurnBaselines = churnBaselines,
            Grade = grade.ToString(),
            GradeReason = gradeReason,
            LibraryVersions = LibraryVersions(),
            Notes = [.. Notes(latest, plan, options.HorizonDays, contract, input.Customers, testSearch.Totals is { YearAgo: true } level && level.MeasuredAt == plan.TestCutoff.AddYears(-1)), .. gradeNoise.Note is { } noise ? [noise] : Array.Empty<string>(), .. ProfileCoverage(latest, input.Customers, input.TransactionReport), .. screen.Notes, .. RejectedRowsNote(input), .. input.EarlyRowsNote is { } early ? [early] : Array.Empty<string>(), .. input.CoverageNote is { } coverage ? [coverage] : Array.Empty<string>(), .. input.TransactionReport?.Amounts?.Explain() is { } farAmounts ? [farAmounts] : Array.Empty<string>(), .. (input.TransactionReport?.StatusColumns ?? []).Select(status => status.Explain()), .. input.TransactionReport?.OrderTotals?.Explain() is { } orderTotals ? [orderTotals] : Array.Empty<string>(), .. input.TransactionReport?.ReturnsHolder?.Explain() is { } holder ? [holder] : Array.Empty<string>(), .. (input.TransactionReport?.RefundKinds ?? []).Select(refunds => refunds.Explain()), .. input.TransactionReport?.RefundEventsLeftOutNote is { } refundEvents ? [refundEvents] : Array.Empty<string>(), .. input.TransactionReport?.Currencies?.Explain() is { } currencies ? [currencies] : Array.Empty<string>(), .. input.UnlabeledNote is { } unlabeled ? [unlabeled] : Array.Empty<string>(), .. input.Customers?.StrippedZerosNote() is { } zeros ? [$"{SourceAddress.DisplayName(input.Customers.Report.File)}: {zeros}."] : Array.Empty<string>(), .. RecurringValueFit.Notes(input), .. heldOut.TotalsNotes, .. new[] { anchored?.MixNote, anchoredOrders?.MixNote }.OfType<string>()],
            Truth = options.TruthPath is { } truthPath && !contract
                ? TruthComparison.Compare(truthPath, plan.TestCutoff, options.HorizonDays, heldOut.CustomerIds, heldOut.Clv, heldOut.Spend, heldOut.Churn, heldOut.Churned)
                : null,
        };

        if (plan.ServeAsOf is not null && card.Recurring is { } valued)
            card = card with { Recurring = RecurringValueFit.Tested(valued, heldOut, latest.Rows, input.Customers!.Customers, plan.TestCutoff, options.HorizonDays, latest.ChurnWindowDays) };

        Enter(TrainingStage.Champion, "comparing with the current model");
        var champion = Champion.Decide(options, card);
        card = card with { Champion = champion };

        Enter(TrainingStage.Writing, "writing the bundle");
        // The final fits' copies of the rows are garbage now; the drift baseline scores the whole snapshot next.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var (bundlePath, saved) = BundleWriter.Write(options.ModelsDirectory, card, directory =>
        {
            if (final.Clv is { } clv)
                _ml.Model.Save(clv.Model, clv.InputSchema, Path.Combine(directory, ModelBundle.ClvFile));
            if (final.Orders is { } orders)
                _ml.Model.Save(orders.Model, orders.InputSchema, Path.Combine(directory, ModelBundle.OrdersFile));
            _ml.Model.Save(final.Churn, final.ChurnSchema, Path.Combine(directory, ModelBundle.ChurnFile));
            if (coldFinal is { } cold)
                _ml.Model.Save(cold.Clv.Model, cold.Clv.InputSchema, Path.Combine(directory, ModelBundle.ColdStartFile));
        }, (directory, savedCard) => TrainingReport.Write(directory, savedCard, heldOut),
            promote: champion.Promoted, driftSnapshot: [.. (endRows ?? latest.Rows).Select(r => r.Features)], forecastMonths: servedMonths);

        return new TrainingResult(saved, bundlePath, champion.Promoted, champion.GateFailures, clock.Elapsed);
    }

    /// <summary>
    /// How a horizon's total is spread across its calendar months: weighted by the base's seasonal index
    /// (<see cref="SeasonalIndex"/>) where, on the validation period, it put the months' shares of the total closer to what
    /// followed than BTYD's timing alone did (below <see cref="TotalsAnchor.SeasonMargin"/> × its error, the index read from
    /// the complete months before the validation origin), or without a validation period on a backtest in the history
    /// (<see cref="BacktestMonthSpread"/>); otherwise BTYD's timing alone, with the reason.
    /// </summary>
    /// <param name="validation">The validation period's rows with labels by month; null without a validation period.</param>
    /// <param name="values">The chosen candidate's values on those rows, which weight the customers' timing.</param>
    /// <param name="renewals">The renewals' model where it sets the totals (<see cref="RenewalsOf"/>): its renewals' months are the timing then.</param>
    MonthSpread ChooseMonthSpread(TrainingInput input, FeatureOptions featureOptions, EvaluationPlan plan, IReadOnlyList<CustomerExample>? validation,
        IReadOnlyList<double> values, RenewalTotals? renewals, BtydModelKind? btydKind)
    {
        var timing = renewals is not null ? RenewalTiming
            : btydKind is null ? "spread evenly over the horizon's days, as no BTYD model times each customer's purchases"
            : "spread as BTYD expects each customer's purchases to fall";
        if (validation is not { Count: > 0 } rows || plan.ValidationCutoff is not { } origin)
            return renewals is null
                ? BacktestMonthSpread(input, featureOptions, plan, btydKind, timing)
                : new(false, false, $"{timing}: without a validation period no seasonal index was tried");
        if (CalendarAt(input, origin) is not { } index)
            return new(false, false, $"{timing}: the history before the validation origin {origin:yyyy-MM-dd} is too short to read a seasonal index (an index needs {SeasonalIndex.FewestMonths} complete months, every calendar month among them, counted from the first month at a tenth of the median month's spend or more: the months before it are the base's launch)");
        if (HeldOut.ActualByMonth(rows) is not { } actual)
            return new(false, false, $"{timing}: the validation period's spend by month is not known");
        if (values.Count != rows.Count)
            return new(false, false, $"{timing}: the search kept no values of the chosen candidate on the validation period to weigh the customers by");
        var alone = renewals?.MonthShares(origin) ?? HeldOut.MonthProfile(rows, values, _pit?.Fit(rows).Btyd, options.HorizonDays);
        var (used, comparison) = JudgeIndex(index, alone, actual, FeatureBuilder.HorizonMonths(origin, options.HorizonDays), renewals is not null ? "the renewals' months" : btydKind is null ? "the even spread" : "BTYD's timing");
        return new(used, true, string.Create(CultureInfo.InvariantCulture,
            $"{(used ? $"{timing}, weighted by the base's seasonal index" : timing)}: on the validation period ({origin.AddDays(1):yyyy-MM-dd} to {origin.AddDays(options.HorizonDays):yyyy-MM-dd}) {comparison}"));
    }

    /// <summary>
    /// Whether <paramref name="index"/> put the <paramref name="months"/>' shares of a total closer to <paramref name="actual"/>
    /// than the timing alone (<paramref name="alone"/>, named <paramref name="aloneName"/>) did, by the margin, and the clause saying so.
    /// </summary>
    static (bool Used, string Clause) JudgeIndex(SeasonalIndex index, double[] alone, double[] actual, IReadOnlyList<(DateOnly From, DateOnly To)> months, string aloneName)
    {
        var (aloneError, indexError) = (SeasonalIndex.ShapeError(alone, actual), SeasonalIndex.ShapeError(index.Apply(alone, months), actual));
        var used = indexError < TotalsAnchor.SeasonMargin * aloneError;
        return (used, string.Create(CultureInfo.InvariantCulture,
            $"the months' shares of the total were {aloneError:0.0%} off in all (Σ |predicted share − actual share|) by {aloneName} alone, {indexError:0.0%} weighted by the index read from the months before it ({index.Describe()}; each month read from {index.Years} year{(index.Years == 1 ? "" : "s")} at least); the index is used when below {TotalsAnchor.SeasonMargin} × the other"));
    }

    /// <summary>How a horizon's total falls across its months, and why (<see cref="ChooseMonthSpread"/>).</summary>
    /// <param name="Used">Whether the base's seasonal index weights BTYD's timing (or the renewals' months).</param>
    /// <param name="ForTest">Whether the test period's months may take the index: false where it was judged on them.</param>
    internal readonly record struct MonthSpread(bool Used, bool ForTest, string Reason);

    /// <summary>The fewest days of a backtest that judges a seasonal index without a validation period: four months.</summary>
    const int FewestBacktestDays = 120;

    /// <summary>
    /// Without a validation period (customer folds of one period, or a test period alone): the same choice as on a validation
    /// period, judged on a backtest in the history. Its origin is the horizon before its end, or the first month-end after it
    /// with <see cref="SeasonalIndex.FewestMonths"/> complete months before it, at least <see cref="FewestBacktestDays"/>
    /// before its end; the index is read from the months before the origin, BTYD (fitted on the snapshot as of the origin)
    /// gives the timing, and the customers known at the origin their spend by month. The backtest ends at the test
    /// period's origin where the history allows; customer folds, whose test rows are the whole last period, may run it to
    /// the data's end, and the test rows' months then keep BTYD's timing alone (the index was judged on them). BTYD's timing
    /// alone, with the reason, where no such backtest fits in the history or no BTYD model times it.
    /// </summary>
    MonthSpread BacktestMonthSpread(TrainingInput input, FeatureOptions featureOptions, EvaluationPlan plan, BtydModelKind? kind, string timing)
    {
        const string without = "without a validation period";
        if (kind is null)
            return new(false, false, $"{timing}: {without}, and without a BTYD model to time a backtest's months, no seasonal index was tried");
        var last = input.LastDate ?? plan.TestCutoff;
        DateOnly[] ends = plan.Method == EvaluationPlan.KFold && last > plan.TestCutoff ? [plan.TestCutoff, last] : [plan.TestCutoff];
        foreach (var end in ends)
        {
            for (var origin = end.AddDays(-options.HorizonDays); end.DayNumber - origin.DayNumber >= FewestBacktestDays; origin = MonthEndAfter(origin))
            {
                if (CalendarAt(input, origin) is not { } index)
                    continue;
                var days = end.DayNumber - origin.DayNumber;
                var rows = input.Snapshot(origin, featureOptions with { HorizonDays = days, LabelsByMonth = true }).Rows;
                var btyd = rows.Count > 0 ? DerivedColumns.Fit(rows.Select(r => r.Features), kind, days).Btyd : null;
                if (btyd is not { IsUsable: true } || HeldOut.ActualByMonth(rows) is not { } actual)
                    return new(false, false, string.Create(CultureInfo.InvariantCulture, $"{timing}: {without}, and without a BTYD model fitted on the snapshot as of {origin:yyyy-MM-dd} to time a backtest's months, no seasonal index was tried"));
                // Each sampled customer weighted by BTYD + Gamma-Gamma's expected spend, worked out for the sample alone.
                var alone = HeldOut.MonthProfile(rows, i => btyd.ExpectedSpend(rows[i].Features, days), btyd, days);
                var (used, comparison) = JudgeIndex(index, alone, actual, FeatureBuilder.HorizonMonths(origin, days), "BTYD's timing");
                var forTest = end <= plan.TestCutoff;
                return new(used, forTest, string.Create(CultureInfo.InvariantCulture,
                    $"{(used ? $"{timing}, weighted by the base's seasonal index" : timing)}: {without}, on a backtest in the history ({origin.AddDays(1):yyyy-MM-dd} to {end:yyyy-MM-dd}, the customers known on {origin:yyyy-MM-dd}{(forTest ? "" : ": the test rows' own period, so their months below keep BTYD's timing alone")}) {comparison}{(used ? "; the served forecast reads it from the months before the data's end" : "")}"));
            }
        }
        return new(false, false, $"{timing}: {without}, and without {SeasonalIndex.FewestMonths} complete months before an origin at least {FewestBacktestDays} days before {(ends.Length > 1 ? "the data's end" : "the test period")} to judge an index on, no seasonal index was tried");
    }

    /// <summary>The last day of the month after <paramref name="date"/>'s.</summary>
    static DateOnly MonthEndAfter(DateOnly date) => new DateOnly(date.Year, date.Month, 1).AddMonths(2).AddDays(-1);

    /// <summary>
    /// The renewals' model where <paramref name="anchor"/> sets a total from it (a monthly billing history): the total's
    /// months then come from it as well, each renewal in the month it falls due at the chance of surviving to it, where
    /// BTYD's timing reads regular charges as a purchase rate and spreads them as a mixture of such rates would fall.
    /// </summary>
    static RenewalTotals? RenewalsOf(TotalsAnchor? anchor) =>
        anchor is { Candidate: TotalsAnchor.Renewals, RenewalModel: { } renewals } ? renewals : null;

    const string RenewalTiming = "spread as the subscribers' renewals fall due (sBG on the monthly cohorts: each renewal in its month at the chance of surviving to it)";

    /// <summary>
    /// The seasonal index of the complete months from the data's first date to <paramref name="through"/>; null with fewer
    /// than <see cref="SeasonalIndex.FewestMonths"/> of them. The base's net spend by day is summed once, to the data's end:
    /// an index reads only the days of its complete months.
    /// </summary>
    SeasonalIndex? CalendarAt(TrainingInput input, DateOnly through) =>
        input.FirstDate is { } first && input.LastDate is { } last ? SeasonalIndex.Of(_netByDay ??= input.NetAmountByDay(last), first, through) : null;

    /// <summary>
    /// The served forecast's share in each calendar month of the horizon after <paramref name="rows"/>' date: BTYD's timing,
    /// or the renewals' months where <paramref name="renewals"/> sets the total.
    /// </summary>
    IReadOnlyList<(DateOnly From, DateOnly To, double Share)> ServedMonthShares(
        IReadOnlyList<CustomerExample> rows, IReadOnlyList<double> values, BtydFeatureModel? btyd, SeasonalIndex? calendar, RenewalTotals? renewals)
    {
        var months = FeatureBuilder.HorizonMonths(rows[0].Features.AsOf, options.HorizonDays);
        var shares = renewals?.MonthShares(rows[0].Features.AsOf) ?? HeldOut.MonthProfile(rows, values, btyd, options.HorizonDays);
        if (calendar is not null)
            shares = calendar.Apply(shares, months);
        return [.. months.Select((m, i) => (m.From, m.To, shares[i]))];
    }

    /// <summary>
    /// What the rows a skipping run rejected say about the whole file (a day-first spec on a month-first file, order lines
    /// read as orders), naming the file: the run went on without them, and the card is where it is seen afterwards.
    /// </summary>
    internal static IEnumerable<string> RejectedRowsNote(TrainingInput input)
    {
        if (input.TransactionReport is { Hint: { } hint } report)
            yield return $"{CustomerValue.Core.Data.SourceAddress.DisplayName(report.File)}: {hint.Replace(Environment.NewLine, "; ", StringComparison.Ordinal)}";
        // Rows an export holds twice load without an error when there are no order ids to refuse them by.
        if (input.TransactionReport is { IdenticalRowsNote: { } identical } loaded)
            yield return $"{CustomerValue.Core.Data.SourceAddress.DisplayName(loaded.File)}: {identical}";
    }

    /// <summary>
    /// The attribute screen <c>cvml train</c> with <paramref name="options"/> runs, without training: which of the customers
    /// file's attributes its features would read, and the notes on those it would pass over. What <c>cvml validate</c>
    /// shows before anything is trained.
    /// </summary>
    public static AttributeScreenSummary ScreenAttributes(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var input = TrainingInput.Open(options);
        var plan = EvaluationPlan.Choose(options, input);
        var screen = ScreenAttributes(input, plan, new FeatureOptions { HorizonDays = options.HorizonDays, ChurnWindowDays = options.ChurnDays }, options.KeepAttributes);
        var start = plan.TrainCutoff ?? plan.TestFitCutoff ?? plan.TestCutoff;
        return new AttributeScreenSummary(
            [.. screen.Kept.NumericNames.Concat(screen.Kept.CategoricalNames)],
            screen.Notes,
            input.HasTransactions && input.LastDate is { } end
                ? $"as cvml train --horizon-days {options.HorizonDays} would: the customers who bought after its earliest fitted cutoff {start:yyyy-MM-dd}, with their totals then and at the data's end {end:yyyy-MM-dd}"
                : "as cvml train would on a customers file alone: identifiers only");
    }

    /// <summary>
    /// The customers file's attributes the features read: every one but likely leaks and identifiers
    /// (<see cref="AttributeScreen"/>), judged between the earliest fitted cutoff and the data's last day.
    /// </summary>
    static AttributeScreen ScreenAttributes(TrainingInput input, EvaluationPlan plan, FeatureOptions featureOptions, IReadOnlyList<string> keep)
    {
        if (input.Customers is not { } customers)
            return keep.Count == 0 ? new AttributeScreen(AttributeSchema.Empty, []) : throw new ArgumentException($"--keep-attribute '{keep[0]}': there is no customers file (--customers).");
        var schema = AttributeSchema.Infer(customers.Customers);
        if (schema.NumericNames.Count + schema.CategoricalNames.Count == 0 || !input.HasTransactions || input.LastDate is not { } end)
            return AttributeScreen.Check(customers.Customers, schema, null, null, keep);
        var start = plan.TrainCutoff ?? plan.TestFitCutoff ?? plan.TestCutoff;
        var plain = featureOptions with { Attributes = AttributeSchema.Empty, LabelsByMonth = false };
        return AttributeScreen.Check(customers.Customers, schema, input.Snapshot(end, plain), input.Snapshot(start < end ? start : end, plain), keep);
    }

    /// <summary>BTYD kind choice on rows whose labels end before the test period (see <see cref="BtydJudgingRows"/>); the fallback when there are none.</summary>
    (BtydModelKind Kind, string? Reason) ChooseBtydKind(
        TrainingInput input, FeatureOptions featureOptions, EvaluationPlan plan, FeatureSet? validation, FeatureSet? earlier, BtydModelKind fallback, CancellationToken cancellationToken)
    {
        var (judged, judgedOn, judgedHorizon) = BtydJudgingRows(input, featureOptions, plan, validation, earlier);
        return judged is null ? (fallback, null) : BtydKindChoice.Choose(judged, judgedHorizon, fallback, judgedOn, cancellationToken);
    }

    /// <summary>Out of time: registers every snapshot of the run with <see cref="_pit"/>, so each row's BTYD columns come from its own date.</summary>
    /// <remarks>
    /// The snapshots' fits are independent (one BTYD model each, on its own date's histories), so they run side by side; the
    /// first snapshot of each date is the one registered, as when they were fitted in turn.
    /// </remarks>
    void FitPointInTime(FeatureSet latest, FeatureSet? earlier, FeatureSet? earliest, FeatureSet? validation)
    {
        if (_pit is not { } pit)
            return;
        var firstOfEachDate = new[] { latest, earlier, earliest, validation }
            .OfType<FeatureSet>()
            .Where(s => s.Rows.Count > 0)
            .DistinctBy(s => s.Rows[0].Features.AsOf);
        SideBySide.Run([.. firstOfEachDate.Select(s => (Action)(() => pit.Fit(s.Rows)))]);
    }

    /// <summary>
    /// A search per fold where the data is small enough for k + 1 searches to be cheap and a search on
    /// one fold's training rows would otherwise have seen the other folds' held-out rows. Fixed settings need none.
    /// </summary>
    bool Nested(EvaluationPlan plan, int rows) =>
        options.NestedSearch && options.Hyperparameters is null && plan.Method == "k-fold" && rows < NestedLimit;

    /// <summary>Customers below which k-fold evaluation nests the search (Telco 7,043 and CDNOW 2,357 do).</summary>
    public const int NestedLimit = 10_000;

    static FoldChoice FoldChoiceOf(int fold, SearchResult search, bool contract) => new(
        fold,
        search.ChurnHyperparameters,
        search.Trials.Where(t => t.Model == "churn").Select(t => t.Value).DefaultIfEmpty(double.NaN).Max(),
        search.ChurnTreeWeight,
        contract ? null : search.ClvHyperparameters,
        contract ? null : search.ClvObjective,
        contract ? null : search.BlendWeight);

    void Enter(TrainingStage stage, string description)
    {
        options.BeforeStage?.Invoke(stage);
        progress?.Report(new TrainingProgress(stage, description));
    }

    /// <summary>Reports a line within <paramref name="stage"/> (a search's trials), each after <paramref name="prefix"/>.</summary>
    Action<string>? Detail(TrainingStage stage, string prefix) =>
        progress is null ? null : line => progress.Report(new TrainingProgress(stage, prefix + line) { Detail = true });

    /// <summary>What the models of a table read: vocabularies, fills and BTYD counted once, from the newest snapshot of a stacked table.</summary>
    TableLayout LayoutOf(IReadOnlyList<CustomerExample> train, IReadOnlyList<FeatureDefinition> catalog, BtydModelKind? btydKind)
    {
        var newestRows = Newest(train).ToList();
        var newest = newestRows.Select(e => e.Features).ToList();
        var pit = btydKind is null ? null : _pit;
        var scorer = pit?.Fit(newestRows) ?? DerivedColumns.Fit(newest, btydKind, options.HorizonDays);
        var vectorizer = FeatureVectorizer.Fit(newest, catalog, scorer.Columns);
        return new TableLayout(vectorizer, scorer, new Learner(_ml, vectorizer.SlotCount), pit);
    }

    /// <summary>
    /// The chosen settings' models on <paramref name="train"/>; the expected purchases only with <paramref name="orders"/>
    /// (where something reads them). The models are independent, so they are fitted side by side: each fit is
    /// single-threaded and seeded, and gives the same model whichever finishes first.
    /// </summary>
    FittedSet FitSet(IReadOnlyList<CustomerExample> train, TableLayout layout, SearchResult search, bool contract, bool orders)
    {
        var x = Encode(layout.Vectorizer, layout.Scorer, train, layout.Pit);
        var learner = layout.Learner;
        FittedClv? clv = null, purchases = null;
        ITransformer? churn = null;
        var fits = new List<Action> { () => churn = learner.FitChurn(x, [.. train.Select(e => e.Labels.Churned)], search.ChurnHyperparameters) };
        if (!contract)
            fits.Add(() => clv = learner.FitClv(x, [.. train.Select(e => e.Labels.FutureSpend)], search.ClvObjective, search.ClvHyperparameters));
        // Purchase counts are as zero-heavy as spend, so the chosen objective and settings serve both.
        if (orders)
            fits.Add(() => purchases = learner.FitClv(x, [.. train.Select(e => (double)e.Labels.FuturePurchaseDays)], search.ClvObjective, search.ClvHyperparameters));
        SideBySide.Run(fits, train.Count);
        var edge = search.ExtrapolateDormancy || search.ExtrapolateChurnDormancy ? DormancyExtrapolation.EdgeOf(train.Select(e => e.Features)) : null;
        return new FittedSet(layout, clv, purchases, churn!, learner.Schema) 
        {
            DormancyEdgeDays = search.ExtrapolateDormancy ? edge : null,
            ChurnDormancyEdgeDays = search.ExtrapolateChurnDormancy ? edge : null,
            NextOrderVariation = NextOrderTiming.BaseVariation(Newest(train).Select(e => e.Features)),
        };
    }

    /// <summary>A model that sees only what is known of a brand-new customer, trained on the brand-new cohort.</summary>
    /// <remarks>It shares the main set's encoder, so one vector layout serves every model of a bundle.</remarks>
    ColdStartModel? FitColdStart(IReadOnlyList<CustomerExample> train, TableLayout main, SearchResult search)
    {
        var cohort = train.Where(e => ColdStartCohort.Contains(e.Features)).ToList();
        if (cohort.Count < 50)
            return null;
        var x = Encode(main.Vectorizer, main.Scorer, cohort, main.Pit);
        var hp = search.ClvHyperparameters with { MinimumExampleCountPerLeaf = Math.Max(5, Math.Min(search.ClvHyperparameters.MinimumExampleCountPerLeaf, cohort.Count / 20)) };
        return new ColdStartModel(main, SideBySide.OnThePool(() => main.Learner.FitClv(x, [.. cohort.Select(e => e.Labels.FutureSpend)], search.ClvObjective, hp), cohort.Count));
    }

    /// <summary>
    /// <paramref name="fitted"/> with the derived columns fitted at the date of <paramref name="snapshot"/> (one whole snapshot, out of time):
    /// held-out rows are scored the way serving scores rows as of the data's end, with a BTYD model fitted on the history up to it.
    /// </summary>
    static FittedSet AtDateOf(FittedSet fitted, IReadOnlyList<CustomerExample> snapshot) =>
        fitted with { Layout = AtDateOf(fitted.Layout, snapshot) };

    static TableLayout AtDateOf(TableLayout layout, IReadOnlyList<CustomerExample> snapshot)
    {
        if (layout.Pit is not { } pit || snapshot.Count == 0)
            return layout;
        pit.Fit(snapshot);
        return layout with { Scorer = pit.For(snapshot[0].Features, layout.Scorer) };
    }

    /// <summary>
    /// The validation period's cold-start figures (rolling origin), from which the test period's decision is taken. The chosen
    /// candidate's values there are the search's own: the same settings fitted on the same rows, so refitting them would
    /// give the same numbers. Only the dedicated model is fitted here, on the validation fit's brand-new cohort.
    /// </summary>
    HeldOut ValidationColdStart(Split split, SearchResult chosen, IReadOnlyList<FeatureDefinition> catalog, BtydModelKind? btydKind)
    {
        var layout = AtDateOf(LayoutOf(split.Train, catalog, btydKind), split.Test);
        var winner = chosen.ValidationValues;
        var btydAtValidation = layout.Scorer.Btyd;
        var clvScale = chosen.Totals?.ScaleFor(winner, split.Test.Select(e => e.Features), _ => btydAtValidation, options.HorizonDays) ?? chosen.ClvScale;
        var heldOut = new HeldOut();
        heldOut.AddColdStart(split.Test, [.. winner.Select(v => v * clvScale)], FitColdStart(split.Train, layout, chosen));
        return heldOut;
    }

    /// <summary>Fits the chosen set on a split's training rows and adds its held-out predictions, every candidate's and baseline's, to <paramref name="heldOut"/>.</summary>
    void Evaluate(Split split, SearchResult chosen, HeldOut heldOut, IReadOnlyList<FeatureDefinition> catalog, bool contract, BtydModelKind? btydKind, int churnWindowDays)
    {
        var layout = LayoutOf(split.Train, catalog, btydKind);
        // The same learner without the BTYD columns: a candidate of its own, and does the hybrid earn its keep?
        var plain = !contract && layout.Scorer.Btyd is not null;
        // Expected purchases come from the served set's trees unless BTYD serves them; the other set's purchase trees go unread.
        var btydOrders = chosen.OrdersCandidate == ClvCandidates.Btyd && layout.Scorer.Btyd is not null;
        var plainServed = chosen.Candidate == ClvCandidates.Trees && plain;
        var fitted = AtDateOf(FitSet(split.Train, layout, chosen, contract, orders: !contract && !btydOrders && !plainServed), split.Test);
        var hybrid = Predict(fitted, split.Test, contract, chosen.BlendPartner, chosen.BlendWeight, 1, chosen.ChurnTreeWeight, options.HorizonDays, churnWindowDays);
        var pureMl = plain
            ? Predict(FitSet(split.Train, LayoutOf(split.Train, catalog, btydKind: null), chosen, contract, orders: !btydOrders && plainServed), split.Test, contract, ClvCandidates.Btyd, 1, 1, 1, options.HorizonDays, churnWindowDays)
            : null;
        var candidates = contract ? null : CandidatePredictions(split.Test, hybrid, pureMl, fitted.Scorer.Btyd);
        var servedSet = chosen.Candidate == ClvCandidates.Trees && pureMl is not null ? pureMl : hybrid;
        var winner = contract ? [] : candidates![candidates.ContainsKey(chosen.Candidate) ? chosen.Candidate : ClvCandidates.Hybrid];
        // Out of time the anchor sets the level from what is known at the split's own origin; otherwise the validation scale.
        var btydAtTest = fitted.Scorer.Btyd;
        var testFeatures = split.Test.Select(e => e.Features).ToList();
        var clvScale = chosen.Totals?.ScaleFor(winner, testFeatures, _ => btydAtTest, options.HorizonDays) ?? chosen.ClvScale;
        double[] orders = contract ? []
            : chosen.OrdersCandidate == ClvCandidates.Btyd && fitted.Scorer.Btyd is { } btyd
                ? [.. split.Test.Select(e => BtydPurchaseDays(btyd, e.Features, options.HorizonDays))]
                : servedSet.Orders;
        var ordersScale = chosen.PurchaseTotals?.ScaleFor(orders, testFeatures, _ => btydAtTest, options.HorizonDays) ?? chosen.OrdersScale;
        foreach (var anchor in new[] { chosen.Totals, chosen.PurchaseTotals })
        {
            if (anchor?.MovedNote("The test period", testFeatures, _ => btydAtTest, options.HorizonDays) is { } moved)
                heldOut.TotalsNotes.Add(moved);
        }
        var served = contract
            ? hybrid
            : new Predictions([.. winner.Select(v => v * clvScale)], [.. orders.Select(v => v * ordersScale)], servedSet.Churn);
        heldOut.Add(split.Test, served);
        heldOut.ClvScale = clvScale;
        if (candidates is not null)
        {
            heldOut.AddCandidates(candidates);
            heldOut.AddShipped(candidates.ContainsKey(chosen.Candidate) ? chosen.Candidate : ClvCandidates.Hybrid, winner);
        }
        if (!contract)
        {
            heldOut.AddBaselines(split, options.HorizonDays, fitted.Scorer.Btyd);
            heldOut.AddNextOrder(split, served.Churn, options.HorizonDays, churnWindowDays, fitted.Scorer.Btyd, chosen.NextOrderMethod, fitted.NextOrderVariation);
        }
        heldOut.AddChurnBaselines(split, _allFeatures, contract, fitted.Scorer.Btyd, churnWindowDays);
        heldOut.AddColdStart(split, FitColdStart(split.Train, fitted.Layout, chosen));
        if (pureMl is not null)
            heldOut.AddPureMl(pureMl);
    }

    /// <summary>
    /// The shipped models serve the horizon after the data ends, a different calendar window from the test period's. Their
    /// scale of totals is measured the way the validation period measured it, at the serving window's calendar position a
    /// year earlier: the chosen set fitted on the table whose labels end a year before the data does, judged on the
    /// horizon after that. Returned as factors on the validation scales; null (keep them) when the history is too short
    /// or the horizon is a year or more (then the serving window's position is the test period's).
    /// </summary>
    (double Factor, double OrdersFactor, string Reason)? ServingScale(
        TrainingInput input, FeatureOptions featureOptions, EvaluationPlan plan, SearchResult search, IReadOnlyList<FeatureDefinition> catalog,
        BtydModelKind? btydKind, int churnWindowDays, Func<FeatureSet, IReadOnlyList<CustomerExample>> stack)
    {
        var origin = plan.TestCutoff.AddDays(options.HorizonDays).AddYears(-1);
        var fit = origin.AddDays(-Math.Max(options.HorizonDays, options.ChurnDays ?? options.HorizonDays));
        if (options.HorizonDays >= 365 || input.FirstDate is not { } first || fit.DayNumber - first.DayNumber < options.MinimumHistoryDays || origin == plan.ValidationCutoff)
            return null;
        var judged = new HeldOut();
        var originRows = input.Snapshot(origin, featureOptions).Rows;
        Evaluate(new Split(stack(input.Snapshot(fit, featureOptions)), originRows), search, judged, catalog, contract: false, btydKind, churnWindowDays);
        var predicted = judged.Clv.Sum();
        var actual = judged.Spend.Sum();
        if (!(predicted > 0 && actual > 0))
            return null;
        var orders = judged.Orders.Sum() is var o && o > 0 && judged.Purchases.Sum() > 0 ? judged.Purchases.Sum() / o : 1;
        var factor = actual / predicted;
        return (factor, orders,
            $"measured at the serving window's calendar position a year earlier (fitted on features as of {fit:yyyy-MM-dd}, judged on features as of {origin:yyyy-MM-dd}): " +
            $"Σ actual / Σ predicted {actual:0.##} / {predicted / search.ClvScale:0.##} = {search.ClvScale * factor:0.000}");
    }

    /// <summary>
    /// Rows to judge the BTYD models on, with labels that end before the test period's begin: the validation period's
    /// (rolling origin), the fitted snapshot's (out of time), or, for customer folds of one snapshot, a backtest inside
    /// the history: features as of the cutoff − h′ and purchases over the h′ days up to the cutoff, h′ the horizon or half
    /// the history before the cutoff, whichever is shorter (at least 28 days).
    /// </summary>
    (IReadOnlyList<CustomerExample>? Rows, string Description, int HorizonDays) BtydJudgingRows(
        TrainingInput input, FeatureOptions featureOptions, EvaluationPlan plan, FeatureSet? validation, FeatureSet? earlier)
    {
        if (validation is not null)
            return (validation.Rows, $"the validation period (features as of {validation.Cutoff:yyyy-MM-dd}, purchases over the {options.HorizonDays} days after)", options.HorizonDays);
        if (plan.Method == EvaluationPlan.OutOfTime && earlier is not null)
            return (earlier.Rows, $"the fitted snapshot (features as of {earlier.Cutoff:yyyy-MM-dd}, purchases to {plan.TestCutoff:yyyy-MM-dd})", options.HorizonDays);
        if (input.FirstDate is not { } first)
            return (null, "", 0);
        var days = Math.Min(options.HorizonDays, (plan.TestCutoff.DayNumber - first.DayNumber) / 2);
        if (days < 28)
            return (null, "", 0);
        var origin = plan.TestCutoff.AddDays(-days);
        var rows = input.Snapshot(origin, featureOptions with { HorizonDays = days, LabelsByMonth = false }).Rows;
        return (rows, $"a backtest in the history (features as of {origin:yyyy-MM-dd}, purchases over the {days} days to the cutoff {plan.TestCutoff:yyyy-MM-dd})", days);
    }

    /// <summary>
    /// The origins a totals anchor's steadiness is measured on, oldest first, one snapshot at a time: the validation fit's
    /// stacked snapshots, then monthly origins after the train cutoff and before the validation origin. Every one has its
    /// labels complete before the test origin, so no test label reaches the choice.
    /// </summary>
    IEnumerable<IReadOnlyList<CustomerExample>> AnchorOrigins(TrainingInput input, FeatureOptions featureOptions, EvaluationPlan plan, IReadOnlyList<CustomerExample> validationFit)
    {
        foreach (var snapshot in validationFit.GroupBy(e => e.Features.AsOf).OrderBy(g => g.Key))
            yield return [.. snapshot];
        var between = new List<DateOnly>();
        for (var origin = plan.ValidationCutoff!.Value.AddMonths(-1); origin > plan.TrainCutoff!.Value; origin = origin.AddMonths(-1))
            between.Add(origin);
        foreach (var origin in Enumerable.Reverse(between))
            yield return input.Snapshot(origin, featureOptions).Rows;
    }

    /// <summary>Whether an origin at <paramref name="date"/> has the history a snapshot needs (<see cref="TrainingOptions.MinimumHistoryDays"/>).</summary>
    bool Readable(TrainingInput input, DateOnly date) =>
        input.FirstDate is { } first && date.DayNumber - first.DayNumber >= options.MinimumHistoryDays;

    /// <summary><paramref name="anchor"/> read on <paramref name="rows"/>, the snapshot as of <paramref name="origin"/>: its ratio, BTYD's ratio and its mix there.</summary>
    TotalsAnchor ReadAt(TotalsAnchor anchor, IReadOnlyList<CustomerExample> rows, DateOnly origin)
    {
        var btyd = _pit?.Fit(rows).Btyd;
        var h = options.HorizonDays;
        return anchor with
        {
            Ratio = TotalsAnchor.RatioAt(anchor.Candidate, rows, _ => btyd, h, anchor.Quantity, anchor.RenewalModel),
            MeasuredAt = origin,
            ReferenceMix = anchor.MixAt(rows.Select(e => e.Features), h),
            BtydRatio = TotalsAnchor.RatioAt(ClvCandidates.Btyd, rows, _ => btyd, h, anchor.Quantity),
        };
    }

    /// <summary>
    /// Each anchor read a year before <paramref name="origin"/> (one snapshot for both) when it reads so
    /// (<see cref="TotalsAnchor.YearAgo"/>) and its ratio there is usable; otherwise as it is.
    /// </summary>
    (TotalsAnchor? Spend, TotalsAnchor? Purchases) YearBefore(TotalsAnchor? spend, TotalsAnchor? purchases, DateOnly origin, TrainingInput input, FeatureOptions featureOptions)
    {
        var date = origin.AddYears(-1);
        if ((spend is not { YearAgo: true } && purchases is not { YearAgo: true }) || !Readable(input, date)
            || input.Snapshot(date, featureOptions).Rows is not { Count: > 0 } rows)
            return (spend, purchases);
        TotalsAnchor? Read(TotalsAnchor? anchor) =>
            anchor is { YearAgo: true } && ReadAt(anchor, rows, date) is var read && double.IsFinite(read.Ratio) && read.Ratio > 0 ? read : anchor;
        return (Read(spend), Read(purchases));
    }

    /// <summary>
    /// The anchors with their reading chosen (<see cref="TotalsAnchor.ReadAYearBefore"/>): their ratios at the origins a year
    /// before those they were chosen on, where the history holds them, against a horizon before. Only where the test
    /// period's origin has a readable year-earlier one (so the test period is scored as serving is); a plan whose
    /// validation period is the test's calendar window a year earlier reads so already.
    /// </summary>
    (TotalsAnchor? Spend, TotalsAnchor? Purchases) ReadSeasons(TotalsAnchor? spend, TotalsAnchor? purchases, TrainingInput input, FeatureOptions featureOptions, EvaluationPlan plan)
    {
        TotalsAnchor?[] anchors = [spend, purchases];
        if (plan.YearAligned || !TotalsAnchor.ChoosesReading(options.HorizonDays) || !Readable(input, plan.TestCutoff.AddYears(-1))
            || !anchors.Any(a => a is { RatioMeasured: true }))
            return (spend, purchases);
        var known = anchors.OfType<TotalsAnchor>().SelectMany(a => a.Series.Select(o => o.Date)).ToList();
        var dates = anchors.OfType<TotalsAnchor>().SelectMany(a => a.Series)
            .Select(o => o.Date.AddYears(-1))
            .Where(d => Readable(input, d) && !known.Any(k => Math.Abs(k.DayNumber - d.DayNumber) <= 7))
            .Distinct().Order().ToList();
        var earlier = anchors.Select(_ => new List<(DateOnly Date, double Ratio)>()).ToArray();
        foreach (var date in dates)
        {
            var rows = input.Snapshot(date, featureOptions).Rows;
            if (rows.Count == 0)
                continue;
            var btyd = anchors.Any(a => a?.Candidate == ClvCandidates.Btyd) ? _pit?.Fit(rows).Btyd : null;
            for (var i = 0; i < anchors.Length; i++)
            {
                if (anchors[i] is { } a)
                    earlier[i].Add((date, TotalsAnchor.RatioAt(a.Candidate, rows, _ => btyd, options.HorizonDays, a.Quantity, a.RenewalModel)));
            }
        }
        return (spend?.ReadAYearBefore(earlier[0], options.HorizonDays), purchases?.ReadAYearBefore(earlier[1], options.HorizonDays));
    }

    /// <summary>
    /// The served scale when <paramref name="anchor"/> sets the totals: the anchor's Σ actual / Σ predicted at the serving
    /// window's counterpart of the validation origin (a year before the serving window when the validation period was
    /// year-aligned or the anchor reads a year before (<see cref="TotalsAnchor.YearAgo"/>), otherwise the test origin, one
    /// horizon before the data's end), times the anchor's sum over the rows as of the data's end, shared out in proportion
    /// to the shipped winner's unscaled values there. The same rule the test period was scored by, one period later;
    /// <paramref name="endFit"/>, when given, is the BTYD model fitted as of the data's end for an anchor that customer
    /// folds' test figures did not use, whose scale (<paramref name="foldsScale"/>) the reason compares. Null when a sum is
    /// not positive. <paramref name="snapshotAt"/> gives the snapshot as of a date, for the reference a year back.
    /// </summary>
    (double Scale, string Reason, string? MixNote)? AnchoredServingScale(
        TotalsAnchor anchor, TrainingInput input, Func<DateOnly, IReadOnlyList<CustomerExample>> snapshotAt, EvaluationPlan plan, FittedSet final,
        IReadOnlyList<CustomerExample> testOriginRows, IReadOnlyList<CustomerExample> endRows, double[] winner, string winnerName,
        BtydFeatureModel? endFit = null, double foldsScale = double.NaN)
    {
        var yearEarlier = plan.TestCutoff.AddDays(options.HorizonDays).AddYears(-1);
        var reference = (plan.YearAligned || anchor.YearAgo) && Readable(input, yearEarlier)
            ? yearEarlier
            : plan.TestCutoff;
        // The same anchor read again where serving's counterpart of the validation origin is: its ratio, and its mix.
        var served = !anchor.RatioMeasured ? anchor
            : ReadAt(anchor, reference == plan.TestCutoff ? testOriginRows : snapshotAt(reference), reference);
        var ratio = served.Ratio;
        var endBtyd = endFit ?? _pit?.Fit(endRows).Btyd ?? final.Scorer.Btyd;
        var endFeatures = endRows.Select(e => e.Features).ToList();
        var total = served.Total(endFeatures, _ => endBtyd, options.HorizonDays);
        var predicted = winner.Where(double.IsFinite).Sum();
        if (!(total > 0) || !(predicted > 0))
            return null;
        var mixNote = served.MovedNote("The served forecast", endFeatures, _ => endBtyd, options.HorizonDays);
        var level = mixNote is not null && served.MovedTotal(endFeatures, _ => endBtyd, options.HorizonDays) is not null
            ? $"{TotalsAnchor.Name(ClvCandidates.Btyd, anchor.Quantity)}'s ratio at {reference:yyyy-MM-dd} ({served.BtydRatio:0.000}) × its sum, in place of {TotalsAnchor.Name(anchor.Candidate, anchor.Quantity)}'s (the mix of new customers moved: the card's notes)"
            : anchor.RatioMeasured
            ? $"{TotalsAnchor.Name(anchor.Candidate, anchor.Quantity)}'s ratio at {reference:yyyy-MM-dd} ({ratio:0.000}) × its sum"
            : $"{TotalsAnchor.Name(anchor.Candidate, anchor.Quantity)}'s sum";
        return (total / predicted,
            $"{anchor.Reason}. Served: {level} as of {endRows[0].Features.AsOf:yyyy-MM-dd} = {total:0.##}, " +
            $"shared by {winnerName}'s values (Σ {predicted:0.##}): scale {total / predicted:0.000}" +
            (endFit is null ? (reference == plan.TestCutoff ? "; the test figures used the same rule one period earlier" : "; the test figures used the same rule, read a year before the test period")
                : double.IsFinite(foldsScale) ? $"; the test figures keep the folds' scale, read in their own period ({foldsScale:0.000}: it would have served {foldsScale * predicted:0.##})"
                : "; the test figures keep the folds' scale, read in their own period"), mixNote);
    }

    /// <summary>The final models' unscaled predictions for <paramref name="rows"/>: the shipped blend's CLV and the purchase trees'.</summary>
    Predictions ServedPredictions(SearchResult search, FittedSet final, IReadOnlyList<CustomerExample> rows, int churnWindowDays)
    {
        var weight = search.Candidate == ClvCandidates.Trees || (search.BlendPartner == ClvCandidates.Btyd && final.Scorer.Btyd is null) ? 1 : search.BlendWeight;
        return Predict(final, rows, contract: false, search.BlendPartner, weight, 1, 1, options.HorizonDays, churnWindowDays);
    }

    /// <summary>The shipped CLV candidate's unscaled values for <paramref name="rows"/>, as serving computes them.</summary>
    double[] ServedClv(SearchResult search, FittedSet final, IReadOnlyList<CustomerExample> rows, Func<Predictions> trees) =>
        ClvCandidates.UsesTrees(search.Candidate)
            ? trees().Clv
            : [.. rows.Select(e => ClvCandidates.RuleValue(search.Candidate, e.Features, options.HorizonDays, final.Scorer.Btyd))];

    /// <summary>A dormancy edge the shipped set can serve: none where it carries no BTYD model (the plain trees ship).</summary>
    static int? ShippedEdge(FittedSet final, int? edge) => final.Scorer.Btyd is null ? null : edge;

    /// <summary>The search's reason for carrying past the edge, with the shipped trees' own edge when they have one.</summary>
    static string? ShippedEdgeReason(string? reason, int? edge) =>
        edge is { } days ? $"{reason}; the shipped trees learned from customers away up to {days} days" : reason;

    /// <summary>The shipped expected purchases, unscaled, for <paramref name="rows"/>.</summary>
    double[] ServedOrders(SearchResult search, FittedSet final, IReadOnlyList<CustomerExample> rows, Func<Predictions> trees) =>
        search.OrdersCandidate == ClvCandidates.Btyd && final.Scorer.Btyd is { } btyd
            ? [.. rows.Select(e => BtydPurchaseDays(btyd, e.Features, options.HorizonDays))]
            : trees().Orders;

    /// <summary>BTYD's expected purchase days over the horizon as a prediction: 0 for a prospect and where it is not finite, never negative.</summary>
    internal static double BtydPurchaseDays(BtydFeatureModel btyd, FeatureRow row, int horizonDays) =>
        row.IsProspect ? 0 : btyd.ExpectedPurchases(row, horizonDays) is var n && double.IsFinite(n) ? Math.Max(0, n) : 0;

    /// <summary>Every CLV candidate's unscaled held-out value, row-aligned with <paramref name="test"/>.</summary>
    Dictionary<string, double[]> CandidatePredictions(IReadOnlyList<CustomerExample> test, Predictions hybrid, Predictions? pureMl, BtydFeatureModel? btyd)
    {
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal) { [ClvCandidates.Hybrid] = hybrid.Clv };
        if (pureMl is not null && btyd is not null)
        {
            result[ClvCandidates.Trees] = pureMl.Clv;
            result[ClvCandidates.Btyd] = [.. test.Select(e => ClvCandidates.RuleValue(ClvCandidates.Btyd, e.Features, options.HorizonDays, btyd))];
        }
        foreach (var rule in new[] { ClvCandidates.Historic, ClvCandidates.LastPeriodSpend, ClvCandidates.FirstOrder })
            result[rule] = [.. test.Select(e => ClvCandidates.RuleValue(rule, e.Features, options.HorizonDays, null))];
        return result;
    }

    /// <summary>Bands fitted on the validation period's predictions of the shipped candidate; coverage measured on the test period.</summary>
    static IntervalCard IntervalFromValidation(SearchResult search, HeldOut heldOut)
    {
        var bands = new IntervalCard(PredictionInterval.FitBands(search.ValidationPredicted, search.ValidationActual), 0, 0, "");
        var (predicted, actual) = (heldOut.Clv.ToArray(), heldOut.Spend.ToArray());
        return bands with
        {
            Coverage = PredictionInterval.Coverage(bands, predicted, actual),
            CoverageByDecile = PredictionInterval.CoverageByGroup(bands, predicted, actual),
            CoverageRows = heldOut.Count,
            Method = $"residual quantiles (P10, P90) of the validation period's predictions in {PredictionInterval.DefaultBands} bands of predicted value, the top band's relative to the prediction; coverage measured on the test period",
        };
    }

    static string? Periods(EvaluationPlan plan, int horizonDays) => plan.Method switch
    {
        EvaluationPlan.RollingOrigin =>
            $"train: features as of {plan.TrainCutoff:yyyy-MM-dd}, labels {plan.TrainCutoff!.Value.AddDays(1):yyyy-MM-dd} to {plan.ValidationCutoff:yyyy-MM-dd}; " +
            $"validation: features as of {plan.ValidationCutoff:yyyy-MM-dd}, labels {plan.ValidationCutoff!.Value.AddDays(1):yyyy-MM-dd} to {plan.ValidationCutoff!.Value.AddDays(horizonDays):yyyy-MM-dd}; " +
            $"test models fitted on features as of {plan.TestFitCutoff:yyyy-MM-dd}, labels to {plan.TestCutoff:yyyy-MM-dd}; " +
            $"test: features as of {plan.TestCutoff:yyyy-MM-dd}, labels {plan.TestCutoff.AddDays(1):yyyy-MM-dd} to {plan.TestCutoff.AddDays(horizonDays):yyyy-MM-dd}",
        EvaluationPlan.OutOfTime =>
            $"train: features as of {plan.TrainCutoff:yyyy-MM-dd}, labels to {plan.TestCutoff:yyyy-MM-dd} (choices on customer folds of it); " +
            $"test: features as of {plan.TestCutoff:yyyy-MM-dd}, labels {plan.TestCutoff.AddDays(1):yyyy-MM-dd} to {plan.TestCutoff.AddDays(horizonDays):yyyy-MM-dd}",
        _ => null,
    };

    static Predictions Predict(
        FittedSet fitted, IReadOnlyList<CustomerExample> test, bool contract, string blendPartner, double blendWeight, double scale, double churnTreeWeight, int horizonDays, int churnWindowDays)
    {
        var x = Encode(fitted.Vectorizer, fitted.Scorer, test);
        var clv = contract ? new double[test.Count] : fitted.Learner.PredictClv(fitted.Clv!, x);
        var orders = fitted.Orders is { } purchases ? fitted.Learner.PredictClv(purchases, x) : new double[test.Count];
        if (!contract)
        {
            var btyd = fitted.Scorer.Btyd;
            for (var i = 0; i < clv.Length; i++)
            {
                var dormancy = DormancyExtrapolation.Factor(btyd, test[i].Features, fitted.DormancyEdgeDays, horizonDays);
                clv[i] = ClvBlend.Apply(clv[i] * dormancy, ClvBlend.PartnerValue(blendPartner, test[i].Features, horizonDays, btyd), blendWeight, scale);
                orders[i] *= dormancy;
            }
        }
        var churn = fitted.Learner.PredictChurn(fitted.Churn, x);
        if (fitted.Scorer.Btyd is { } model)
        {
            for (var i = 0; i < churn.Length; i++)
            {
                var trees = DormancyExtrapolation.Churn(churn[i], model, test[i].Features, fitted.ChurnDormancyEdgeDays, churnWindowDays);
                churn[i] = ChurnBlend.Apply(trees, ChurnBlend.NoPurchase(model, test[i].Features, churnWindowDays), churnTreeWeight);
            }
        }
        return new Predictions(clv, orders, churn);
    }

    /// <summary>The model vectors of <paramref name="rows"/>; with <paramref name="pit"/>, each row's derived columns come from the fit at its own date.</summary>
    /// <remarks>
    /// Rows are encoded on every core, in chunks of <see cref="EncodeChunk"/>: each row's BTYD columns and vector depend on
    /// that row alone and land in its own place of the block, so the matrix is the one a single thread writes.
    /// </remarks>
    internal static FeatureMatrix Encode(FeatureVectorizer vectorizer, DerivedColumns scorer, IReadOnlyList<CustomerExample> rows, PointInTimeColumns? pit = null)
    {
        var matrix = new FeatureMatrix(rows.Count, vectorizer.SlotCount, vectorizer.DenseSlots);
        try
        {
            Parallel.For(0, (rows.Count + EncodeChunk - 1) / EncodeChunk, chunk =>
            {
                var row = new float[vectorizer.SlotCount];
                for (var i = chunk * EncodeChunk; i < Math.Min(rows.Count, (chunk + 1) * EncodeChunk); i++)
                {
                    vectorizer.Vectorize(rows[i].Features, (pit?.For(rows[i].Features, scorer) ?? scorer).Derive(rows[i].Features).Values, row);
                    matrix.SetRow(i, row);
                }
            });
        }
        catch (AggregateException failed)
        {
            ExceptionDispatchInfo.Throw(failed.InnerExceptions[0]);
        }
        return matrix;
    }

    const int EncodeChunk = 4_096;

    /// <summary>
    /// <paramref name="anchor"/>'s rows, then those of the snapshots 1, 2, … months before it while they have the minimum
    /// history, the count stays within <see cref="TrainingOptions.Snapshots"/> and the rows within
    /// <see cref="TrainingOptions.MaximumStackedRows"/>. Every older snapshot's labels end before the anchor's do.
    /// </summary>
    /// <remarks>A table of the anchor alone is the anchor's own rows, not a copy of them.</remarks>
    IReadOnlyList<CustomerExample> Stacked(TrainingInput input, FeatureOptions featureOptions, FeatureSet anchor, DateOnly first)
    {
        List<CustomerExample>? rows = null;
        _pit?.Fit(anchor.Rows);
        for (var k = 1; k < options.Snapshots; k++)
        {
            var cutoff = anchor.Cutoff.AddMonths(-k);
            if (cutoff.DayNumber - first.DayNumber < options.MinimumHistoryDays || (rows?.Count ?? anchor.Rows.Count) + anchor.Rows.Count > options.MaximumStackedRows)
                break;
            var snapshot = input.Snapshot(cutoff, featureOptions).Rows;
            _pit?.Fit(snapshot);
            rows ??= new List<CustomerExample>(anchor.Rows);
            rows.AddRange(snapshot);
        }
        return rows ?? anchor.Rows;
    }

    /// <summary>The rows of the newest snapshot in a stacked table: a BTYD model is fitted on one row per customer.</summary>
    internal static IEnumerable<CustomerExample> Newest(IReadOnlyList<CustomerExample> rows)
    {
        var newest = rows.Count == 0 ? default : rows.Max(e => e.Features.AsOf);
        return rows.Where(e => e.Features.AsOf == newest);
    }

    static IReadOnlyList<Split> KFoldSplits(IReadOnlyList<CustomerExample> rows, int k, int seed)
    {
        var folds = CustomerFolds.Assign([.. rows.Select(r => r.Features.CustomerId)], k, seed);
        var splits = new List<Split>(k);
        for (var f = 0; f < k; f++)
        {
            var train = new List<CustomerExample>();
            var test = new List<CustomerExample>();
            for (var i = 0; i < rows.Count; i++)
                (folds[i] == f ? test : train).Add(rows[i]);
            splits.Add(new Split(train, test));
        }
        return splits;
    }

    static IReadOnlyList<FeatureImportance> Importance(ITransformer model, FeatureVectorizer vectorizer)
    {
        var slots = Learner.SlotImportance(model, vectorizer.SlotCount);
        var byFeature = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < slots.Length; i++)
            byFeature[vectorizer.SlotFeature[i]] = byFeature.GetValueOrDefault(vectorizer.SlotFeature[i]) + slots[i];
        var total = byFeature.Values.Sum();
        return [.. byFeature
            .Select(kv => new FeatureImportance(kv.Key, total > 0 ? kv.Value / total : 0))
            .OrderByDescending(f => f.Importance)
            .ThenBy(f => f.Feature, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Bands are fitted on one half of the held-out customers and their coverage measured on the
    /// other, so the reported coverage is not the fit's own; the shipped bands use all held-out rows.
    /// </summary>
    static IntervalCard IntervalFromHeldOut(HeldOut heldOut)
    {
        var ids = heldOut.CustomerIds;
        var halves = CustomerFolds.Assign(ids, 2, seed: 17);
        var pred = heldOut.Clv.ToArray();
        var actual = heldOut.Spend.ToArray();
        double[] Pick(double[] values, int half) => [.. values.Where((_, i) => halves[i] == half)];
        var fitHalf = new IntervalCard(PredictionInterval.FitBands(Pick(pred, 0), Pick(actual, 0)), 0, 0, "");
        var coverage = PredictionInterval.Coverage(fitHalf, Pick(pred, 1), Pick(actual, 1));
        return new IntervalCard(
            PredictionInterval.FitBands(pred, actual), coverage, halves.Count(h => h == 1),
            $"residual quantiles (P10, P90) of held-out predictions in {PredictionInterval.DefaultBands} bands of predicted value, the top band's relative to the prediction; coverage measured on held-out customers the bands were not fitted on",
            PredictionInterval.CoverageByGroup(fitHalf, Pick(pred, 1), Pick(actual, 1)));
    }

    static (ModelGrade Grade, string Reason) Grade(
        bool contract, RegressionMetrics? clv, BinaryMetrics churn, IReadOnlyList<BaselineResult> baselines, IReadOnlyList<BaselineResult> churnBaselines)
    {
        if (contract)
        {
            var modelGini = (2 * churn.Auc) - 1;
            var best = churnBaselines.OrderByDescending(b => b.NormalizedGini).FirstOrDefault();
            var grade = ModelGrading.Grade(modelGini, best?.NormalizedGini ?? 0);
            var shownChurn = ModelGrading.ShowApart(modelGini, best?.NormalizedGini ?? double.NaN);
            return (grade, $"churn Gini (2·AUC − 1) {shownChurn[0]} against the best baseline '{best?.Name}' at {shownChurn[1]}");
        }
        var bestClv = baselines.OrderByDescending(b => b.NormalizedGini).First();
        var g = ModelGrading.Grade(clv!.NormalizedGini, bestClv.NormalizedGini);
        var shown = ModelGrading.ShowApart(clv.NormalizedGini, bestClv.NormalizedGini);
        return (g, $"CLV normalized Gini {shown[0]} against the best baseline '{bestClv.Name}' at {shown[1]}" +
            " (A: ≥ 5 % better, B: better, C: not better)");
    }

    /// <summary>
    /// When validation chose BTYD + Gamma-Gamma and the best baseline is the same model fitted the same way, the grade
    /// compares the served model with itself: say so, so that a C reads as "no model beat the best rule, which is served"
    /// rather than as a model worse than a rule.
    /// </summary>
    internal static string ServedBaselineClause(bool contract, string candidate, BtydModelKind? kind, IReadOnlyList<BaselineResult> baselines)
    {
        if (contract || candidate != ClvCandidates.Btyd || kind is not { } btyd || baselines.Count == 0)
            return "";
        var best = baselines.OrderByDescending(b => b.NormalizedGini).First();
        return best.Name == HeldOut.BtydBaseline(btyd)
            ? $"; the model served is that baseline itself (BTYD + Gamma-Gamma, which validation chose over the trees and the rules, scaled for totals), so it cannot lead it: no model beat the best rule on this data"
            : "";
    }

    /// <summary>
    /// How far the grade's lead over the best baseline stands above the noise of the held-out rows: one standard error of
    /// the lead (paired bootstrap) said in the grade's reason, and a note when the lead is within it. A grade B on a lead
    /// of 0.004 with a standard error of 0.02 says the model and the rule rank these customers alike, and a marketer
    /// should read it so; the grade itself stays the contract's comparison.
    /// </summary>
    internal static (string Clause, string? Note) GradeNoise(
        bool contract, RegressionMetrics? clv, BinaryMetrics churn, IReadOnlyList<BaselineResult> baselines, IReadOnlyList<BaselineResult> churnBaselines,
        Func<string, double> leadStandardError)
    {
        var best = (contract ? churnBaselines : baselines).OrderByDescending(b => b.NormalizedGini).FirstOrDefault();
        var model = contract ? (2 * churn.Auc) - 1 : clv?.NormalizedGini ?? double.NaN;
        if (best is null || !double.IsFinite(model) || !double.IsFinite(best.NormalizedGini))
            return ("", null);
        var se = leadStandardError(best.Name);
        if (!(se > 0))
            return ("", null);
        var lead = model - best.NormalizedGini;
        var inv = CultureInfo.InvariantCulture;
        // As many decimals as the grade shows the two Ginis with: a lead of 0.0003 between 0.9322 and 0.9319 read "0.000".
        var shown = ModelGrading.ShowApart(model, best.NormalizedGini)[0];
        var leadText = Math.Abs(lead).ToString("F" + Math.Max(3, shown.Length - shown.IndexOf('.') - 1), inv);
        var resamples = $"{HyperparameterSearch.BootstrapResamples} paired bootstrap resamples of the held-out rows";
        if (Math.Abs(lead) > se)
            return (string.Create(inv, $"; the {(lead > 0 ? "lead" : "gap")} of {leadText} is {Math.Abs(lead) / se:0.0} standard errors ({se:0.000}, {resamples})"), null);
        var who = lead >= 0 ? "the model's lead" : $"the lead of '{best.Name}'";
        var clause = string.Create(inv, $"; {who} of {leadText} is within one standard error ({se:0.000}, {resamples})");
        var note = lead >= 0
            ? string.Create(inv, $"The grade rests on a lead within noise: the model's {(contract ? "churn" : "CLV")} Gini leads the best baseline '{best.Name}' by {leadText}, less than one standard error of that lead on the held-out rows ({se:0.000}). On another period the rule may rank customers as well as the model; a longer history or more customers would tell them apart.")
            : string.Create(inv, $"The best baseline '{best.Name}' leads the model by {leadText}, within one standard error on the held-out rows ({se:0.000}): the two rank customers alike on this data, so the rule's simplicity is worth weighing against the model's explanations and intervals.");
        return (clause, note);
    }

    /// <summary>
    /// A churn table with signup and churn dates (a subscription export) is read as a table of leavers and stayers, as a
    /// Telco-style table is: a leaver described as of their churn date (days since signup = their tenure when they left)
    /// beside the stayers as of the as-of date. Customer folds of it measure how well the model tells the two apart, which
    /// can be far above how well it foresees who leaves next: a generated export (3,000 subscriptions, monthly churn 1.5–5 %
    /// by plan) scored AUC 0.991 so, and 0.617 forward. Training reads such a table forward when its dates allow
    /// (<see cref="EvaluationPlan.Forward"/>); the note is for one they do not, with <paramref name="reason"/>, which says
    /// what would. Null for a table without both dates.
    /// </summary>
    internal static string? DatedChurnTableNote(CustomerTable? customers, string? reason)
    {
        if (customers is null || !customers.Customers.Any(c => c.ChurnDate is not null) || !customers.Customers.Any(c => c.SignupDate is not null))
            return null;
        return "The churn table gives signup and churn dates, and is read as one table of leavers and stayers"
            + (reason is null ? "" : $", not forward ({reason})")
            + ": each leaver as of their churn date "
            + "(their days since signup end there), each stayer as of the as-of date. The churn figures above measure how well the model tells a leaver "
            + "from a stayer among held-out customers of that table, which can be far above how well it foresees who leaves next: a customer who signed up "
            + "recently looks like a leaver who left early.";
    }

    /// <summary>
    /// A note when most repeat customers buy like clockwork (three gaps or more, varying by at most a tenth of their mean):
    /// billing, not shopping. The value and churn models serve it, but survival and residual value per subscriber come
    /// from sBG on monthly cohorts, which <c>cvml retention --transactions</c> builds from the same file. Null otherwise.
    /// </summary>
    /// <summary>
    /// Customers who had bought on two or more days by the cutoff, when they are under
    /// <see cref="Core.Data.TransactionSummary.FewRepeatBuyers"/> of the buyers: the grade and the totals then rest on a
    /// handful of repeat buyers, and a lead over the rules can be noise (an export of one id per invoice graded A on 1 %).
    /// </summary>
    internal static string? RepeatBuyersNote(IEnumerable<FeatureRow> rows, DateOnly cutoff)
    {
        int buyers = 0, repeat = 0;
        foreach (var row in rows)
        {
            if (row.IsProspect)
                continue;
            buyers++;
            if (row.Frequency > 0)
                repeat++;
        }
        return buyers > 0 && (double)repeat / buyers < Core.Data.TransactionSummary.FewRepeatBuyers
            ? string.Create(CultureInfo.InvariantCulture,
                $"Only {repeat:N0} of the {buyers:N0} customers with purchases by {cutoff:yyyy-MM-dd} ({(double)repeat / buyers:0.0%}) had bought on two or more days: the value and churn models learn from repeat purchases, so with this few their ranking says little beyond the first order, and the grade's lead and the totals rest on a handful of customers. Check that a customer keeps one id across orders (an id per order, invoice or session makes every customer new).")
            : null;
    }

    /// <summary>
    /// Whether the purchases are monthly billing: they look like subscription billing (<see cref="SubscriptionNote"/>) and
    /// the regular customers' median gap between purchases is a month (26 to 35 days).
    /// </summary>
    internal static bool BillsMonthly(IEnumerable<FeatureRow> rows)
    {
        var (repeat, regular) = Regularity(rows);
        return LooksLikeBilling(repeat, regular.Count) && regular.Order().ElementAt(regular.Count / 2) is >= 26 and <= 35;
    }

    internal static string? SubscriptionNote(IEnumerable<FeatureRow> rows)
    {
        var (repeat, gaps) = Regularity(rows);
        var regular = gaps.Count;
        return LooksLikeBilling(repeat, regular)
            ? string.Create(CultureInfo.InvariantCulture,
                $"These purchases look like subscription billing: {regular:N0} of the {repeat:N0} customers with four purchase days or more buy at intervals that vary by at most a tenth ({(double)regular / repeat:P0}). For survival curves, residual value per subscriber and what the active subscribers will pay over the next year (with the same forecast backtested a year earlier), `cvml retention --transactions` fits sBG on monthly cohorts of the same file.")
            : null;
    }

    static bool LooksLikeBilling(int repeat, int regular) => repeat >= 20 && regular * 2 > repeat;

    /// <summary>Customers with four purchase days or more, and the mean gaps of those among them whose gaps vary by at most a tenth of it.</summary>
    static (int Repeat, List<double> RegularGaps) Regularity(IEnumerable<FeatureRow> rows)
    {
        var repeat = 0;
        var regular = new List<double>();
        foreach (var row in rows)
        {
            if (row.Frequency < 3 || !(row.MeanDaysBetweenPurchases > 0))
                continue;
            repeat++;
            if (row.StdDaysBetweenPurchases <= 0.1 * row.MeanDaysBetweenPurchases)
                regular.Add(row.MeanDaysBetweenPurchases);
        }
        return (repeat, regular);
    }

    /// <summary>
    /// Customers with transactions but no row in the customers file train and score with their attributes missing; a
    /// file that lost some (an export filtered differently, ids whose leading zeros a spreadsheet dropped) was silent.
    /// </summary>
    /// <summary>Customers who bought twice or more needed before their median gap says what a usual one is.</summary>
    internal const int UsualGapCustomers = 20;

    /// <summary>The card's <see cref="ModelCard.UsualGapDays"/>: the median of the repeat buyers' mean gaps, rounded; null with too few of them.</summary>
    internal static int? UsualGapDays(IReadOnlyList<FeatureRow> rows)
    {
        var gaps = rows.Where(r => !r.IsProspect && r.Frequency >= 1 && r.MeanDaysBetweenPurchases > 0).Select(r => r.MeanDaysBetweenPurchases).Order().ToList();
        if (gaps.Count < UsualGapCustomers)
            return null;
        var median = gaps.Count % 2 == 1 ? gaps[gaps.Count / 2] : (gaps[gaps.Count / 2 - 1] + gaps[gaps.Count / 2]) / 2;
        return (int)Math.Round(median, MidpointRounding.AwayFromZero);
    }

    /// <summary>The card's <see cref="ModelCard.ProfilesFromOrders"/>: true when the customers were described by their first purchase.</summary>
    internal static bool? ProfilesFromOrders(TrainingInput input) =>
        input.Customers is null && input.TransactionReport?.ProfilesFromOrders is { Count: > 0 } ? true : null;

    internal static IEnumerable<string> ProfileCoverage(FeatureSet latest, Core.Data.CustomerTable? customers, Core.Data.LoadReport? transactions)
    {
        if (customers is null && transactions?.ProfilesFromOrders is { Count: > 0 } fromOrders)
        {
            string[] columns = [.. new[]
            {
                fromOrders.Values.Any(p => p.Channel is not null) ? "channel" : null,
                fromOrders.Values.Any(p => p.Device is not null) ? "device" : null,
                fromOrders.Values.Any(p => p.PostalCode is not null) ? "postal code" : null,
            }.OfType<string>()];
            var named = columns.Length == 1 ? $"{columns[0]} is that" : $"{string.Join(", ", columns[..^1])} and {columns[^1]} are those";
            yield return string.Create(CultureInfo.InvariantCulture,
                $"No customers file: each customer's {named} of their first purchase that has one in the transactions ({fromOrders.Count:N0} customers), as a new customer's are those of their first order.");
        }
        if (customers is null)
            yield break;
        var profiles = customers.Customers.Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal);
        var buyers = latest.Rows.Where(r => !r.Features.IsProspect).Select(r => r.Features.CustomerId).ToList();
        var missing = buyers.Where(id => !profiles.Contains(id)).ToList();
        // An email typed two ways in the two files: the buyer has a row, under another letter case.
        var otherCase = missing.Count == 0 ? 0 : missing.Count(new HashSet<string>(profiles, StringComparer.OrdinalIgnoreCase).Contains);
        if (missing.Count > 0)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{missing.Count:N0} of the {buyers.Count:N0} customers with transactions by {latest.Cutoff:yyyy-MM-dd} have no row in the customers file, so their attributes are missing (cvml validate with both files lists them)")
                + (otherCase > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {otherCase:N0} of them have one but for letter case, which source specs with \"caseInsensitiveIds\": true for both files read as one id.") : ".");
    }

    /// <param name="contract">Contract data (a customers file alone): the churn label is the file's own column, not a window after a
    /// cutoff, so whether transactions cover a label window says nothing.</param>
    /// <param name="levelAYearBefore">Whether the test period's totals were set by an anchor read a year before it (<see cref="TotalsAnchor.YearAgo"/>).</param>
    static IReadOnlyList<string> Notes(FeatureSet latest, EvaluationPlan plan, int horizonDays, bool contract, CustomerTable? customers, bool levelAYearBefore = false)
    {
        const string SameSeason = "; the level of the totals was read a year before the window it scales, in the same season, as the anchor's ratio came back with the calendar (clv.scaleReason)";
        var notes = new List<string> { plan.Description };
        if (customers?.Report is { CombinedRows: > 0 } combined)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"The customers file holds one row per subscription (\"oneRowPer\": \"subscription\"): the {combined.CombinedRows + combined.CombinedCustomers:N0} rows of the {combined.CombinedCustomers:N0} {(combined.CombinedCustomers == 1 ? "customer" : "customers")} with two or more are combined into one each, ")
                + "signed up on their first, gone only when every one has ended, and paying what their running subscriptions charge together; a customer is valued and their churn learnt as one.");
        if (contract && plan.ServeAsOf is null && DatedChurnTableNote(customers, plan.OneTableReason) is { } dated)
            notes.Add(dated);
        if (!contract && SubscriptionNote(latest.Rows.Select(r => r.Features)) is { } subscription)
            notes.Add(subscription);
        if (!contract && RepeatBuyersNote(latest.Rows.Select(r => r.Features), latest.Cutoff) is { } repeat)
            notes.Add(repeat);
        if (!contract && !latest.LabelWindowCovered)
            notes.Add($"The data ends before the label window ({latest.LabelWindowEnd:yyyy-MM-dd}): future spend is undercounted and churn overcounted. Move the cutoff earlier.");
        if (plan.YearAlignmentPassedOver is not null)
            notes.Add("The validation period is the one just before the test period, not the test period's calendar window a year earlier (its models would have been fitted on less than a year of history), " +
                (levelAYearBefore ? $"so the models were chosen in another season{SameSeason}." : "so the scale of totals was set in another season: the test period's summed prediction error is the measure of how far totals can be off until the history covers a year more."));
        else if (plan.Method == EvaluationPlan.RollingOrigin && !plan.YearAligned && horizonDays < 365)
            notes.Add("The history is too short for a validation period in the test period's calendar window a year earlier, " +
                (levelAYearBefore ? $"so the models were chosen in another season (the period just before){SameSeason}." : "so the scale of totals was set in another season (the period just before): the test period's summed prediction error is the measure of how far totals can be off until the history covers a year more."));
        return notes;
    }

    static string VersionName(TrainingInput input)
    {
        var fingerprint = string.Concat(input.Files.Select(f => f.Sha256))[..8];
        return $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{fingerprint}";
    }

    static IReadOnlyDictionary<string, string> LibraryVersions()
    {
        static string Of(Assembly assembly) =>
            assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["CustomerValue.Core"] = Of(typeof(ModelTrainer).Assembly),
            ["Microsoft.ML"] = Of(typeof(MLContext).Assembly),
            ["Microsoft.ML.FastTree"] = Of(typeof(Microsoft.ML.Trainers.FastTree.FastTreeRegressionTrainer).Assembly),
            [".NET"] = Environment.Version.ToString(),
        };
    }
    /// <summary>Customers who bought in the horizon after a snapshot's cutoff, below which no model is fitted or judged.</summary>
    internal const int MinimumBuyers = 20;

    /// <summary>Every snapshot of the evaluation has enough buyers (see the overload below).</summary>
    static void RequireBuyers(EvaluationPlan plan, FeatureSet latest, FeatureSet? earlier, FeatureSet? earliest)
    {
        foreach (var snapshot in new[] { latest, earlier, earliest })
            RequireBuyers(snapshot, plan, latest);
    }

    /// <summary>
    /// A CLV model learns from the spend of customers known at a cutoff over the horizon after it, and is judged on it.
    /// With no buyer every label is 0 (every customer ordered once: ids per order, as Olist's customer_id is); with a
    /// handful (300 Olist customers: 0, 3 and 2 buyers in the three periods) every Gini, scale and grade is noise, yet
    /// it shipped with a test total 470 % off. Say so instead.
    /// </summary>
    static void RequireBuyers(FeatureSet? snapshot, EvaluationPlan plan, FeatureSet latest)
    {
        if (snapshot is null)
            return;
        int buyers = snapshot.Rows.Count(r => r.Labels.FutureSpend > 0);
        if (buyers >= MinimumBuyers)
            return;
        var inv = CultureInfo.InvariantCulture;
        var what = buyers == 0
            ? string.Create(inv, $"None of the {snapshot.Rows.Count:N0} customers known at {snapshot.Cutoff:yyyy-MM-dd} spent anything in the {snapshot.HorizonDays} days after it")
            : string.Create(inv, $"Only {buyers:N0} of the {snapshot.Rows.Count:N0} customers known at {snapshot.Cutoff:yyyy-MM-dd} bought in the {snapshot.HorizonDays} days after it");
        var latestBuyers = ReferenceEquals(snapshot, latest) ? buyers : latest.Rows.Count(r => r.Labels.FutureSpend > 0);
        // Customers who came back but whose purchases carry no amount: a file of events without values, not a base
        // without repeat buyers.
        int unpaid = buyers == 0 ? snapshot.Rows.Count(r => r.Labels.FuturePurchaseDays > 0) : 0;
        throw new InvalidDataException(what + string.Create(inv,
            $" (a snapshot of the {plan.Method} evaluation); at least {MinimumBuyers} buyers are needed to fit a model and compare it with the baselines, and with fewer every figure would be noise. ") +
            (unpaid > 0
                ? string.Create(inv, $"{unpaid:N0} of them did buy, at amounts of 0: if the file holds purchase events without values, a source spec with \"computed\": {{ \"amount\": {{ \"factor\": 1 }} }} counts each as 1, and the value predicted is then purchases (docs/data.md). ")
                : buyers == 0 ? "Repeat purchases are what CLV models learn from: check that customer ids are the same across a customer's orders (not one id per order). " : "") +
            (latestBuyers >= MinimumBuyers ? string.Create(inv, $"The latest snapshot ({latest.Cutoff:yyyy-MM-dd}) has {latestBuyers:N0}: --evaluation k-fold uses it alone. ") : "") +
            "Give a longer history or more customers, or another --horizon-days.");
    }
}

public sealed record TrainingProgress(TrainingStage Stage, string Description)
{
    /// <summary>A line within the stage (a search's trial), not the start of a new one.</summary>
    public bool Detail { get; init; }
}

/// <summary>What <see cref="ModelTrainer.ScreenAttributes(TrainingOptions)"/> found: the attributes read, the notes on the others, and on what it judged.</summary>
public sealed record AttributeScreenSummary(IReadOnlyList<string> Read, IReadOnlyList<string> Notes, string JudgedOn);

public sealed record TrainingResult(ModelCard Card, string BundlePath, bool Promoted, IReadOnlyList<string> GateFailures, TimeSpan Elapsed);

internal sealed record Split(IReadOnlyList<CustomerExample> Train, IReadOnlyList<CustomerExample> Test);

internal sealed record Predictions(double[] Clv, double[] Orders, double[] Churn);

/// <summary>How a table's rows become model vectors, and the learner for vectors of that width.</summary>
/// <param name="Pit">Out of time: the per-date derived columns its rows were encoded with (and held-out rows are encoded with).</param>
internal sealed record TableLayout(FeatureVectorizer Vectorizer, DerivedColumns Scorer, Learner Learner, PointInTimeColumns? Pit);

/// <summary>The models fitted on one table; <see cref="Orders"/> is null where nothing reads the expected purchases.</summary>
internal sealed record FittedSet(TableLayout Layout, FittedClv? Clv, FittedClv? Orders, ITransformer Churn, Microsoft.ML.DataViewSchema ChurnSchema)
{
    /// <summary>The days since the last purchase the training rows reach (<see cref="DormancyExtrapolation.EdgeOf"/>), where the value is carried past it.</summary>
    public int? DormancyEdgeDays { get; init; }

    /// <summary>The same edge, where the churn probability is carried past it.</summary>
    public int? ChurnDormancyEdgeDays { get; init; }

    /// <summary>The newest training snapshot's <see cref="NextOrderTiming.BaseVariation"/>, what a customer's rhythm is shrunk toward.</summary>
    public double NextOrderVariation { get; init; } = NextOrderTiming.PoissonVariation;

    public FeatureVectorizer Vectorizer => Layout.Vectorizer;
    public DerivedColumns Scorer => Layout.Scorer;
    public Learner Learner => Layout.Learner;
    public PointInTimeColumns? Pit => Layout.Pit;
}

/// <summary>The dedicated CLV model of brand-new customers, on its main set's layout.</summary>
internal sealed record ColdStartModel(TableLayout Layout, FittedClv Clv);
