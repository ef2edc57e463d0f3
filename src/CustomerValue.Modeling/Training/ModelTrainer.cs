using System.Diagnostics;
using System.Reflection;
using CustomerValue.Core.Btyd;
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
            Attributes = input.Profiles is { } profiles ? AttributeSchema.Infer(profiles) : AttributeSchema.Empty,
        };
        var latest = FeatureBuilder.Build(input.Transactions(), input.Profiles, plan.TestCutoff, featureOptions);
        var earlier = plan.TrainCutoff is { } trainCutoff
            ? FeatureBuilder.Build(input.Transactions(), input.Profiles, trainCutoff, featureOptions)
            : null;
        if (latest.Rows.Count < 20)
            throw new InvalidDataException($"Only {latest.Rows.Count} customers are known at the cutoff {plan.TestCutoff:yyyy-MM-dd}; at least 20 are needed.");
        var catalog = latest.Catalog;
        cancellationToken.ThrowIfCancellationRequested();

        var splits = plan.Method == "out-of-time"
            ? [new Split(earlier!.Rows, latest.Rows)]
            : KFoldSplits(latest.Rows, options.Folds, options.Seed);

        Enter(TrainingStage.Search, "searching hyperparameters on validation data");
        var btydKind = contract ? null : options.BtydModel;
        var searcher = new HyperparameterSearch(_ml, options, catalog, contract, btydKind);
        var nested = Nested(plan, latest.Rows.Count);
        // Nested: each fold's settings come from its own training rows, so no held-out row ever
        // helped choose the model that scores it; the final models get the same search on all rows.
        // Each search keeps the whole budget: a shared one cut CDNOW's searches short on a busy
        // machine, and then the trial limit no longer decides and runs do not repeat.
        var foldSearches = nested ? splits.Select(s => searcher.Run(s.Train, cancellationToken)).ToList() : null;
        var search = searcher.Run(nested ? latest.Rows : splits[0].Train, cancellationToken);

        Enter(TrainingStage.Evaluation, $"evaluating on held-out data ({plan.Description})");
        var heldOut = new HeldOut();
        for (var f = 0; f < splits.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var split = splits[f];
            var chosen = foldSearches?[f] ?? search;
            var fitted = FitSet(split.Train, catalog, chosen, contract, btydKind);
            heldOut.Add(split.Test, Predict(fitted, split.Test, contract, chosen.BlendWeight, chosen.ClvScale, chosen.ChurnTreeWeight, options.HorizonDays, latest.ChurnWindowDays));
            if (!contract)
            {
                heldOut.AddBaselines(split, options.HorizonDays, fitted.Scorer.Btyd);
                heldOut.AddNextOrder(split, options.HorizonDays, fitted.Scorer.Btyd);
            }
            heldOut.AddChurnBaselines(split, catalog, contract, fitted.Scorer.Btyd, latest.ChurnWindowDays);
            heldOut.AddColdStart(split, FitColdStart(split.Train, fitted, chosen), catalog);
            if (!contract && fitted.Scorer.Btyd is not null)
            {
                // The same learner without the BTYD columns: does the hybrid earn its keep?
                var pureMl = FitSet(split.Train, catalog, chosen, contract, btydKind: null);
                heldOut.AddPureMl(Predict(pureMl, split.Test, contract, 1, 1, 1, options.HorizonDays, latest.ChurnWindowDays));
            }
        }

        Enter(TrainingStage.Baselines, "comparing with the baselines");
        var clvMetrics = contract ? null : RegressionEvaluator.Evaluate(heldOut.Clv.ToArray(), heldOut.Spend.ToArray());
        var ordersMetrics = contract ? null : RegressionEvaluator.Evaluate(heldOut.Orders.ToArray(), heldOut.Purchases.ToArray());
        var churnMetrics = BinaryEvaluator.Evaluate(heldOut.Churn.ToArray(), heldOut.Churned.ToArray(), search.ChurnThreshold);
        var baselines = contract ? [] : heldOut.ClvBaselineResults();
        var churnBaselines = heldOut.ChurnBaselineResults();
        var (grade, gradeReason) = Grade(contract, clvMetrics, churnMetrics, baselines, churnBaselines);

        Enter(TrainingStage.ColdStart, "evaluating brand-new customers");
        var coldStart = contract ? null : heldOut.ColdStartCard();

        Enter(TrainingStage.FinalModels, "fitting the final models on the latest labelled snapshot");
        var final = FitSet(latest.Rows, catalog, search, contract, btydKind);
        var coldFinal = coldStart is { UseDedicatedModel: true } ? FitColdStart(latest.Rows, final, search) : null;
        var interval = contract ? null : IntervalFromHeldOut(heldOut);
        var rfm = contract ? null : RfmScorer.Fit(latest.Rows.Select(e => Baselines.RfmOf(e.Features))).Breakpoints;

        var version = options.Version ?? VersionName(input);
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
                input.TransactionReport?.Dates?.RowsAfter(plan.TestCutoff) ?? 0),
            SourceSpec = input.Spec?.ToJson(),
            CustomersSourceSpec = input.CustomersSpec?.ToJson(),
            Cutoff = plan.TestCutoff,
            HorizonDays = options.HorizonDays,
            ChurnWindowDays = latest.ChurnWindowDays,
            PostalRegionLength = featureOptions.PostalRegionLength,
            Mode = contract ? "contract" : "transactions",
            Features = catalog,
            NumericAttributes = latest.Attributes.NumericNames,
            CategoricalAttributes = latest.Attributes.CategoricalNames,
            Vector = final.Vectorizer.Layout,
            Distributions = FeatureStatistics.Describe(latest.Rows, catalog),
            Rfm = rfm,
            Btyd = final.Scorer.Btyd?.Parameters,
            Hybrid = contract ? null : heldOut.HybridComparison(clvMetrics!, churnMetrics),
            NextOrder = contract ? null : heldOut.NextOrder(),
            Clv = contract ? null : new ClvModelCard(
                ModelBundle.ClvFile, search.ClvObjective, search.ObjectiveReason, search.ClvHyperparameters, final.Clv!.Smearing,
                clvMetrics!, search.ObjectiveComparison, Importance(final.Clv.Model, final.Vectorizer), interval!,
                final.Scorer.Btyd is null ? 1 : search.BlendWeight, search.BlendReason, search.ClvScale),
            Orders = contract ? null : new OrdersModelCard(ModelBundle.OrdersFile, final.Orders!.Objective, final.Orders.Smearing, ordersMetrics!),
            Churn = new ChurnModelCard(
                ModelBundle.ChurnFile, search.ChurnHyperparameters, search.ChurnThreshold, churnMetrics,
                Importance(final.Churn, final.Vectorizer), heldOut.FoldAuc(splits.Count),
                final.Scorer.Btyd is null ? 1 : search.ChurnTreeWeight, search.ChurnBlendReason),
            ColdStart = coldStart is null ? null : coldStart with { FileName = coldFinal is null ? null : ModelBundle.ColdStartFile },
            Evaluation = new EvaluationCard(
                plan.Method, plan.Description, plan.TrainCutoff, plan.TestCutoff,
                splits.Sum(s => s.Train.Count) / splits.Count, heldOut.Count, plan.Method == "k-fold" ? splits.Count : null,
                search.Seconds + (foldSearches?.Sum(s => s.Seconds) ?? 0),
                search.Trials.Count + (foldSearches?.Sum(s => s.Trials.Count) ?? 0),
                search.Trials,
                nested
                    ? $"{search.Validation}, repeated inside each of the {splits.Count} evaluation folds on that fold's training rows (nested); the final models' settings come from the search on all rows"
                    : search.Validation,
                foldSearches?.Select((s, f) => FoldChoiceOf(f, s, contract)).ToList()),
            Baselines = baselines,
            ChurnBaselines = churnBaselines,
            Grade = grade.ToString(),
            GradeReason = gradeReason,
            LibraryVersions = LibraryVersions(),
            Notes = Notes(latest, plan),
            Truth = options.TruthPath is { } truthPath && !contract
                ? TruthComparison.Compare(truthPath, plan.TestCutoff, options.HorizonDays, heldOut.CustomerIds, heldOut.Clv, heldOut.Spend, heldOut.Churn, heldOut.Churned)
                : null,
        };

        Enter(TrainingStage.Champion, "comparing with the current model");
        var champion = Champion.Decide(options, card);
        card = card with { Champion = champion };

        Enter(TrainingStage.Writing, "writing the bundle");
        var bundlePath = BundleWriter.Write(options.ModelsDirectory, card, directory =>
        {
            if (final.Clv is { } clv)
                _ml.Model.Save(clv.Model, clv.InputSchema, Path.Combine(directory, ModelBundle.ClvFile));
            if (final.Orders is { } orders)
                _ml.Model.Save(orders.Model, orders.InputSchema, Path.Combine(directory, ModelBundle.OrdersFile));
            _ml.Model.Save(final.Churn, final.ChurnSchema, Path.Combine(directory, ModelBundle.ChurnFile));
            if (coldFinal is { } cold)
                _ml.Model.Save(cold.Clv!.Model, cold.Clv.InputSchema, Path.Combine(directory, ModelBundle.ColdStartFile));
            TrainingReport.Write(directory, card, heldOut);
        }, promote: champion.Promoted, driftSnapshot: [.. latest.Rows.Select(r => r.Features)]);

        return new TrainingResult(card, bundlePath, champion.Promoted, champion.GateFailures, clock.Elapsed);
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

    FittedSet FitSet(IReadOnlyList<CustomerExample> train, IReadOnlyList<FeatureDefinition> catalog, SearchResult search, bool contract, BtydModelKind? btydKind)
    {
        var scorer = DerivedColumns.Fit(train.Select(e => e.Features), btydKind, options.HorizonDays);
        var vectorizer = FeatureVectorizer.Fit([.. train.Select(e => e.Features)], catalog, scorer.Columns);
        var learner = new Learner(_ml, vectorizer.SlotCount);
        var x = Encode(vectorizer, scorer, train);
        var clv = contract ? null : learner.FitClv(x, [.. train.Select(e => e.Labels.FutureSpend)], search.ClvObjective, search.ClvHyperparameters);
        // Purchase counts are as zero-heavy as spend, so the chosen objective and settings serve both.
        var orders = contract ? null : learner.FitClv(x, [.. train.Select(e => (double)e.Labels.FuturePurchaseDays)], search.ClvObjective, search.ClvHyperparameters);
        var churn = learner.FitChurn(x, [.. train.Select(e => e.Labels.Churned)], search.ChurnHyperparameters);
        return new FittedSet(vectorizer, scorer, learner, clv, orders, churn, learner.View(x.Take(1).ToList(), [0f]).Schema);
    }

    /// <summary>A model that sees only what is known of a brand-new customer, trained on the brand-new cohort.</summary>
    /// <remarks>It shares the main set's encoder, so one vector layout serves every model of a bundle.</remarks>
    FittedSet? FitColdStart(IReadOnlyList<CustomerExample> train, FittedSet main, SearchResult search)
    {
        var cohort = train.Where(e => ColdStartCohort.Contains(e.Features)).ToList();
        if (cohort.Count < 50)
            return null;
        var learner = main.Learner;
        var x = Encode(main.Vectorizer, main.Scorer, cohort);
        var hp = search.ClvHyperparameters with { MinimumExampleCountPerLeaf = Math.Max(5, Math.Min(search.ClvHyperparameters.MinimumExampleCountPerLeaf, cohort.Count / 20)) };
        var clv = learner.FitClv(x, [.. cohort.Select(e => e.Labels.FutureSpend)], search.ClvObjective, hp);
        return main with { Clv = clv, Orders = null };
    }

    static Predictions Predict(
        FittedSet fitted, IReadOnlyList<CustomerExample> test, bool contract, double blendWeight, double scale, double churnTreeWeight, int horizonDays, int churnWindowDays)
    {
        var x = Encode(fitted.Vectorizer, fitted.Scorer, test);
        var clv = contract ? new double[test.Count] : fitted.Learner.PredictClv(fitted.Clv!, x);
        if (!contract)
        {
            var btyd = fitted.Scorer.Btyd;
            for (var i = 0; i < clv.Length; i++)
                clv[i] = ClvBlend.Apply(clv[i], btyd?.ExpectedSpend(test[i].Features, horizonDays) ?? double.NaN, blendWeight, scale);
        }
        var orders = contract ? new double[test.Count] : fitted.Learner.PredictClv(fitted.Orders!, x);
        var churn = fitted.Learner.PredictChurn(fitted.Churn, x);
        if (fitted.Scorer.Btyd is { } model)
        {
            for (var i = 0; i < churn.Length; i++)
                churn[i] = ChurnBlend.Apply(churn[i], ChurnBlend.NoPurchase(model, test[i].Features, churnWindowDays), churnTreeWeight);
        }
        return new Predictions(clv, orders, churn);
    }

    internal static List<float[]> Encode(FeatureVectorizer vectorizer, DerivedColumns scorer, IReadOnlyList<CustomerExample> rows) =>
        [.. rows.Select(e => vectorizer.Vectorize(e.Features, scorer.Derive(e.Features).Values))];

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
            $"residual quantiles (P10, P90) of held-out predictions in {PredictionInterval.DefaultBands} bands of predicted value; coverage measured on held-out customers the bands were not fitted on");
    }

    static (ModelGrade Grade, string Reason) Grade(
        bool contract, RegressionMetrics? clv, BinaryMetrics churn, IReadOnlyList<BaselineResult> baselines, IReadOnlyList<BaselineResult> churnBaselines)
    {
        if (contract)
        {
            var modelGini = (2 * churn.Auc) - 1;
            var best = churnBaselines.OrderByDescending(b => b.NormalizedGini).FirstOrDefault();
            var grade = ModelGrading.Grade(modelGini, best?.NormalizedGini ?? 0);
            return (grade, $"churn Gini (2·AUC − 1) {modelGini:0.000} against the best baseline '{best?.Name}' at {best?.NormalizedGini:0.000}");
        }
        var bestClv = baselines.OrderByDescending(b => b.NormalizedGini).First();
        var g = ModelGrading.Grade(clv!.NormalizedGini, bestClv.NormalizedGini);
        return (g, $"CLV normalized Gini {clv.NormalizedGini:0.000} against the best baseline '{bestClv.Name}' at {bestClv.NormalizedGini:0.000}" +
            " (A: ≥ 5 % better, B: better, C: not better)");
    }

    static IReadOnlyList<string> Notes(FeatureSet latest, EvaluationPlan plan)
    {
        var notes = new List<string> { plan.Description };
        if (!latest.LabelWindowCovered)
            notes.Add($"The data ends before the label window ({latest.LabelWindowEnd:yyyy-MM-dd}): future spend is undercounted and churn overcounted. Move the cutoff earlier.");
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
}

public sealed record TrainingProgress(TrainingStage Stage, string Description);

public sealed record TrainingResult(ModelCard Card, string BundlePath, bool Promoted, IReadOnlyList<string> GateFailures, TimeSpan Elapsed);

internal sealed record Split(IReadOnlyList<CustomerExample> Train, IReadOnlyList<CustomerExample> Test);

internal sealed record Predictions(double[] Clv, double[] Orders, double[] Churn);

internal sealed record FittedSet(FeatureVectorizer Vectorizer, DerivedColumns Scorer, Learner Learner, FittedClv? Clv, FittedClv? Orders, ITransformer Churn, Microsoft.ML.DataViewSchema ChurnSchema);
