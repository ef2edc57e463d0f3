using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Held-out predictions of the models and of every baseline, row-aligned, gathered over the splits
/// of one evaluation (one split out-of-time, k splits for k-fold).
/// </summary>
internal sealed class HeldOut
{
    /// <summary>
    /// What the card says of a test period whose totals a rule anchor gave way to BTYD for, its mix of new customers having
    /// moved since the validation origin (<see cref="TotalsAnchor.MovedNote"/>).
    /// </summary>
    public List<string> TotalsNotes { get; } = [];

    public List<double> Clv { get; } = [];
    public List<double> Spend { get; } = [];
    public List<double> Orders { get; } = [];
    public List<double> Purchases { get; } = [];
    public List<double> Churn { get; } = [];
    public List<bool> Churned { get; } = [];
    public List<string> CustomerIds { get; } = [];

    /// <summary>The scale the last split's held-out CLV predictions carry (<see cref="Clv"/>); NaN before one is added.</summary>
    public double ClvScale { get; set; } = double.NaN;

    readonly List<double> _foldAuc = [];
    readonly Dictionary<string, List<double>> _clvBaselines = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<double>> _churnBaselines = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _descriptions = new(StringComparer.Ordinal);
    readonly List<(double Main, double Dedicated, double FirstOrder, double Actual, bool HasDedicated)> _cold = [];
    int _splitStart;
    readonly List<double> _pureMlClv = [];
    readonly List<double> _pureMlChurn = [];
    readonly Dictionary<string, List<double>> _candidates = new(StringComparer.Ordinal);
    readonly List<double[]?> _spendByMonth = [];
    readonly List<double> _btydPurchases = [];
    readonly List<(int Row, double[] Shares)> _monthShares = [];

    /// <summary>Customers per split whose BTYD time profile splits the horizon's total by month (a systematic sample).</summary>
    internal const int MonthProfileSample = 20_000;

    public int Count => Clv.Count;

    readonly List<double> _shippedUnscaled = [];
    readonly HashSet<string> _shippedCandidates = new(StringComparer.Ordinal);

    /// <summary>The shipped candidate's values for the rows of the last <see cref="Add"/> before its split's scale, and its name.</summary>
    public void AddShipped(string candidate, IReadOnlyList<double> unscaled)
    {
        _shippedCandidates.Add(candidate);
        _shippedUnscaled.AddRange(unscaled);
    }

    /// <summary>
    /// The held-out CLV metrics of what was served. Every split scales the shipped values by its own factor, which moves
    /// totals and never the order within a split; pooled over customer folds, though, the factors differ a little and
    /// reorder customers between folds, which serving (one scale) never does. When every split shipped the same rule
    /// (not trees: the same function of the features in each), the ranking figures (Gini, Spearman) are those of its
    /// values before the scales, as its baseline row has them: on 300 B2B accounts in five folds the shipped historic
    /// formula was graded 0.800 against its own baseline row's 0.814. Trees differ by fold, and one split has one scale,
    /// so their figures are the served values' as before.
    /// </summary>
    public RegressionMetrics ClvMetrics()
    {
        var actual = Spend.ToArray();
        var served = RegressionEvaluator.Evaluate(Clv.ToArray(), actual);
        if (_shippedCandidates.Count != 1 || ClvCandidates.UsesTrees(_shippedCandidates.First()) || _shippedUnscaled.Count != Count)
            return served;
        var ranked = RegressionEvaluator.Evaluate(_shippedUnscaled.ToArray(), actual);
        return served with { Gini = ranked.Gini, PerfectGini = ranked.PerfectGini, NormalizedGini = ranked.NormalizedGini, Spearman = ranked.Spearman };
    }

