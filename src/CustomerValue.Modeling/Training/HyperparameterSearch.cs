using System.Diagnostics;
using System.Globalization;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Evaluation;
using Microsoft.ML;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// A small search over the four FastTree settings on validation data carved from the training rows
/// by customer: 3-fold for fewer than <see cref="SmallData"/> rows (one 20 % split of a small base is
/// too noisy to choose by), one 80/20 split above. The defaults go first; the rest of the grid
/// follows in a seeded order until the time budget or the trial limit runs out. CLV trials fit both
/// objectives; the better normalized Gini wins (MAE breaks near-ties); churn keeps the best AUC.
/// Last, the weight of the ML prediction in a blend with the BTYD + Gamma-Gamma prediction is chosen
/// on the same validation rows (1 = ML alone).
/// </summary>
/// <param name="trialDone">Told after each trial what it scored and the best so far, in a sentence: a large table's search
/// takes minutes, and without it a run says nothing from its start to its end.</param>
internal sealed class HyperparameterSearch(
    MLContext ml, TrainingOptions options, IReadOnlyList<FeatureDefinition> catalog, bool contract, BtydModelKind? btydKind, PointInTimeColumns? pit = null,
    Action<string>? trialDone = null)
{
    internal const double GiniTie = 0.005;
    /// <summary>Purchase MAEs within this share of the lower one are as good (<see cref="ByMaeThenDeviance"/>).</summary>
    const double MaeTie = 0.01;
    public const int SmallData = 20_000;

    /// <summary>
    /// A finished trial in a sentence: <c>trial 3 of at most 12 (300 trees, 8 leaves, learning rate 0.03, 50 per leaf): CLV
    /// normalized Gini 0.412, churn AUC 0.811; kept so far 0.418 and 0.815; 96 s of the 300 s budget</c> (kept: near-ties of Gini go to the lower MAE).
    /// </summary>
    internal string TrialLine(IReadOnlyList<SearchTrial> trials, TreeHyperparameters hp, int maximum, double bestGini, double bestAuc, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var own = trials.Where(t => t.Hyperparameters == hp).ToList();
        var gini = own.Where(t => t.Model.StartsWith("clv", StringComparison.Ordinal)).Select(t => t.Value).DefaultIfEmpty(double.NaN).Max();
        var auc = own.Where(t => t.Model == "churn").Select(t => t.Value).DefaultIfEmpty(double.NaN).Max();
        var scores = new List<string>();
        var best = new List<string>();
        if (double.IsFinite(gini))
            (scores, best) = ([.. scores, string.Create(inv, $"CLV normalized Gini {gini:0.000}")], [.. best, string.Create(inv, $"{bestGini:0.000}")]);
        if (double.IsFinite(auc))
            (scores, best) = ([.. scores, string.Create(inv, $"churn AUC {auc:0.000}")], [.. best, string.Create(inv, $"{bestAuc:0.000}")]);
        var count = trials.Select(t => t.Hyperparameters).Distinct().Count();
        return string.Create(inv, $"trial {count} of at most {maximum} ({hp.NumberOfTrees} trees, {hp.NumberOfLeaves} leaves, learning rate {hp.LearningRate:0.###}, {hp.MinimumExampleCountPerLeaf} per leaf): ")
            + string.Join(", ", scores)
            + (best.Count > 0 ? $"; kept so far {string.Join(" and ", best)}" : "")
            + string.Create(inv, $"; {elapsed.TotalSeconds:0} s of the {options.SearchBudget.TotalSeconds:0} s budget");
    }

    /// <summary>
    /// The defaults, then the grid in a seeded order that visits every tree size early: round-robin
    /// over the leaf counts, so a short search still tries stumps (near-additive data such as
    /// contract churn) as well as deep trees.
    /// </summary>
    public static IReadOnlyList<TreeHyperparameters> Grid(int seed)
    {
        var grid = new List<TreeHyperparameters>();
        foreach (var trees in new[] { 100, 300 })
            foreach (var leaves in new[] { 2, 4, 8, 16, 32 })
                foreach (var rate in new[] { 0.03, 0.1 })
                    foreach (var minLeaf in new[] { 10, 50, 200 })
                        grid.Add(new TreeHyperparameters(trees, leaves, rate, minLeaf));
        var random = new Random(seed);
        var byLeaves = grid.OrderBy(_ => random.Next()).GroupBy(hp => hp.NumberOfLeaves).Select(g => g.ToList()).ToList();
        var ordered = new List<TreeHyperparameters> { TreeHyperparameters.Default };
        for (var round = 0; ordered.Count <= grid.Count; round++)
        {
            foreach (var group in byLeaves.Where(g => round < g.Count))
                ordered.Add(group[round]);
        }
        return ordered;
    }

    /// <summary>Choices on customer folds of one snapshot: data without time, or too short for a validation period.</summary>
    public SearchResult Run(IReadOnlyList<CustomerExample> rows, CancellationToken cancellationToken)
    {
        var small = rows.Count < SmallData;
        var folds = CustomerFolds.Assign([.. rows.Select(r => r.Features.CustomerId)], small ? 3 : 5, options.Seed);
        var pairs = new List<(IReadOnlyList<CustomerExample>, IReadOnlyList<CustomerExample>)>();
        foreach (var validFold in small ? [0, 1, 2] : new[] { 0 })
            pairs.Add((rows.Where((_, i) => folds[i] != validFold).ToList(), rows.Where((_, i) => folds[i] == validFold).ToList()));
        return Run(pairs, pairs.Count == 1 ? "one 80/20 split of the training rows by customer" : $"{pairs.Count}-fold split of the training rows by customer", hedge: false, cancellationToken);
    }

    /// <summary>
    /// Choices on a validation period: models fitted on <paramref name="fit"/> (labels ending at the validation
    /// cutoff), judged on <paramref name="valid"/> (features as of the validation cutoff, labels over the horizon after it).
    /// </summary>
    public SearchResult Run(IReadOnlyList<CustomerExample> fit, IReadOnlyList<CustomerExample> valid, string description, CancellationToken cancellationToken) =>
        Run([(fit, valid)], description, hedge: true, cancellationToken);

    /// <param name="hedge">Whether the validation rows are one period of time, a horizon before the test period's: then the
    /// blend weight is hedged toward an even blend within the noise of that period (<see cref="ChooseBlend"/>).</param>
    SearchResult Run(
        IReadOnlyList<(IReadOnlyList<CustomerExample> Fit, IReadOnlyList<CustomerExample> Valid)> pairs, string validation, bool hedge, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var splits = pairs.Select(p => Split(p.Fit, p.Valid)).ToList();
        var spendValid = splits.SelectMany(s => s.SpendValid).ToArray();
        var churnValid = splits.SelectMany(s => s.ChurnValid).ToArray();
        var twoClasses = splits.All(s => s.ChurnFit.Distinct().Count() == 2) && churnValid.Distinct().Count() == 2;

        var candidates = options.Hyperparameters is { } fixedHp ? [fixedHp] : Grid(options.Seed);
        var trials = new List<SearchTrial>();
        var bestClv = (Objective: ClvObjective.Tweedie, Hp: candidates[0], Gini: double.NegativeInfinity, Mae: double.PositiveInfinity, Predictions: Array.Empty<double>());
        var bestByObjective = new Dictionary<ClvObjective, ObjectiveComparison>();
        var bestChurn = (Hp: candidates[0], Auc: double.NegativeInfinity, Threshold: 0.5, Probabilities: Array.Empty<double>());

        foreach (var hp in candidates.Take(options.MaximumTrials))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (trials.Count > 0 && clock.Elapsed > options.SearchBudget)
                break;
            // A trial's fits are independent, so they run side by side, a fit per fold; they are judged in the same order as ever.
            var objectives = contract ? [] : new[] { ClvObjective.Tweedie, ClvObjective.Log1p };
            var clvFits = objectives.Select(objective => EachSplit(splits, s => s.Learner.PredictClv(s.Learner.FitClv(s.XFit, s.SpendFit, objective, hp), s.XValid))).ToArray();
            var churnFits = twoClasses ? EachSplit(splits, s => s.Learner.PredictChurn(s.Learner.FitChurn(s.XFit, s.ChurnFit, hp), s.XValid)) : null;
            SideBySide.Run([.. clvFits.SelectMany(f => f.Fits), .. churnFits?.Fits ?? []], splits.Sum(s => s.XFit.Count));
            var probabilities = churnFits?.Results() ?? [];
            if (!contract)
            {
                foreach (var (objective, predicted) in objectives.Zip(clvFits.Select(f => f.Results())))
                {
                    var metrics = RegressionEvaluator.Evaluate(predicted, spendValid);
                    trials.Add(new SearchTrial($"clv-{objective.ToString().ToLowerInvariant()}", hp, "normalizedGini", metrics.NormalizedGini));
                    if (!bestByObjective.TryGetValue(objective, out var seen) || metrics.NormalizedGini > seen.ValidationGini)
                        bestByObjective[objective] = new ObjectiveComparison(objective, metrics.NormalizedGini, metrics.Mae, metrics.Rmse);
                    var better = metrics.NormalizedGini > bestClv.Gini + GiniTie
                        || (Math.Abs(metrics.NormalizedGini - bestClv.Gini) <= GiniTie && metrics.Mae < bestClv.Mae);
                    if (better)
                        bestClv = (objective, hp, metrics.NormalizedGini, metrics.Mae, predicted);
                }
            }
            if (twoClasses)
            {
                var metrics = BinaryEvaluator.Evaluate(probabilities, churnValid);
                trials.Add(new SearchTrial("churn", hp, "auc", metrics.Auc));
                if (metrics.Auc > bestChurn.Auc)
                    bestChurn = (hp, metrics.Auc, metrics.BestF1.Threshold, probabilities);
            }
            trialDone?.Invoke(TrialLine(trials, hp, Math.Min(candidates.Count, options.MaximumTrials), bestClv.Gini, bestChurn.Auc, clock.Elapsed));
        }

        var dormancy = contract ? (Extrapolate: false, Reason: "no CLV model") : ChooseDormancy(bestClv.Predictions, splits, spendValid, hedge);
        if (dormancy.Extrapolate)
            bestClv.Predictions = Extrapolated(splits, bestClv.Predictions);
        // The trees without BTYD columns (a candidate) and the purchase trees beside the hybrid are fitted side by side; the
        // plain trees' purchases only if those trees win (then the hybrid's go unread).
        double[]? plainClv = null, hybridOrders = null;
        if (!contract)
        {
            var hybridFits = EachSplit(splits, s => s.Learner.PredictClv(s.Learner.FitClv(s.XFit, s.OrdersFit, bestClv.Objective, bestClv.Hp), s.XValid));
            var plainFits = splits.All(s => s.Btyd is not null)
                ? EachSplit(splits, s => s.PlainLearner.PredictClv(s.PlainLearner.FitClv(s.XFitPlain, s.SpendFit, bestClv.Objective, bestClv.Hp), s.XValidPlain))
                : null;
            SideBySide.Run([.. hybridFits.Fits, .. plainFits?.Fits ?? []], splits.Sum(s => s.XFit.Count));
            hybridOrders = hybridFits.Results();
            plainClv = plainFits?.Results();
        }
        if (dormancy.Extrapolate && hybridOrders is not null)
            hybridOrders = Extrapolated(splits, hybridOrders);
        var (partner, weight, blendReason, bestBlendGini) = contract ? (ClvCandidates.Btyd, 1.0, "no CLV model", double.NaN) : ChooseBlend(bestClv.Predictions, splits, spendValid, hedge);
        var choice = contract ? null : ChooseCandidate(bestClv.Predictions, plainClv, partner, weight, bestBlendGini, splits, spendValid);
        (string Candidate, double Scale, string Reason)? orders = contract ? null : ChooseOrders(bestClv.Objective, bestClv.Hp, splits, plain: choice?.Winner == ClvCandidates.Trees, hybridOrders!);
        var churnDormancy = contract || !twoClasses ? (Extrapolate: false, Reason: "no BTYD model") : ChooseChurnDormancy(bestChurn.Probabilities, splits, churnValid, hedge);
        if (churnDormancy.Extrapolate)
            bestChurn.Probabilities = ChurnExtrapolated(splits, bestChurn.Probabilities);
        var (churnWeight, churnBlendReason) = contract || !twoClasses ? (1.0, "no BTYD model") : ChooseChurnBlend(bestChurn.Probabilities, splits, churnValid);
        var nextOrder = contract ? (Method: NextOrderTiming.Btyd, Reason: "no BTYD model")
            : ChooseNextOrder(splits, twoClasses ? [.. bestChurn.Probabilities.Zip(splits.SelectMany(s => s.BtydNoPurchase), (t, b) => ChurnBlend.Apply(t, b, churnWeight))] : null);
        var comparison = bestByObjective.Values.OrderBy(c => c.Objective).ToList();
        var reason = comparison.Count == 2
            ? $"{bestClv.Objective} had the better validation normalized Gini ({string.Join(" vs ", comparison.Select(c => $"{c.Objective} {c.ValidationGini:0.000}"))}); near-ties within {GiniTie} go to the lower MAE"
            : "only one objective was evaluated";
        return new SearchResult(
            bestClv.Objective, reason, bestClv.Hp, bestChurn.Hp, double.IsFinite(bestChurn.Threshold) ? bestChurn.Threshold : 0.5,
            weight, blendReason, choice?.Scale ?? 1, churnWeight, churnBlendReason, comparison, trials, clock.Elapsed.TotalSeconds,
            validation)
        {
            BlendPartner = partner,
            Candidate = choice?.Winner ?? ClvCandidates.Hybrid,
            CandidateReason = choice?.Reason ?? "no CLV model",
            ScaleReason = choice?.ScaleReason,
            Candidates = choice?.Results ?? [],
            ValidationPredicted = choice?.WinnerPredictions ?? [],
            ValidationValues = choice?.WinnerValues ?? [],
            ValidationTreeValues = choice?.BestTreeValues ?? [],
            ValidationActual = spendValid,
            OrdersScale = orders?.Scale ?? 1,
            OrdersCandidate = orders?.Candidate ?? ClvCandidates.Trees,
            OrdersReason = orders?.Reason,
            ExtrapolateDormancy = dormancy.Extrapolate,
            DormancyReason = dormancy.Reason,
            ExtrapolateChurnDormancy = churnDormancy.Extrapolate,
            ChurnDormancyReason = churnDormancy.Reason,
            NextOrderMethod = nextOrder.Method,
            NextOrderReason = nextOrder.Reason,
        };
    }

    /// <summary>
    /// A fit per validation split, to run side by side, and its predictions in the order of the splits' rows. A 3-fold
    /// trial's three fits of three folds each left a core waiting on the slowest; nine fits share two cores more evenly
    /// (CDNOW's 2,357 customers, 6 searches of 12 trials, alternating runs: 107 → 102 s wall, 155 → 138 s of CPU, medians
    /// of 3 and 2; the same card).
    /// </summary>
    static PerSplit EachSplit(IReadOnlyList<ValidationSplit> splits, Func<ValidationSplit, double[]> fit)
    {
        var parts = new double[splits.Count][];
        return new PerSplit([.. splits.Select((s, i) => (Action)(() => parts[i] = fit(s)))], () => [.. parts.SelectMany(p => p)]);
    }

    sealed record PerSplit(IReadOnlyList<Action> Fits, Func<double[]> Results);

    /// <summary>
    /// How the expected next order dates are worked out (<see cref="NextOrderTiming"/>): the way whose dates land nearer the
    /// validation customers' actual next order, in days with both capped at the horizon (a date past it, or none, counts as
    /// the horizon's end: the median's loss where the outcome is censored). Both ways are dated as serving dates them, the
    /// churn probability <paramref name="churn"/> (served, row-aligned; null without a churn model) denying a date it
    /// contradicts. BTYD stays on a tie and where no validation customer has a rhythm to read.
    /// </summary>
    (string Method, string Reason) ChooseNextOrder(IReadOnlyList<ValidationSplit> splits, double[]? churn)
    {
        if (splits.Any(s => s.Btyd is null))
            return (NextOrderTiming.Btyd, "no BTYD model: dates by BTYD's expected purchases where a later bundle has one");
        var horizon = options.HorizonDays;
        var window = options.ChurnDays ?? horizon;
        var rows = splits.SelectMany(s => s.Valid.Select(e => (Example: e, Btyd: s.BtydAt(e.Features), s.Variation))).ToArray();
        var judged = rows.AsParallel().AsOrdered().Select((r, i) =>
        {
            var row = r.Example.Features;
            if (row.IsProspect || r.Btyd is not { IsUsable: true } btyd)
                return null;
            var denial = churn is not null && i < churn.Length ? churn[i] : double.NaN;
            var alive = btyd.ProbabilityAlive(row);
            var byBtyd = BtydFeatureModel.UnlessChurnDenies(btyd.DaysToNextPurchase(row, horizon, alive), denial, window);
            var rhythm = NextOrderTiming.ReadsRhythm(row);
            var byRhythm = rhythm
                ? BtydFeatureModel.UnlessChurnDenies(NextOrderTiming.DaysToNextOrder(NextOrderTiming.Rhythm, btyd, row, horizon, alive, r.Variation), denial, window)
                : byBtyd;
            return new DatedRow(byBtyd, byRhythm, rhythm, r.Example.Labels.DaysToNextPurchase);
        }).OfType<DatedRow>().ToList();
        var readable = judged.Count(d => d.ReadsRhythm);
        if (readable == 0)
            return (NextOrderTiming.Btyd, $"no validation customer has {NextOrderTiming.MinimumGaps} gaps between purchase days or more, a rhythm to read: dates by BTYD's expected purchases");
        string Calibration(Func<DatedRow, double?> date)
        {
            var withDate = judged.Where(d => date(d) is not null).ToList();
            return withDate.Count == 0 ? "no customer dated"
                : string.Create(CultureInfo.InvariantCulture, $"{withDate.Count:N0} dated, {(double)withDate.Count(d => d.Actual is { } a && a <= NextOrderTiming.Day(date(d)!.Value)) / withDate.Count:P0} of them ordered by it");
        }
        var btydOff = judged.Average(d => NextOrderTiming.DaysOff(d.Btyd, d.Actual, horizon));
        var rhythmOff = judged.Average(d => NextOrderTiming.DaysOff(d.Rhythm, d.Actual, horizon));
        var method = rhythmOff < btydOff ? NextOrderTiming.Rhythm : NextOrderTiming.Btyd;
        return (method,
            FormattableString.Invariant($"validation customers' next order against their date, both capped at the {horizon}-day horizon: {btydOff:0.0} days off on average by BTYD's expected purchases ({Calibration(d => d.Btyd)}), ") +
            FormattableString.Invariant($"{rhythmOff:0.0} by the customer's own rhythm ({Calibration(d => d.Rhythm)}; {readable:N0} of {judged.Count:N0} customers had {NextOrderTiming.MinimumGaps} gaps or more to read it from, the rest dated by BTYD); ") +
            (method == NextOrderTiming.Rhythm ? "dates by the customer's rhythm" : "dates by BTYD"));
    }

    /// <summary>The churn trees' validation probabilities, every split's rows in order, carried past each split's edge.</summary>
    static double[] ChurnExtrapolated(IReadOnlyList<ValidationSplit> splits, double[] probabilities)
    {
        var factors = splits.SelectMany(s => s.ChurnDormancy).ToArray();
        return factors.Length != probabilities.Length ? probabilities : [.. probabilities.Select((p, i) => 1 - ((1 - p) * factors[i]))];
    }

    /// <summary>
    /// As <see cref="ChooseDormancy"/> for the churn trees: on a validation period the higher validation AUC decides
    /// whether a customer's chance of buying in the churn window falls past the edge as BTYD's does. Customer folds cannot
    /// test it, and there the trees' answer stands: the churn trees are already blended with BTYD's no-purchase chance on
    /// validation, and carried on the fall went both ways on CDNOW cut at 1997-12-31 (AUC over every customer 0.7994 →
    /// 0.8018 on the master file, 0.7969 → 0.7937 on the sample) where the value's was the better on both.
    /// </summary>
    static (bool Extrapolate, string Reason) ChooseChurnDormancy(double[] trees, IReadOnlyList<ValidationSplit> splits, bool[] labels, bool outOfTime)
    {
        if (splits.Any(s => s.Btyd is null) || trees.Length == 0)
            return (false, "no BTYD model to carry the trees' churn probability past the longest time away they learned from");
        var past = splits.SelectMany(s => s.ChurnDormancy).Count(f => f < 1);
        var edges = EdgesOf(splits);
        if (!outOfTime || past == 0)
            return (false, $"{(outOfTime ? "no validation row is past the edge to test" : "customer folds of one snapshot cannot test")} whether the chance of buying in the churn window falls past {edges} since the last purchase as BTYD's does ({past} of {trees.Length} validation rows are past it): the trees' answer stands there, blended with BTYD's no-purchase chance as validation chose");
        var (flat, falling) = (BinaryEvaluator.Auc(trees, labels), BinaryEvaluator.Auc(ChurnExtrapolated(splits, trees), labels));
        var extrapolate = falling > flat;
        return (extrapolate, $"{past} of {trees.Length} validation rows were away longer than {edges} (the training rows' 99th percentile): validation AUC {falling:0.0000} with the chance of buying falling past it as BTYD's does, {flat:0.0000} with the trees' answer at the edge; " +
            (extrapolate ? "BTYD carries the churn probability past the edge" : "the trees' answer stands"));
    }

    static string EdgesOf(IReadOnlyList<ValidationSplit> splits)
    {
        var known = splits.Select(s => s.DormancyEdgeDays).OfType<int>().ToList();
        return known.Count == 0 ? "no edge" : known.Min() == known.Max() ? $"{known[0]} days" : $"{known.Min()}–{known.Max()} days (by fold)";
    }

    /// <summary><paramref name="predicted"/> (the hybrid trees' on every split's validation rows, in order) times each row's dormancy factor.</summary>
    static double[] Extrapolated(IReadOnlyList<ValidationSplit> splits, double[] predicted)
    {
        var factors = splits.SelectMany(s => s.Dormancy).ToArray();
        return factors.Length != predicted.Length ? predicted : [.. predicted.Select((v, i) => v * factors[i])];
    }

    /// <summary>
    /// Whether the hybrid's value is carried past the longest time away its training rows reach by BTYD
    /// (<see cref="DormancyExtrapolation"/>) or left as the trees answer at that edge. A validation period a horizon after
    /// the fit holds customers away longer than any the trees saw, and the higher validation normalized Gini decides; customer
    /// folds of one snapshot share its dates, so they cannot tell (nor can a period with no row past the edge), and BTYD
    /// carries the value on: the trees know nothing of a longer absence, and BTYD's fall of a customer's chance of being
    /// still there is the model of it.
    /// </summary>
    static (bool Extrapolate, string Reason) ChooseDormancy(double[] trees, IReadOnlyList<ValidationSplit> splits, double[] actual, bool outOfTime)
    {
        if (splits.Any(s => s.Btyd is null) || trees.Length == 0)
            return (false, "no BTYD model to carry the trees' value past the longest time away they learned from");
        var factors = splits.SelectMany(s => s.Dormancy).ToArray();
        var past = factors.Count(f => f < 1);
        var edges = EdgesOf(splits);
        if (!outOfTime || past == 0)
            return (true, $"past {edges} since the last purchase (the training rows' 99th percentile) the trees' value falls as BTYD's expected purchases do; {(outOfTime ? "no validation row is past it to test it on" : "customer folds of one snapshot cannot test it")} ({past} of {factors.Length} validation rows are past it), and serving, a horizon after the training snapshot, meets customers away longer than any the trees saw");
        var carried = Extrapolated(splits, trees);
        var (flat, falling) = (RegressionEvaluator.NormalizedGini(trees, actual), RegressionEvaluator.NormalizedGini(carried, actual));
        // A tie keeps the default of periods that cannot tell: the trees know nothing past their edge.
        var extrapolate = falling >= flat;
        return (extrapolate, $"{past} of {factors.Length} validation rows were away longer than {edges} (the training rows' 99th percentile): validation normalized Gini {falling:0.00000} with the trees' value falling past it as BTYD's expected purchases do, {flat:0.00000} with the trees' answer at the edge; " +
            (extrapolate ? "BTYD carries the value past the edge" : "the trees' answer stands"));
    }

    /// <summary>
    /// Every candidate on the validation rows; the highest normalized Gini ships (exact ties: the simpler, later in
    /// <see cref="ClvCandidates.All"/>), so the shipped one never lost to a servable baseline on validation. One
    /// exception: the hybrid ships instead of the trees without BTYD columns when it trails them by no more than
    /// <see cref="GiniTie"/> and beats every other candidate (it keeps the BTYD model and what that serves). The scale
    /// of the winner's total is then Σ actual / Σ predicted on the same rows.
    /// </summary>
    /// <param name="bestBlendGini">The best blend's validation Gini: the hybrid is judged by it when its served blend was
    /// hedged within noise of it (<see cref="ChooseBlend"/>), so that the hedge does not hand the win to another candidate.</param>
    CandidateChoice ChooseCandidate(
        double[] ml, double[]? plainTrees, string partner, double weight, double bestBlendGini, IReadOnlyList<ValidationSplit> splits, double[] actual)
    {
        var partnerValues = PartnerValues(partner, splits);
        var predictions = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [ClvCandidates.Hybrid] = [.. ml.Select((m, i) => ClvBlend.Apply(m, partnerValues[i], weight))],
        };
        if (plainTrees is not null)
        {
            predictions[ClvCandidates.Trees] = plainTrees;
            predictions[ClvCandidates.Btyd] = [.. splits.SelectMany(s => s.Valid.Select(e => ClvCandidates.RuleValue(ClvCandidates.Btyd, e.Features, options.HorizonDays, s.BtydAt(e.Features))))];
        }
        foreach (var rule in new[] { ClvCandidates.Historic, ClvCandidates.LastPeriodSpend, ClvCandidates.FirstOrder })
            predictions[rule] = [.. splits.SelectMany(s => s.Valid.Select(e => ClvCandidates.RuleValue(rule, e.Features, options.HorizonDays, null)))];

        var metrics = predictions.ToDictionary(kv => kv.Key, kv => RegressionEvaluator.Evaluate(kv.Value, actual), StringComparer.Ordinal);
        // Walked from the simplest: a more complex candidate must rank strictly better to ship (a hybrid whose blend
        // weight went to 0 gives BTYD's very values, and then BTYD is what ships).
        var ginis = metrics.ToDictionary(kv => kv.Key, kv => kv.Value.NormalizedGini, StringComparer.Ordinal);
        var hedged = bestBlendGini > ginis[ClvCandidates.Hybrid];
        if (hedged)
            ginis[ClvCandidates.Hybrid] = bestBlendGini;
        var (winner, keptBtyd) = Winner(ginis);
        var predictedSum = predictions[winner].Sum();
        // Not clamped: a rule such as last period's spend can be off by a factor of fifty on a young base, and the
        // factor that brings it back is exactly what validation is for.
        var scale = predictedSum > 0 && actual.Sum() > 0 ? actual.Sum() / predictedSum : 1;
        var scaleReason = predictedSum > 0 && actual.Sum() > 0
            ? $"Σ actual / Σ predicted of {winner} on the validation rows: {actual.Sum():0.##} / {predictedSum:0.##}"
            : "no positive total on the validation rows to scale by";
        var results = ClvCandidates.All.Where(metrics.ContainsKey).Select(name =>
        {
            var m = metrics[name];
            var sum = predictions[name].Sum();
            return new CandidateResult(name, m.NormalizedGini, m.Mae, m.SumError, null, null, null, name == winner)
            {
                Scale = sum > 0 && actual.Sum() > 0 ? actual.Sum() / sum : 1,
            };
        }).ToList();
        var reason = (keptBtyd
                ? $"{winner} ships: trees without BTYD columns led it by no more than the tie margin {GiniTie} ({string.Join(", ", results.Select(r => $"{r.Name} {r.ValidationGini:0.000}"))}), and the hybrid keeps the BTYD model that serves purchases, P(alive) and next-order dates"
                : $"{winner} had the highest validation normalized Gini ({string.Join(", ", results.Select(r => $"{r.Name} {r.ValidationGini:0.000}"))})") +
            (hedged ? $"; the hybrid judged by its best blend's {bestBlendGini:0.000}, as it serves a blend within one standard error of it" : "") +
            WithinNoise(winner, predictions, actual, metrics, options.Seed);
        var bestTrees = predictions.Keys.Where(ClvCandidates.UsesTrees).Where(c => double.IsFinite(metrics[c].NormalizedGini))
            .OrderByDescending(c => metrics[c].NormalizedGini).FirstOrDefault();
        return new CandidateChoice(winner, reason, scale, scaleReason, results, [.. predictions[winner].Select(p => p * scale)], predictions[winner],
            bestTrees is null ? [] : predictions[bestTrees]);
    }

    /// <summary>
    /// The candidate with the highest validation Gini (exact ties: the simpler), except that the hybrid ships instead of
    /// the trees without BTYD columns when it trails them by no more than <see cref="GiniTie"/> and beats every other
    /// candidate: those trees ship without a BTYD model, and with it go the purchases, P(alive) and next-order dates it
    /// serves, which a lead within the tie margin does not pay for.
    /// </summary>
    internal static (string Winner, bool KeptBtyd) Winner(IReadOnlyDictionary<string, double> ginis)
    {
        var winner = ClvCandidates.All.Where(ginis.ContainsKey).Reverse()
            .Aggregate((best, next) => ginis[next] > ginis[best] ? next : best);
        var keptBtyd = winner == ClvCandidates.Trees && ginis.TryGetValue(ClvCandidates.Hybrid, out var hybrid)
            && ginis[winner] - hybrid <= GiniTie
            && ginis.Where(kv => kv.Key is not (ClvCandidates.Trees or ClvCandidates.Hybrid)).All(kv => !(kv.Value >= hybrid));
        return keptBtyd ? (ClvCandidates.Hybrid, true) : (winner, false);
    }

    /// <summary>Paired bootstrap resamples behind <see cref="WithinNoise"/>, and the most rows one resample draws.</summary>
    public const int BootstrapResamples = 100;
    public const int BootstrapRows = 50_000;

    /// <summary>
    /// Says which simpler candidates the winner's validation lead does not separate from: a lead within one standard
    /// error of the difference, from <see cref="BootstrapResamples"/> paired bootstrap resamples of the validation rows
    /// (both candidates scored on the same resample; above <see cref="BootstrapRows"/> rows each resample draws that many
    /// and the error is scaled by √(drawn / rows)). The choice stays the highest Gini: shipping the simplest candidate
    /// within one standard error instead (CART's rule) was measured on Olist and shipped last period's spend, the worst
    /// ranker on its test period. Empty when every lead is clear; a simpler candidate ahead of the winner (the trees a
    /// kept hybrid trails, see <see cref="Winner"/>) is the winner's reason's business, not this one's.
    /// </summary>
    internal static string WithinNoise(
        string winner, IReadOnlyDictionary<string, double[]> predictions, double[] actual, IReadOnlyDictionary<string, RegressionMetrics> metrics, int seed)
    {
        var simpler = ClvCandidates.All.SkipWhile(c => c != winner).Skip(1).Where(c => metrics.ContainsKey(c) && double.IsFinite(metrics[c].NormalizedGini)).ToList();
        if (simpler.Count == 0 || actual.Length < 20 || !double.IsFinite(metrics[winner].NormalizedGini))
            return "";
        var errors = LeadStandardErrors(predictions[winner], [.. simpler.Select(c => predictions[c])], actual, seed);
        var close = new List<string>();
        for (var k = 0; k < simpler.Count; k++)
        {
            var candidate = simpler[k];
            var se = errors[k];
            var lead = metrics[winner].NormalizedGini - metrics[candidate].NormalizedGini;
            if (double.IsFinite(se) && lead >= 0 && lead <= se)
                close.Add($"{candidate} ({lead:0.000} behind, standard error {se:0.000})");
        }
        return close.Count == 0
            ? ""
            : $"; within noise of it on these validation rows: {string.Join(", ", close)} ({BootstrapResamples} paired bootstrap resamples), so the test period may rank them either way";
    }

    /// <summary>
    /// The standard error of normalized Gini(<paramref name="top"/>) − Gini(each of <paramref name="others"/>) on the rows of
    /// <paramref name="actual"/>, from <see cref="BootstrapResamples"/> paired bootstrap resamples (every ranking scored on
    /// the same resample; above <see cref="BootstrapRows"/> rows each resample draws that many and the error is scaled by
    /// √(drawn / rows)). NaN where fewer than two resamples had a positive total.
    /// </summary>
    internal static double[] LeadStandardErrors(double[] top, IReadOnlyList<double[]> others, double[] actual, int seed)
    {
        var random = new Random(seed);
        var drawn = Math.Min(actual.Length, BootstrapRows);
        // The resamples are drawn in turn from the one generator, then scored on every core (each is a few Ginis of its own)
        // and their differences gathered in resample order: the figures of scoring them one after another.
        var resamples = new int[BootstrapResamples][];
        for (var b = 0; b < BootstrapResamples; b++)
        {
            var index = resamples[b] = new int[drawn];
            for (var i = 0; i < drawn; i++)
                index[i] = random.Next(actual.Length);
        }
        var scored = new double[]?[BootstrapResamples];
        Parallel.For(0, BootstrapResamples, () => (A: new double[drawn], P: new double[drawn]), (b, _, buffers) =>
        {
            var (index, a, p) = (resamples[b], buffers.A, buffers.P);
            for (var i = 0; i < drawn; i++)
                a[i] = actual[index[i]];
            var perfect = RegressionEvaluator.Gini(a, a);
            if (!(perfect > 0))
                return buffers;
            double Normalized(double[] values)
            {
                for (var i = 0; i < drawn; i++)
                    p[i] = values[index[i]];
                return RegressionEvaluator.Gini(p, a) / perfect;
            }
            var first = Normalized(top);
            scored[b] = [.. others.Select(other => first - Normalized(other))];
            return buffers;
        }, _ => { });
        var differences = others.Select(_ => new List<double>(BootstrapResamples)).ToList();
        foreach (var resample in scored)
        {
            if (resample is null)
                continue;
            for (var k = 0; k < others.Count; k++)
                differences[k].Add(resample[k]);
        }
        return [.. differences.Select(d =>
        {
            if (d.Count < 2)
                return double.NaN;
            var mean = d.Average();
            return Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (d.Count - 1)) * Math.Sqrt(drawn / (double)actual.Length);
        })];
    }

    /// <summary>
    /// Expected purchase days: the trees (the CLV model's objective and settings on purchase counts) or the BTYD model's
    /// expected purchases, whichever has the lower validation MAE once each is scaled by its own Σ actual / Σ predicted
    /// on the same rows (that scale ships with it); where their MAEs are within noise, the lower Poisson deviance
    /// (<see cref="ByMaeThenDeviance"/>).
    /// </summary>
    /// <remarks>
    /// With <paramref name="plain"/> (the trees without BTYD columns ship for CLV) the bundle carries no BTYD model, so the
    /// only purchases it can serve are those of the same plain trees: they alone are judged, and their scale is theirs.
    /// </remarks>
    (string Candidate, double Scale, string Reason) ChooseOrders(ClvObjective objective, TreeHyperparameters hp, IReadOnlyList<ValidationSplit> splits, bool plain, double[] hybridTrees)
    {
        var actual = splits.SelectMany(s => s.OrdersValid).ToArray();
        var choices = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [ClvCandidates.Trees] = plain
                ? SideBySide.OnThePool(() => splits.SelectMany(s => s.PlainLearner.PredictClv(s.PlainLearner.FitClv(s.XFitPlain, s.OrdersFit, objective, hp), s.XValidPlain)).ToArray(), splits.Sum(s => s.XFit.Count))
                : hybridTrees,
        };
        if (!plain && splits.All(s => s.Btyd is not null))
            choices[ClvCandidates.Btyd] = [.. splits.SelectMany(s => s.Valid.Select(e => ModelTrainer.BtydPurchaseDays(s.BtydAt(e.Features)!, e.Features, options.HorizonDays)))];
        var scaled = choices.Select(kv =>
        {
            var predicted = kv.Value.Sum();
            var scale = predicted > 0 && actual.Sum() > 0 ? actual.Sum() / predicted : 1;
            return (Name: kv.Key, Scale: scale, Values: kv.Value.Select(v => v * scale).ToArray());
        }).ToList();
        var (chosen, maes, tieBreak) = ByMaeThenDeviance([.. scaled.Select(c => c.Values)], actual);
        var why = plain ? "; the shipped trees carry no BTYD model, so their purchases are the ones served" : "";
        var tie = tieBreak is { } t
            ? $"; as good within {t.Margin:0.0000} (one standard error of the MAE difference or 1 % of the MAE, the wider), the lower Poisson deviance decides, as it scores a predicted mean count where MAE favours predicting too few: {string.Join(", ", scaled.Select((c, k) => $"{c.Name} {t.Deviances[k]:0.0000}"))}"
            : "";
        return (scaled[chosen].Name, scaled[chosen].Scale,
            $"validation MAE after scaling: {string.Join(", ", scaled.Select((c, k) => $"{c.Name} {maes[k]:0.0000} (scale {c.Scale:0.000})"))}{tie}; chose {scaled[chosen].Name}{why}");
    }

    /// <summary>
    /// The index of the prediction with the lowest MAE against <paramref name="actual"/>, unless another's MAE is as good
    /// within one standard error of the difference (paired over the rows: the standard deviation of the two absolute
    /// errors' difference over √n) or 1 % of the lowest MAE, whichever is wider, and its mean Poisson deviance is lower:
    /// then the lowest deviance among those as good.
    /// Where most customers buy nothing, MAE barely tells a right mean from one spread wrongly (25,000 mostly one-time
    /// buyers, 365 days: 0.0136 for both the Tweedie trees and BTYD, against 0.0069 for predicting none), while the
    /// deviance, a proper score for an expected count, does (0.100 against 0.066); the MAE stays first, as it is the
    /// figure the card reports and a clear lead there held where the two disagreed (CDNOW master: BTYD 0.828 against the
    /// trees' 0.870 on validation, the trees' deviance 1.580 against 1.633; on test the trees' MAE 0.870 and RMSE 1.781
    /// against BTYD's 0.822 and 1.725).
    /// </summary>
    /// <returns>The chosen index, every MAE, and the tie-break's figures (the margin, every deviance) when the deviance decided.</returns>
    internal static (int Index, double[] Maes, (double Margin, double[] Deviances)? TieBreak) ByMaeThenDeviance(IReadOnlyList<double[]> predictions, double[] actual)
    {
        var maes = predictions.Select(p => RegressionEvaluator.Mae(p, actual)).ToArray();
        var best = Array.IndexOf(maes, maes.Min());
        var deviances = predictions.Select(p => PoissonDeviance(p, actual)).ToArray();
        var margins = predictions.Select(p => Math.Max(PairedStandardError(predictions[best], p, actual), maes[best] * MaeTie)).ToArray();
        var near = Enumerable.Range(0, predictions.Count)
            .Where(k => k != best && maes[k] - maes[best] <= margins[k] && deviances[k] < deviances[best])
            .OrderBy(k => deviances[k])
            .ToList();
        return near.Count == 0 ? (best, maes, null) : (near[0], maes, (margins[near[0]], deviances));
    }

    /// <summary>
    /// Mean Poisson deviance, 2·(y·ln(y/μ) − (y − μ)), with μ floored at a thousandth of the mean count so that one
    /// prediction of almost nothing for a customer who bought does not decide alone.
    /// </summary>
    internal static double PoissonDeviance(double[] predicted, double[] actual)
    {
        var floor = Math.Max(actual.Average() / 1000, 1e-12);
        double sum = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var mu = Math.Max(predicted[i], floor);
            var y = actual[i];
            sum += 2 * ((y > 0 ? y * Math.Log(y / mu) : 0) - (y - mu));
        }
        return sum / actual.Length;
    }

    static double PairedStandardError(double[] a, double[] b, double[] actual)
    {
        var n = actual.Length;
        if (n < 2)
            return 0;
        var d = new double[n];
        for (var i = 0; i < n; i++)
            d[i] = Math.Abs(a[i] - actual[i]) - Math.Abs(b[i] - actual[i]);
        var mean = d.Average();
        return Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (n - 1) / n);
    }

    sealed record CandidateChoice(string Winner, string Reason, double Scale, string ScaleReason, IReadOnlyList<CandidateResult> Results, double[] WinnerPredictions, double[] WinnerValues, double[] BestTreeValues);

    /// <summary>
    /// w·ML + (1 − w)·partner for w in 1, 0.9, …, 0 and each partner of <see cref="ClvBlend.Partners"/> (BTYD + Gamma-Gamma,
    /// the historic formula): trees rank a strong continuous input coarsely, so on small or BTYD-shaped data a blend with
    /// a ranker of another kind can beat both. The best validation Gini wins; a later weight or partner must gain more
    /// than 0.002 (the larger ML weight, then BTYD, is the simpler story).
    /// </summary>
    /// <remarks>
    /// With <paramref name="hedge"/> (a validation period), the blend then moves toward an even one: the weight nearest
    /// 0.5 whose validation Gini trails the best by no more than one standard error of the difference (paired bootstrap,
    /// <see cref="LeadStandardErrors"/>) ships. The trees' settings were chosen on the same period, so their lead there
    /// is the best case, and the next period can differ from it: on the test periods of Online Retail (90 days, a UK
    /// wholesaler's autumn) and Olist (90 days) the chosen ML-heavy blends scored 0.766 and 0.244 where even blends
    /// scored 0.781 and 0.255. Customer folds of one snapshot (CDNOW, the data-samples base) keep the best weight: there
    /// an even blend scored 0 to 0.005 less on their test folds.
    /// </remarks>
    (string Partner, double Weight, string Reason, double BestGini) ChooseBlend(double[] ml, IReadOnlyList<ValidationSplit> splits, double[] actual, bool hedge)
    {
        var best = (Partner: ClvCandidates.Btyd, Weight: 1.0, Gini: double.NegativeInfinity);
        var reasons = new List<string>();
        var blends = new List<(string Partner, double Weight, double Gini, double[] Values)>();
        foreach (var partner in ClvBlend.Partners)
        {
            var values = PartnerValues(partner, splits);
            if (ml.Length == 0 || values.Length != ml.Length || values.All(double.IsNaN))
            {
                reasons.Add($"{partner}: no usable prediction");
                continue;
            }
            var ginis = new List<string>();
            for (var step = 10; step >= 0; step--)
            {
                var w = step / 10.0;
                double[] blended = [.. ml.Select((m, i) => ClvBlend.Apply(m, values[i], w))];
                var gini = RegressionEvaluator.NormalizedGini(blended, actual);
                ginis.Add($"{w:0.0}: {gini:0.000}");
                // Kept only for the hedge: 22 copies of a million validation rows would be 176 MB.
                if (hedge)
                    blends.Add((partner, w, gini, blended));
                if (gini > best.Gini + 0.002)
                    best = (partner, w, gini);
            }
            reasons.Add($"with {partner} ({string.Join(", ", ginis)})");
        }
        var found = $"validation normalized Gini by ML weight {string.Join("; ", reasons)}";
        var chosen = best.Weight >= 1 ? $"ML alone" : $"{best.Weight:0.0} with {best.Partner}";
        if (hedge && Hedged(blends, best, actual, options.Seed) is { } even)
        {
            return (even.Partner, even.Weight,
                $"{found}; best {chosen}, hedged to {even.Weight:0.0} with {even.Partner} ({even.Lead:0.000} behind it, within one standard error {even.StandardError:0.000} of " +
                $"{BootstrapResamples} paired bootstrap resamples): the trees were chosen on this one period, and an even blend holds better when the next period differs", best.Gini);
        }
        return best.Weight >= 1
            ? (ClvCandidates.Btyd, 1, $"{found}; chose ML alone", best.Gini)
            : (best.Partner, best.Weight, $"{found}; chose {chosen}", best.Gini);
    }

    /// <summary>
    /// Of the blends nearer an even blend than the best one, the nearest (then the higher Gini) whose validation Gini trails
    /// the best by no more than one standard error of the difference; null when none does, or the best is already even.
    /// </summary>
    internal static (string Partner, double Weight, double Lead, double StandardError)? Hedged(
        IReadOnlyList<(string Partner, double Weight, double Gini, double[] Values)> blends, (string Partner, double Weight, double Gini) best, double[] actual, int seed)
    {
        if (!double.IsFinite(best.Gini) || actual.Length < 20)
            return null;
        var top = blends.First(b => b.Partner == best.Partner && b.Weight == best.Weight);
        static double FromEven(double w) => Math.Abs(w - 0.5);
        var nearer = blends.Where(b => FromEven(b.Weight) < FromEven(best.Weight) - 1e-9 && double.IsFinite(b.Gini)).ToList();
        if (nearer.Count == 0)
            return null;
        var errors = LeadStandardErrors(top.Values, [.. nearer.Select(b => b.Values)], actual, seed);
        return nearer.Select((b, k) => (b.Partner, b.Weight, Lead: best.Gini - b.Gini, StandardError: errors[k], b.Gini))
            .Where(b => double.IsFinite(b.StandardError) && b.Lead <= b.StandardError)
            .OrderBy(b => FromEven(b.Weight)).ThenByDescending(b => b.Gini)
            .Select(b => ((string, double, double, double)?)(b.Partner, b.Weight, b.Lead, b.StandardError))
            .FirstOrDefault();
    }

    /// <summary>A blend partner's values on the validation rows, row-aligned with the splits' validation rows.</summary>
    double[] PartnerValues(string partner, IReadOnlyList<ValidationSplit> splits) =>
        partner == ClvCandidates.Btyd
            ? [.. splits.SelectMany(s => s.BtydSpend)]
            : [.. splits.SelectMany(s => s.Valid.Select(e => ClvBlend.PartnerValue(partner, e.Features, options.HorizonDays, null)))];

    /// <summary>
    /// w·trees + (1 − w)·P(no purchase in the churn window) from BTYD, for w in 1, 0.9, …, 0, by
    /// validation AUC; the trees alone unless the blend gains at least 0.001. On small bases a
    /// one-feature rule can out-rank the trees, and the blend keeps the better of both.
    /// </summary>
    static (double TreeWeight, string Reason) ChooseChurnBlend(double[] trees, IReadOnlyList<ValidationSplit> splits, bool[] labels)
    {
        var btyd = splits.SelectMany(s => s.BtydNoPurchase).ToArray();
        if (trees.Length == 0 || btyd.Length != trees.Length || btyd.All(double.IsNaN))
            return (1, "no usable BTYD prediction: trees alone");
        var best = (Weight: 1.0, Auc: double.NegativeInfinity);
        var aucs = new List<string>();
        for (var step = 10; step >= 0; step--)
        {
            var w = step / 10.0;
            var auc = BinaryEvaluator.Auc(trees.Select((t, i) => ChurnBlend.Apply(t, btyd[i], w)).ToArray(), labels);
            aucs.Add($"{w:0.0}: {auc:0.000}");
            if (auc > best.Auc + 0.001)
                best = (w, auc);
        }
        return (best.Weight, $"validation AUC by tree weight ({string.Join(", ", aucs)}); chose {best.Weight:0.0}");
    }

    ValidationSplit Split(IReadOnlyList<CustomerExample> fit, IReadOnlyList<CustomerExample> valid)
    {
        var newest = ModelTrainer.Newest(fit).Select(e => e.Features).ToList();
        // Out of time, every row's BTYD columns come from the fit at its own date (registered by the trainer); the validation
        // rows' BTYD candidate is the fit at their date.
        var scorer = (newest.Count > 0 ? pit?.At(newest[0].AsOf) : null) ?? DerivedColumns.Fit(newest, btydKind, options.HorizonDays);
        BtydFeatureModel? BtydAt(FeatureRow row) => (pit?.For(row, scorer) ?? scorer).Btyd;
        var vectorizer = FeatureVectorizer.Fit(newest, catalog, scorer.Columns);
        var plainScorer = DerivedColumns.Fit([], null, options.HorizonDays);
        var plainVectorizer = scorer.Btyd is null ? vectorizer : FeatureVectorizer.Fit(newest, catalog, plainScorer.Columns);
        var encodePlain = !contract && scorer.Btyd is not null;
        var xFit = ModelTrainer.Encode(vectorizer, scorer, fit, pit);
        var xValid = ModelTrainer.Encode(vectorizer, scorer, valid, pit);
        // The plain trees read the same table without the BTYD columns: a selection of the encoded slots, not a second copy.
        var plainSlots = encodePlain ? plainVectorizer.SlotsIn(vectorizer) : null;
        var edge = DormancyExtrapolation.EdgeOf(fit.Select(e => e.Features));
        return new ValidationSplit(
            new Learner(ml, vectorizer.SlotCount),
            xFit,
            xValid,
            [.. fit.Select(e => e.Labels.FutureSpend)],
            [.. valid.Select(e => e.Labels.FutureSpend)],
            [.. fit.Select(e => e.Labels.Churned)],
            [.. valid.Select(e => e.Labels.Churned)],
            [.. valid.Select(e => BtydAt(e.Features)?.ExpectedSpend(e.Features, options.HorizonDays) ?? double.NaN)],
            [.. valid.Select(e => ChurnBlend.NoPurchase(BtydAt(e.Features), e.Features, options.ChurnDays ?? options.HorizonDays))],
            [.. fit.Select(e => (double)e.Labels.FuturePurchaseDays)],
            [.. valid.Select(e => (double)e.Labels.FuturePurchaseDays)],
            valid,
            scorer.Btyd,
            BtydAt,
            new Learner(ml, plainVectorizer.SlotCount),
            !encodePlain ? new FeatureMatrix(0, 0) : plainSlots is not null ? xFit.Select(plainSlots) : ModelTrainer.Encode(plainVectorizer, plainScorer, fit),
            !encodePlain ? new FeatureMatrix(0, 0) : plainSlots is not null ? xValid.Select(plainSlots) : ModelTrainer.Encode(plainVectorizer, plainScorer, valid))
        {
            DormancyEdgeDays = edge,
            Variation = NextOrderTiming.BaseVariation(newest),
            // Two BTYD expectations per row past the edge (a quarter of a marketplace's validation period): on every core,
            // each row's factor in its own place.
            Dormancy = [.. valid.AsParallel().AsOrdered().Select(e => DormancyExtrapolation.Factor(BtydAt(e.Features), e.Features, edge, options.HorizonDays))],
            // The trees' churn probability 0 carried past the edge: 1 − it is each row's factor on the chance of buying.
            ChurnDormancy = [.. valid.AsParallel().AsOrdered().Select(e => 1 - DormancyExtrapolation.Churn(0, BtydAt(e.Features), e.Features, edge, options.ChurnDays ?? options.HorizonDays))],
        };
    }

    /// <summary>A validation customer's next order date by each way (<see cref="ChooseNextOrder"/>) and the days to their actual next order.</summary>
    sealed record DatedRow(double? Btyd, double? Rhythm, bool ReadsRhythm, int? Actual);

    sealed record ValidationSplit(
        Learner Learner, FeatureMatrix XFit, FeatureMatrix XValid, double[] SpendFit, double[] SpendValid,
        bool[] ChurnFit, bool[] ChurnValid, double[] BtydSpend, double[] BtydNoPurchase,
        double[] OrdersFit, double[] OrdersValid, IReadOnlyList<CustomerExample> Valid, BtydFeatureModel? Btyd,
        Func<FeatureRow, BtydFeatureModel?> BtydAt,
        Learner PlainLearner, FeatureMatrix XFitPlain, FeatureMatrix XValidPlain)
    {
        /// <summary>The fit rows' <see cref="DormancyExtrapolation.EdgeOf"/>.</summary>
        public int? DormancyEdgeDays { get; init; }

        /// <summary>The fit's newest snapshot's <see cref="NextOrderTiming.BaseVariation"/>.</summary>
        public double Variation { get; init; } = NextOrderTiming.PoissonVariation;

        /// <summary>Each validation row's <see cref="DormancyExtrapolation.Factor"/> for the trees with BTYD columns, as serving would apply it.</summary>
        public double[] Dormancy { get; init; } = [];

        /// <summary>Each validation row's factor on the chance of buying in the churn window (<see cref="DormancyExtrapolation.Churn"/>).</summary>
        public double[] ChurnDormancy { get; init; } = [];
    }
}