    public void Add(IReadOnlyList<CustomerExample> test, Predictions predictions)
    {
        _splitStart = Count;
        Clv.AddRange(predictions.Clv);
        Orders.AddRange(predictions.Orders);
        Churn.AddRange(predictions.Churn);
        foreach (var example in test)
        {
            Spend.Add(example.Labels.FutureSpend);
            Purchases.Add(example.Labels.FuturePurchaseDays);
            Churned.Add(example.Labels.Churned);
            CustomerIds.Add(example.Features.CustomerId);
            _spendByMonth.Add(example.Labels.SpendByMonth);
        }
        var labels = test.Select(e => e.Labels.Churned).ToArray();
        _foldAuc.Add(labels.Distinct().Count() == 2 ? BinaryEvaluator.Auc(predictions.Churn, labels) : double.NaN);
    }

    int _dated, _datedBought, _undated, _undatedBought;
    double _daysOff;

    /// <summary>
    /// Counts, for <see cref="NextOrder"/>, who of the test customers ordered by their expected next order date, dated as
    /// serving dates them: no date where the served churn probability (<paramref name="churn"/>, row-aligned with the
    /// split's test rows) denies it.
    /// </summary>
    public void AddNextOrder(Split split, IReadOnlyList<double> churn, int horizonDays, int churnWindowDays, BtydFeatureModel? btyd, string method, double baseVariation)
    {
        if (btyd is not { IsUsable: true })
            return;
        for (int i = 0; i < split.Test.Count; i++)
        {
            var example = split.Test[i];
            if (example.Features.IsProspect)
                continue;
            var bought = example.Labels.DaysToNextPurchase;
            var date = BtydFeatureModel.UnlessChurnDenies(NextOrderTiming.DaysToNextOrder(method, btyd, example.Features, horizonDays, btyd.ProbabilityAlive(example.Features), baseVariation), churn[i], churnWindowDays);
            _daysOff += NextOrderTiming.DaysOff(date, bought, horizonDays);
            if (date is { } days)
            {
                _dated++;
                // The date is the cutoff plus the days rounded up; an order on that day counts.
                if (bought is { } b && b <= NextOrderTiming.Day(days))
                    _datedBought++;
            }
            else
            {
                _undated++;
                if (bought is not null)
                    _undatedBought++;
            }
        }
    }

    public NextOrderCalibration? NextOrder() => _dated + _undated == 0
        ? null
        : new NextOrderCalibration(_dated, _dated == 0 ? double.NaN : (double)_datedBought / _dated,
            _undated, _undated == 0 ? double.NaN : (double)_undatedBought / _undated)
        { MeanDaysOff = _daysOff / (_dated + _undated) };

    /// <summary>The BTYD baseline's name: the transaction model's (<c>--btyd-model</c>'s name) with Gamma-Gamma, e.g. bgnbd-gamma-gamma.</summary>
    public static string BtydBaseline(BtydModelKind kind) => $"{BtydKindChoice.Name(kind)}-gamma-gamma";

    string? _btydBaseline;
    public const string BtydChurnBaseline = "btyd-no-purchase";

    public void AddPureMl(Predictions predictions)
    {
        _pureMlClv.AddRange(predictions.Clv);
        _pureMlChurn.AddRange(predictions.Churn);
    }

    /// <summary>Unscaled held-out values of every CLV candidate for the rows of the last <see cref="Add"/>.</summary>
    public void AddCandidates(IReadOnlyDictionary<string, double[]> candidates)
    {
        foreach (var (name, values) in candidates)
        {
            if (!_candidates.TryGetValue(name, out var list))
                _candidates[name] = list = [];
            list.AddRange(values);
        }
    }

    /// <summary>
    /// The validation figures of every candidate with its test-period figures beside them, each candidate's values
    /// multiplied by its own validation scale (how far its own level carried; where a totals anchor sets the level, any
    /// candidate shipped would have served the anchor's total), the shipped one as served; only candidates present in
    /// every split (<see cref="CandidateResult.TestTotalBasis"/>).
    /// </summary>
    public IReadOnlyList<CandidateResult> CandidateResults(IReadOnlyList<CandidateResult> validation)
    {
        var actual = Spend.ToArray();
        return [.. validation.Select(v =>
        {
            if (!_candidates.TryGetValue(v.Name, out var values) || values.Count != Count)
                return v;
            // The shipped one is shown as served: out of time its level may come from a totals anchor, not its own scale.
            var metrics = v.Shipped ? ClvMetrics() : RegressionEvaluator.Evaluate([.. values.Select(x => x * v.Scale)], actual);
            return v with { TestGini = metrics.NormalizedGini, TestMae = metrics.Mae, TestTotalError = metrics.SumError };
        })];
    }

    /// <summary>
    /// Summed prediction against summed actual spend in each calendar month of the horizon; null when the labels were
    /// not split by month. Each prediction is spread over the months as the BTYD model expects the customer's purchases
    /// to fall (<see cref="MonthShares"/>): a customer who may drop out buys sooner rather than later, so a base's spend
    /// falls off over a long horizon. The shares are those of a systematic sample of each split's customers, weighted
    /// by their predictions; without a BTYD model each prediction is spread evenly over the horizon's days. Given
    /// <paramref name="timing"/> (the renewals' months of a billing history), that spread is used instead. With
    /// <paramref name="calendar"/>, the months are weighted by the base's seasonal index as well (the same total).
    /// </summary>
    public IReadOnlyList<PeriodTotal>? TotalsByMonth(DateOnly cutoff, int horizonDays, SeasonalIndex? calendar = null, double[]? timing = null)
    {
        if (Count == 0 || _spendByMonth.Any(m => m is null))
            return null;
        var months = FeatureBuilder.HorizonMonths(cutoff, horizonDays);
        var predictedTotal = Clv.Sum();
        var profile = timing is { } given && given.Length == months.Count ? given : Profile(_monthShares.Select(r => (Clv[r.Row], r.Shares)), months, horizonDays);
        if (calendar is not null)
            profile = calendar.Apply(profile, months);
        var result = new List<PeriodTotal>(months.Count);
        for (var m = 0; m < months.Count; m++)
        {
            var (from, to) = months[m];
            var predicted = predictedTotal * profile[m];
            var actual = _spendByMonth.Sum(s => s![m]);
            result.Add(new PeriodTotal(from, to, predicted, actual, actual != 0 ? (predicted - actual) / actual : double.NaN));
        }
        return result;
    }

    /// <summary>
    /// How the predicted total over a horizon starting after <paramref name="rows"/>' date falls across its calendar
    /// months (<see cref="FeatureBuilder.HorizonMonths"/>): <see cref="MonthShares"/> of a systematic sample of at most
    /// <see cref="MonthProfileSample"/> rows, weighted by their <paramref name="values"/>; the days' shares without a
    /// usable BTYD model.
    /// </summary>
    internal static double[] MonthProfile(IReadOnlyList<CustomerExample> rows, IReadOnlyList<double> values, BtydFeatureModel? btyd, int horizonDays) =>
        MonthProfile(rows, i => values[i], btyd, horizonDays);

    /// <summary>As above, each sampled row's weight worked out by <paramref name="valueOf"/> (its index in <paramref name="rows"/>) when it is sampled.</summary>
    internal static double[] MonthProfile(IReadOnlyList<CustomerExample> rows, Func<int, double> valueOf, BtydFeatureModel? btyd, int horizonDays)
    {
        var months = FeatureBuilder.HorizonMonths(rows[0].Features.AsOf, horizonDays);
        var sampled = btyd is { IsUsable: true }
            ? Sampled(rows.Count).Select(i => (valueOf(i), MonthShares(btyd, rows[i].Features, horizonDays)))
            : [];
        return Profile(sampled, months, horizonDays);
    }

    /// <summary>The rows of a systematic sample of at most about <see cref="MonthProfileSample"/> of <paramref name="count"/> rows.</summary>
    static IEnumerable<int> Sampled(int count)
    {
        var stride = Math.Max(1, count / MonthProfileSample);
        for (var i = 0; i < count; i += stride)
            yield return i;
    }