internal sealed record SearchResult(
    ClvObjective ClvObjective,
    string ObjectiveReason,
    TreeHyperparameters ClvHyperparameters,
    TreeHyperparameters ChurnHyperparameters,
    double ChurnThreshold,
    double BlendWeight,
    string BlendReason,
    double ClvScale,
    double ChurnTreeWeight,
    string ChurnBlendReason,
    IReadOnlyList<ObjectiveComparison> ObjectiveComparison,
    IReadOnlyList<SearchTrial> Trials,
    double Seconds,
    string Validation)
{
    /// <summary>The CLV candidate that won on the validation rows (<see cref="ClvCandidates"/>).</summary>
    public string Candidate { get; init; } = ClvCandidates.Hybrid;

    /// <summary>What the trees are blended with (<see cref="ClvBlend.Partners"/>).</summary>
    public string BlendPartner { get; init; } = ClvCandidates.Btyd;
    public string CandidateReason { get; init; } = "";
    public string? ScaleReason { get; init; }
    public IReadOnlyList<CandidateResult> Candidates { get; init; } = [];

    /// <summary>The winner's scaled predictions and the actual spend on the validation rows, row-aligned (interval bands).</summary>
    public double[] ValidationPredicted { get; init; } = [];
    public double[] ValidationActual { get; init; } = [];

    /// <summary>The unscaled validation predictions of the tree candidate (hybrid or trees) with the higher validation Gini, row-aligned; empty when none was evaluated.</summary>
    public double[] ValidationTreeValues { get; init; } = [];

    /// <summary>The winner's unscaled predictions on the validation rows, row-aligned (what the chosen models give there before any scale).</summary>
    public double[] ValidationValues { get; init; } = [];
    public double OrdersScale { get; init; } = 1;

    /// <summary><see cref="ClvCandidates.Trees"/> or <see cref="ClvCandidates.Btyd"/>: what the expected purchases come from.</summary>
    public string OrdersCandidate { get; init; } = ClvCandidates.Trees;
    public string? OrdersReason { get; init; }

    /// <summary>Whether the hybrid's value past the training rows' longest time away falls as BTYD's expected purchases do (<see cref="DormancyExtrapolation"/>), and why.</summary>
    public bool ExtrapolateDormancy { get; init; }
    public string? DormancyReason { get; init; }

    /// <summary>Whether the churn trees' chance of buying past the same edge falls as BTYD's does, and why.</summary>
    public bool ExtrapolateChurnDormancy { get; init; }
    public string? ChurnDormancyReason { get; init; }

    /// <summary>How the expected next order dates are worked out (<see cref="NextOrderTiming"/>), and why.</summary>
    public string NextOrderMethod { get; init; } = NextOrderTiming.Btyd;
    public string? NextOrderReason { get; init; }

    /// <summary>Out of time, where the level of the served totals comes from (set by the trainer); null: the winner's own validation scale.</summary>
    public TotalsAnchor? Totals { get; init; }

    /// <summary>The same for the expected purchases' totals.</summary>
    public TotalsAnchor? PurchaseTotals { get; init; }
}