    /// <summary>The rows' actual spend in each calendar month of the horizon; null without labels split by month.</summary>
    internal static double[]? ActualByMonth(IReadOnlyList<CustomerExample> rows)
    {
        if (rows.Count == 0 || rows.Any(r => r.Labels.SpendByMonth is null))
            return null;
        var actual = new double[rows[0].Labels.SpendByMonth!.Length];
        foreach (var row in rows)
        {
            for (var m = 0; m < actual.Length; m++)
                actual[m] += row.Labels.SpendByMonth![m];
        }
        return actual;
    }

    /// <summary>The shares of the sampled customers weighted by their (non-negative, finite) predictions; the days' shares without any.</summary>
    static double[] Profile(IEnumerable<(double Value, double[] Shares)> sampled, IReadOnlyList<(DateOnly From, DateOnly To)> months, int horizonDays)
    {
        var usable = sampled.Where(r => r.Shares.Length == months.Count).Select(r => (Weight: double.IsFinite(r.Value) ? Math.Max(0, r.Value) : 0, r.Shares)).ToList();
        var weight = usable.Sum(r => r.Weight);
        return weight > 0
            ? [.. Enumerable.Range(0, months.Count).Select(m => usable.Sum(r => r.Weight * r.Shares[m]) / weight)]
            : EvenShares(months, horizonDays);
    }

    /// <summary>
    /// The share of a customer's expected purchases over the horizon that falls in each calendar month of it:
    /// (E(tₘ) − E(tₘ₋₁)) / E(h), E(t) the BTYD model's conditional expected purchases over the first t days after the
    /// cutoff and tₘ the last day of month m; even shares by days where the model has no expectation for the customer.
    /// </summary>
    internal static double[] MonthShares(BtydFeatureModel btyd, FeatureRow row, int horizonDays)
    {
        var months = FeatureBuilder.HorizonMonths(row.AsOf, horizonDays);
        var shares = new double[months.Count];
        var total = btyd.ExpectedPurchases(row, horizonDays);
        var before = 0.0;
        for (var m = 0; m < months.Count; m++)
        {
            var days = months[m].To.DayNumber - row.AsOf.DayNumber;
            var cumulative = m == months.Count - 1 ? total : btyd.ExpectedPurchases(row, days);
            shares[m] = cumulative - before;
            before = cumulative;
        }
        if (total > 0 && double.IsFinite(total) && shares.All(v => double.IsFinite(v) && v >= 0))
            return [.. shares.Select(v => v / total)];
        return EvenShares(months, horizonDays);
    }

    /// <summary>Each month's share of the horizon's days.</summary>
    static double[] EvenShares(IReadOnlyList<(DateOnly From, DateOnly To)> months, int horizonDays) =>
        [.. months.Select(m => (double)(m.To.DayNumber - m.From.DayNumber + 1) / horizonDays)];

    public void AddBaselines(Split split, int horizonDays, BtydFeatureModel? btyd)
    {
        if (btyd is not null)
            _btydPurchases.AddRange(split.Test.Select(e => ModelTrainer.BtydPurchaseDays(btyd, e.Features, horizonDays)));
        if (btyd is { IsUsable: true } && split.Test.Count > 0 && split.Test[0].Labels.SpendByMonth is not null)
        {
            foreach (var i in Sampled(split.Test.Count))
                _monthShares.Add((_splitStart + i, MonthShares(btyd, split.Test[i].Features, horizonDays)));
        }
        if (btyd is not null)
            Append(_clvBaselines, _btydBaseline ??= BtydBaseline(btyd.Kind), $"{btyd.Kind} expected purchases × Gamma-Gamma expected spend over the horizon, fitted on the training rows (prospects: 0)",
                split.Test.Select(e => Finite(btyd.ExpectedSpend(e.Features, horizonDays))));
        Append(_clvBaselines, Baselines.Historic, "average ticket × purchase rate (purchase days per day of tenure, tenure ≥ 30 days) × horizon",
            split.Test.Select(e => HistoricFormula.Value(e.Features, horizonDays)));
        Append(_clvBaselines, Baselines.Rfm, "RFM quintile cell (recency, frequency, monetary) → mean future spend of that cell in the training rows",
            Baselines.RfmCellMean(split.Train, split.Test, out _));
        Append(_clvBaselines, Baselines.FirstOrder, "the first order's value (for new customers the only thing known)",
            split.Test.Select(e => Math.Max(0, e.Features.FirstTicket)));
        Append(_clvBaselines, Baselines.LastPeriodSpend, "the net spend of the horizon-length window before the cutoff, as the next window's",
            split.Test.Select(e => Math.Max(0, e.Features.SpendLastHorizon)));
    }

    /// <remarks>
    /// The BTYD churn score is P(no purchase in the window) ≈ exp(−E[purchases in the window]), which
    /// matches the label; 1 − P(alive) would not, because BG/NBD calls every one-time buyer alive.
    /// </remarks>
    public void AddChurnBaselines(Split split, IReadOnlyList<FeatureDefinition> catalog, bool contract, BtydFeatureModel? btyd, int churnWindowDays)
    {
        if (btyd is not null)
            Append(_churnBaselines, BtydChurnBaseline, $"exp(−{btyd.Kind} expected purchases in the churn window), fitted on the training rows (prospects: 1)",
                split.Test.Select(e => btyd.ExpectedPurchases(e.Features, churnWindowDays) is var n && double.IsFinite(n) ? Math.Exp(-n) : 1));
        if (!contract)
            Append(_churnBaselines, Baselines.Recency, "days since the last purchase (longer = more likely to churn)", Baselines.RecencyScores(split.Test));
        var (feature, scores) = Baselines.BestSingleFeature(split.Train, split.Test, catalog);
        Append(_churnBaselines, Baselines.OneRule, $"the single numeric feature that best ranks churners in the training rows (here: {feature})", scores);
    }

    /// <summary>The brand-new customers among the rows of the last <see cref="Add"/>, scored as served and by <paramref name="dedicated"/>.</summary>
    public void AddColdStart(Split split, ColdStartModel? dedicated) =>
        AddColdStart(split.Test, Clv.GetRange(_splitStart, split.Test.Count), dedicated);

    /// <summary>The brand-new customers among <paramref name="test"/>, with <paramref name="served"/> their served values (row-aligned).</summary>
    public void AddColdStart(IReadOnlyList<CustomerExample> test, IReadOnlyList<double> served, ColdStartModel? dedicated)
    {
        var cohort = new List<int>();
        for (var i = 0; i < test.Count; i++)
        {
            if (ColdStartCohort.Contains(test[i].Features))
                cohort.Add(i);
        }
        double[]? dedicatedPredictions = null;
        if (dedicated is not null && cohort.Count > 0)
        {
            var rows = cohort.Select(i => test[i]).ToList();
            dedicatedPredictions = dedicated.Layout.Learner.PredictClv(dedicated.Clv, ModelTrainer.Encode(dedicated.Layout.Vectorizer, dedicated.Layout.Scorer, rows));
        }
        for (var c = 0; c < cohort.Count; c++)
        {
            var example = test[cohort[c]];
            _cold.Add((served[cohort[c]], dedicatedPredictions?[c] ?? double.NaN,
                Math.Max(0, example.Features.FirstTicket), example.Labels.FutureSpend, dedicatedPredictions is not null));
        }
    }

    /// <summary>
    /// Baselines with a value for every held-out row. The BTYD baselines exist only where a split's BTYD model could
    /// be fitted: on a young base some k-fold training folds hold fewer than 20 repeat buyers (Olist from 2018-01 at a
    /// 180-day horizon), and a baseline of some folds cannot be compared with models judged on all of them.
    /// </summary>
    public IReadOnlyList<BaselineResult> ClvBaselineResults()
    {
        var actual = Spend.ToArray();
        return [.. _clvBaselines.Where(kv => kv.Value.Count == Count).Select(kv =>
        {
            var metrics = RegressionEvaluator.Evaluate(kv.Value.ToArray(), actual);
            return new BaselineResult(kv.Key, _descriptions[kv.Key], metrics.NormalizedGini, metrics.Mae, metrics.Rmse);
        })];
    }

    /// <summary>
    /// The standard error of the served model's normalized Gini lead over the baseline <paramref name="name"/> on these
    /// rows, from paired bootstrap resamples as the validation choices use (<see cref="HyperparameterSearch.LeadStandardErrors"/>);
    /// for churn, the Gini of the probabilities against the 0/1 labels (2·AUC − 1). NaN when the baseline lacks a value
    /// for some row, or with fewer than 20 rows.
    /// </summary>
    public double LeadStandardError(string name, bool churn, int seed)
    {
        var baselines = churn ? _churnBaselines : _clvBaselines;
        if (!baselines.TryGetValue(name, out var values) || values.Count != Count || Count < 20)
            return double.NaN;
        return churn
            ? HyperparameterSearch.LeadStandardErrors([.. Churn], [[.. values]], [.. Churned.Select(c => c ? 1.0 : 0.0)], seed)[0]
            : HyperparameterSearch.LeadStandardErrors([.. Clv], [[.. values]], [.. Spend], seed)[0];
    }

    public IReadOnlyList<BaselineResult> ChurnBaselineResults()
    {
        var labels = Churned.ToArray();
        return [.. _churnBaselines.Where(kv => kv.Value.Count == Count).Select(kv =>
        {
            var auc = BinaryEvaluator.Auc(kv.Value.ToArray(), labels);
            return new BaselineResult(kv.Key, _descriptions[kv.Key], (2 * auc) - 1, null, null, auc);
        })];
    }

    /// <summary>Only when every split had a usable BTYD model, so the three are compared on the same rows.</summary>
    public HybridComparison? HybridComparison(BinaryMetrics hybridChurn)
    {
        if (_pureMlClv.Count != Count || Count == 0 || !_candidates.TryGetValue(ClvCandidates.Hybrid, out var hybridValues) || hybridValues.Count != Count)
            return null;
        var hybrid = RegressionEvaluator.Evaluate(hybridValues.ToArray(), Spend.ToArray());
        var pureMl = RegressionEvaluator.Evaluate(_pureMlClv.ToArray(), Spend.ToArray());
        var pureMlAuc = BinaryEvaluator.Auc(_pureMlChurn.ToArray(), Churned.ToArray());
        double? btydGini = _btydBaseline is not null && _clvBaselines.TryGetValue(_btydBaseline, out var b) && b.Count == Count
            ? RegressionEvaluator.NormalizedGini(b.ToArray(), Spend.ToArray()) : null;
        double? btydAuc = _churnBaselines.TryGetValue(BtydChurnBaseline, out var c) && c.Count == Count
            ? BinaryEvaluator.Auc(c.ToArray(), Churned.ToArray()) : null;
        var beatsMl = hybrid.NormalizedGini > pureMl.NormalizedGini;
        var beatsBtyd = btydGini is null || hybrid.NormalizedGini > btydGini;
        var verdict = (beatsMl, beatsBtyd) switch
        {
            (true, true) => "the hybrid beats both pure ML and pure BTYD on held-out CLV Gini",
            (true, false) => "the hybrid beats pure ML but not pure BTYD on held-out CLV Gini",
            (false, true) => "the hybrid beats pure BTYD but not pure ML on held-out CLV Gini: the BTYD features add nothing here",
            _ => "the hybrid beats neither pure ML nor pure BTYD on held-out CLV Gini",
        };
        return new HybridComparison(hybrid.NormalizedGini, pureMl.NormalizedGini, btydGini, hybridChurn.Auc, pureMlAuc, btydAuc, verdict);
    }

    /// <summary>The BTYD model's expected purchase days on the held-out rows (unscaled), scored: the purchases baseline.</summary>
    public RegressionMetrics? BtydPurchases() =>
        _btydPurchases.Count == Count && Count > 0 ? RegressionEvaluator.Evaluate(_btydPurchases.ToArray(), Purchases.ToArray()) : null;

    static double Finite(double value) => double.IsFinite(value) ? Math.Max(0, value) : 0;

    public IReadOnlyList<double>? FoldAuc(int splits) => splits > 1 ? _foldAuc : null;

    /// <summary>The dedicated cold-start model's two requirements: a Gini lead over the main model's of more than 0.01, an MAE no more than 5 % above its.</summary>
    static (bool GiniLeads, bool MaeHolds) ColdStartRequirements(RegressionMetrics dedicated, RegressionMetrics main) =>
        (dedicated.NormalizedGini > main.NormalizedGini + 0.01, dedicated.Mae <= main.Mae * 1.05);

    internal static string ColdStartShortfall(RegressionMetrics dedicated, RegressionMetrics main)
    {
        var (giniLeads, maeHolds) = ColdStartRequirements(dedicated, main);
        var gini = giniLeads ? "its Gini leads by more than 0.01"
            : dedicated.NormalizedGini > main.NormalizedGini ? "its Gini leads by 0.01 or less"
            : "its Gini does not lead";
        return $"{gini}, its MAE is {(maeHolds ? "within 5 % of" : "more than 5 % above")} the main model's";
    }

    /// <param name="decidedOn">Rolling origin: the same comparison on the validation period, whose decision this one reports.</param>
    public ColdStartCard? ColdStartCard(ColdStartCard? decidedOn = null)
    {
        if (_cold.Count < 10)
            return null;
        var actual = _cold.Select(c => c.Actual).ToArray();
        var main = RegressionEvaluator.Evaluate(_cold.Select(c => c.Main).ToArray(), actual);
        var firstOrder = RegressionEvaluator.Evaluate(_cold.Select(c => c.FirstOrder).ToArray(), actual);
        RegressionMetrics? dedicated = _cold.All(c => c.HasDedicated)
            ? RegressionEvaluator.Evaluate(_cold.Select(c => c.Dedicated).ToArray(), actual)
            : null;
        var useDedicated = dedicated is not null && ColdStartRequirements(dedicated, main) is (true, true);
        // A cohort in which nobody bought has no ranking to measure: say so rather than print NaN.
        static string G(double gini) => double.IsFinite(gini) ? gini.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "undefined (none of them bought)";
        var decision = dedicated is null
            ? $"one model serves new customers: too few brand-new customers in some training split to fit a dedicated model (main model Gini {G(main.NormalizedGini)} vs first-order value {G(firstOrder.NormalizedGini)})"
            : useDedicated
                ? $"a dedicated cold-start model serves brand-new customers: its held-out Gini {G(dedicated.NormalizedGini)} beats the main model's {G(main.NormalizedGini)} by more than 0.01 with MAE no worse than 5 % (first-order value baseline: {G(firstOrder.NormalizedGini)})"
                : $"one model serves new customers: the dedicated cold-start model (Gini {G(dedicated.NormalizedGini)}, MAE {dedicated.Mae:0.00}) does not beat the main model (Gini {G(main.NormalizedGini)}, MAE {main.Mae:0.00}) by the required margin: {ColdStartShortfall(dedicated, main)} (first-order value baseline: {G(firstOrder.NormalizedGini)})";
        if (decidedOn is not null)
            return new ColdStartCard(ColdStartCohort.Description, _cold.Count, main, dedicated, firstOrder, decidedOn.UseDedicatedModel,
                $"decided on the validation period: {decidedOn.Decision}; on the test period the main model's Gini is {G(main.NormalizedGini)}" +
                (dedicated is null ? "" : $", the dedicated model's {G(dedicated.NormalizedGini)}"), null);
        return new ColdStartCard(ColdStartCohort.Description, _cold.Count, main, dedicated, firstOrder, useDedicated, decision, null);
    }

    void Append(Dictionary<string, List<double>> into, string name, string description, IEnumerable<double> values)
    {
        if (!into.TryGetValue(name, out var list))
            into[name] = list = [];
        list.AddRange(values);
        _descriptions[name] = description;
    }
}
