using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Segmentation;
using CustomerValue.Core.Serving;

namespace CustomerValue.Core.Models.Bundles;

/// <summary>
/// A loaded model bundle and everything worked out from it once, at load: the card, the encoder it describes, the
/// vocabulary requests are checked against, the derived-column calculator, the RFM scorer, and the CLV, churn,
/// cold-start and orders models, each compiled into a tree evaluator or served by engine pools
/// (see <see cref="ModelEvaluator"/>). Built by <see cref="Load"/> inside a serving generation, so everything here is
/// disposed with it.
/// </summary>
public sealed class ModelBundle
{
    public const string ClvFile = "clv.zip";
    public const string ChurnFile = "churn.zip";
    public const string ColdStartFile = "cold-start.zip";
    public const string OrdersFile = "orders.zip";

    ModelBundle(
        ModelCard card,
        FeatureVectorizer vectorizer,
        BundleModel? clv,
        BundleModel churn,
        BundleModel? coldStart,
        BundleModel? orders,
        DerivedColumns derived,
        DriftBaseline? drift)
    {
        Drift = drift is null ? null : new DriftBinner(drift);
        Card = card;
        Vectorizer = vectorizer;
        _clv = clv;
        _churn = churn;
        _coldStart = coldStart;
        _orders = orders;
        _derived = derived;
        Rfm = card.Rfm is { } breakpoints && breakpoints.Validate().Count == 0 ? new RfmScorer(breakpoints) : null;
        Evaluations = [.. new[] { clv, churn, coldStart, orders }.OfType<BundleModel>().Select(m => m.Evaluation)];
        if (card.Clv is { } clvCard && !ClvBlend.Partners.Contains(clvCard.BlendPartner))
            throw new InvalidDataException($"The model card's clv.blendPartner '{clvCard.BlendPartner}' is not one of {string.Join(", ", ClvBlend.Partners)}.");
        _candidate = card.Clv?.Candidate ?? ClvCandidates.Hybrid;
        _reference = ClvCandidates.Inputs(_candidate)
            .Where(c => card.Distributions.TryGetValue(c, out var d) && d.P50 is not null)
            .ToDictionary(c => c, c => card.Distributions[c].P50!.Value, StringComparer.Ordinal);
        var attributes = new AttributeSchema(card.NumericAttributes, card.CategoricalAttributes);
        FeatureOptions = new FeatureOptions
        {
            HorizonDays = card.HorizonDays,
            ChurnWindowDays = card.ChurnWindowDays,
            PostalRegionLength = card.PostalRegionLength,
            Attributes = attributes,
            TenureEndsAtChurn = card.IsContract,
            ProfilesFromOrders = card.ProfilesFromOrders == true,
        };
        Vocabulary = new ModelVocabulary(card, attributes);
    }

    [ThreadStatic]
    static float[]? t_features;

    [ThreadStatic]
    static List<(string Column, string Value)>? t_unknown;

    [ThreadStatic]
    static float[]? t_contributions;

    readonly BundleModel? _clv;
    readonly BundleModel _churn;
    readonly BundleModel? _coldStart;
    readonly BundleModel? _orders;
    readonly DerivedColumns _derived;
    readonly string _candidate;

    /// <summary>A typical customer (training medians) that a rule candidate's explanation measures from.</summary>
    readonly Dictionary<string, double> _reference;

    public ModelCard Card { get; }
    public FeatureVectorizer Vectorizer { get; }

    /// <summary>The columns computed from a row (historic value, BTYD outputs) that the models read beside the features.</summary>
    public DerivedColumns Derived => _derived;

    /// <summary>The card's RFM cut points, or null when it carries none (or none that validate).</summary>
    public RfmScorer? Rfm { get; }

    public ModelVocabulary Vocabulary { get; }

    /// <summary>The distributions of the customers as of the data's end when the bundle was trained (<see cref="DriftBaseline.FileName"/>); null for a bundle written without one.</summary>
    public DriftBinner? Drift { get; }

    /// <summary>The options that make <see cref="FeatureBuilder.Snapshot"/> produce the columns these models were trained on.</summary>
    public FeatureOptions FeatureOptions { get; }

    /// <summary>How each loaded model is evaluated (by model file name), with the reason for any fallback to engines.</summary>
    public IReadOnlyList<ModelEvaluation> Evaluations { get; }

    /// <summary>The loader a <see cref="ModelSource{TBundle}"/> calls for every new generation: compiled trees where possible.</summary>
    public static ModelBundle Load(ModelLoadContext context) => Load(context, ModelEvaluator.Compiled);

    /// <summary>A loader that evaluates the models as <paramref name="evaluator"/> says, for <see cref="ModelSource{TBundle}"/>.</summary>
    public static Func<ModelLoadContext, ModelBundle> Loader(ModelEvaluator evaluator)
    {
        if (!Enum.IsDefined(evaluator))
            throw new ArgumentOutOfRangeException(nameof(evaluator), evaluator, null);
        return context => Load(context, evaluator);
    }

    static ModelBundle Load(ModelLoadContext context, ModelEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(context);
        var card = ModelCard.FromJson(context.ReadAllText(ModelCard.FileName), Path.Combine(context.Directory, ModelCard.FileName));
        var vectorizer = new FeatureVectorizer(card.Vector);
        var slots = vectorizer.SlotCount;

        var clv = card.Clv is { } clvCard
            ? BundleModel.Regression(context, clvCard.FileName, context.LoadTransformer(clvCard.FileName), slots, evaluator, explained: true)
            : null;
        var churn = BundleModel.Binary(context, card.Churn.FileName, context.LoadTransformer(card.Churn.FileName), slots, evaluator);
        var coldStart = card.ColdStart is { UseDedicatedModel: true, FileName: { } coldFile }
            ? BundleModel.Regression(context, coldFile, context.LoadTransformer(coldFile), slots, evaluator, explained: true)
            : null;
        var orders = card.Orders is { } ordersCard
            ? BundleModel.Regression(context, ordersCard.FileName, context.LoadTransformer(ordersCard.FileName), slots, evaluator, explained: false)
            : null;
        var drift = context.Exists(DriftBaseline.FileName)
            ? DriftBaseline.FromJson(context.ReadAllText(DriftBaseline.FileName), Path.Combine(context.Directory, DriftBaseline.FileName))
            : null;
        return new ModelBundle(card, vectorizer, clv, churn, coldStart, orders, DerivedColumns.FromCard(card), drift);
    }

    /// <summary>Scores one customer's features; the row must come from <see cref="FeatureOptions"/>.</summary>
    public BundlePrediction Predict(FeatureRow row, bool explain) => Predict(row, explain, out _);

    /// <summary>
    /// BG/NBD gives every customer without a repeat purchase P(alive) = 1 however long ago they bought
    /// (<see cref="BgNbd.NoRepeatNote"/>): a figure of the model's form, not an estimate, so it is not reported
    /// (the trees and the churn blend still read it). On a base of one-time buyers it stood at 100 % beside churn 98 %.
    /// </summary>
    public bool ProbabilityAliveUndefined(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _derived.Btyd is { Kind: BtydModelKind.BgNbd } && !row.IsProspect && row.Frequency == 0;
    }

    /// <param name="derivedValues">
    /// The derived columns the models saw, in the order of <see cref="DerivedColumns.Columns"/>: an explanation naming
    /// one, or a later <see cref="Explain(FeatureRow, double[])"/>, reads them instead of working them out again.
    /// </param>
    public BundlePrediction Predict(FeatureRow row, bool explain, out double[] derivedValues)
    {
        ArgumentNullException.ThrowIfNull(row);
        var unknown = t_unknown ??= [];
        unknown.Clear();
        var features = FeatureBuffer();
        var derived = _derived.Derive(row);
        derivedValues = derived.Values;
        Vectorizer.Vectorize(row, derived.Values, features, unknown);

        // P(alive) once per row: the churn blend and the next purchase reuse it (for Pareto/NBD it is two ₂F₁ series).
        var alive = derived.ProbabilityAlive ?? double.NaN;
        // Past the longest time away the trees learned from, the chance of buying falls as BTYD's does (as the value below).
        double churn = DormancyExtrapolation.Churn(Math.Clamp(_churn.Probability(features), 0f, 1f), _derived.Btyd, row, Card.Churn.DormancyEdgeDays, Card.ChurnWindowDays);
        if (Card.Churn.TreeWeight < 1)
            churn = ChurnBlend.Apply(churn, ChurnBlend.NoPurchase(_derived.Btyd, row, Card.ChurnWindowDays, alive), Card.Churn.TreeWeight);
        double value = 0;
        IReadOnlyList<FeatureContribution> contributions = [];
        var coldStart = _coldStart is not null && ColdStartCohort.Contains(row);
        // Past the longest time away the trees learned from, their value goes on falling as BTYD's expected purchases do.
        var dormancy = coldStart ? 1 : DormancyExtrapolation.Factor(_derived.Btyd, row, Card.Clv?.DormancyEdgeDays, Card.HorizonDays, derived.ExpectedPurchases);
        if (Card.Clv is { } rule && !coldStart && !ClvCandidates.UsesTrees(_candidate))
        {
            value = rule.Scale * Math.Max(0, ClvCandidates.RuleValue(_candidate, row, Card.HorizonDays, _derived.Btyd) is var v && double.IsFinite(v) ? v : 0);
            if (explain)
                contributions = ClvCandidates.Explain(_candidate, row, _reference, Card.HorizonDays, _derived.Btyd, rule.Scale);
        }
        else if (Card.Clv is { } clvCard)
        {
            // A brand-new customer served by the dedicated cold-start model is explained by that model's own trees.
            var model = coldStart ? _coldStart! : _clv!;
            var slots = explain ? ContributionBuffer() : null;
            if (slots is not null && model.Explain(features, slots) is { } score)
            {
                value = ClvScale.ToValue(clvCard.Objective, score, clvCard.Smearing);
                contributions = DormancyExtrapolation.Explained(Contributions.Sum(Vectorizer, slots), dormancy);
            }
            else
                value = ClvScale.ToValue(clvCard.Objective, model.Score(features), clvCard.Smearing);
        }
        // A churn table's bundle is explained by its churn model: a recurring charge's value follows from the churn probability.
        if (explain && Card.IsContract)
            contributions = ChurnContributions(features);
        if (Card.Clv is { } blend && !coldStart && ClvCandidates.UsesTrees(_candidate))
            value = ClvBlend.Apply(value * dormancy,
                blend.BlendPartner == ClvCandidates.Btyd ? derived.ExpectedSpend ?? double.NaN : ClvBlend.PartnerValue(blend.BlendPartner, row, Card.HorizonDays, _derived.Btyd),
                blend.BlendWeight, blend.Scale);
        var (p10, p90) = Card.Clv is { } c ? PredictionInterval.Of(c.Interval, value) : (0, 0);
        // A customer the table labels churned has left: nothing more to pay, unless won back.
        var winBack = 0.0;
        bool setToEnd = false, paymentsFailing = false;
        if (Card.Recurring is { } recurring)
        {
            var charged = recurring.ValueOf(recurring.ChargeOf(row), churn, Card.HorizonDays);
            // A subscription set to end at the period's end has been cancelled: nothing more to pay after the period paid,
            // and what staying would bring is at stake, as for a leaver.
            setToEnd = row.GivenChurn != true && recurring.EndsAtPeriodEnd(row);
            paymentsFailing = row.GivenChurn != true && !setToEnd && recurring.PaymentsFailing(row);
            if (row.GivenChurn == true || setToEnd)
                (winBack, value, p10, p90) = (charged.Value, 0, 0, 0);
            else
                (value, p10, p90) = (charged.Value, charged.P10, charged.P90);
        }
        // A customer the churn table labels churned has left: their churn probability is 1 (the model's stays the rate
        // they would leave at if won back, above). The model's, a modest one for a leaver of a table read forward, put
        // "Recovery: churn rate 36.5 %" on the console for 1,769 customers who had all left. So is one who has cancelled.
        if (Card.IsContract && (row.GivenChurn == true || setToEnd))
            churn = 1;
        var expectedPurchases = Card.Orders is { Candidate: ClvCandidates.Btyd } b
            ? b.Scale * (row.IsProspect ? 0 : derived.ExpectedPurchases ?? 0)
            : Card.Orders is { } o && _orders is not null
                ? o.Scale * dormancy * ClvScale.ToValue(o.Objective, _orders.Score(features), o.Smearing)
                : derived.ExpectedPurchases;
        return new BundlePrediction(value, p10, p90, churn, ProbabilityAliveUndefined(row) ? null : derived.ProbabilityAlive, expectedPurchases, coldStart, contributions,
            unknown.Count == 0 ? [] : unknown.ToArray(),
            // Scoring only: the training rows never need it, and for Pareto/NBD it is a root search per row.
            BtydFeatureModel.UnlessChurnDenies(NextOrderTiming.DaysToNextOrder(Card.NextOrderMethod, _derived.Btyd, row, Card.HorizonDays, alive, Card.NextOrderVariation ?? NextOrderTiming.PoissonVariation), churn, Card.ChurnWindowDays))
        {
            WinBackValue = winBack,
            SetToEnd = setToEnd,
            PaymentsFailing = paymentsFailing,
        };
    }

    /// <summary>
    /// The CLV model's feature contributions alone, as <see cref="Predict"/> with <c>explain</c> gives them, without
    /// running the other models again: for a caller that predicted first and explains only some customers.
    /// </summary>
    public IReadOnlyList<FeatureContribution> Explain(FeatureRow row) => Explain(row, derived: null);

    /// <summary>As <see cref="Explain(FeatureRow)"/>, with the row's derived columns from <see cref="Predict(FeatureRow, bool, out double[])"/>.</summary>
    public IReadOnlyList<FeatureContribution> Explain(FeatureRow row, double[]? derived)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (Card.IsContract)
            return ChurnContributions(Vector(row, derived));
        if (Card.Clv is null || _clv is null)
            return [];
        var coldStart = _coldStart is not null && ColdStartCohort.Contains(row);
        if (!coldStart && !ClvCandidates.UsesTrees(_candidate))
            return ClvCandidates.Explain(_candidate, row, _reference, Card.HorizonDays, _derived.Btyd, Card.Clv.Scale);
        var features = Vector(row, derived);
        var slots = ContributionBuffer();
        return (coldStart ? _coldStart! : _clv).Explain(features, slots) is not null
            ? DormancyExtrapolation.Explained(Contributions.Sum(Vectorizer, slots), coldStart ? 1 : DormancyExtrapolation.Factor(_derived.Btyd, row, Card.Clv.DormancyEdgeDays, Card.HorizonDays))
            : [];
    }

    /// <summary>The row's vector in the thread's buffer; its derived columns worked out again when not given.</summary>
    float[] Vector(FeatureRow row, double[]? derived)
    {
        var features = FeatureBuffer();
        Vectorizer.Vectorize(row, derived ?? _derived.Derive(row).Values, features);
        return features;
    }

    /// <summary>The churn model's contributions to the row's churn probability (positive raises it), largest first.</summary>
    IReadOnlyList<FeatureContribution> ChurnContributions(float[] features)
    {
        var slots = ContributionBuffer();
        return _churn.ExplainProbability(features, slots) ? Contributions.Sum(Vectorizer, slots) : [];
    }

    // A row's vector and its contributions live only for one call: one buffer of each per thread, not per row.
    float[] FeatureBuffer() =>
        t_features is { } buffer && buffer.Length == Vectorizer.SlotCount ? buffer : t_features = new float[Vectorizer.SlotCount];

    float[] ContributionBuffer() =>
        t_contributions is { } buffer && buffer.Length == Vectorizer.SlotCount ? buffer : t_contributions = new float[Vectorizer.SlotCount];
}

/// <summary>What one customer's scoring returns, in the units of the card (currency over the horizon).</summary>
public sealed record BundlePrediction(
    double PredictedValue,
    double ValueP10,
    double ValueP90,
    double ChurnProbability,
    double? ProbabilityAlive,
    double? ExpectedPurchases,
    bool UsedColdStartModel,
    IReadOnlyList<FeatureContribution> Contributions,
    IReadOnlyList<(string Column, string Value)> UnknownCategories,
    double? NextPurchaseDays = null)
{
    /// <summary>
    /// A churn table's customer labelled churned: what they would pay over the horizon if won back; one whose subscription
    /// is set to end at the period's end (<see cref="SetToEnd"/>): what they would pay if they stayed; 0 otherwise.
    /// </summary>
    public double WinBackValue { get; init; }

    /// <summary>A churn table's customer still there whose subscription is set to end at the period's end (<see cref="RecurringValueCard.EndsAtPeriodEnd"/>).</summary>
    public bool SetToEnd { get; init; }

    /// <summary>A churn table's customer still there whose subscription's payments are failing (<see cref="RecurringValueCard.PaymentsFailing"/>).</summary>
    public bool PaymentsFailing { get; init; }
}

/// <summary>A feature's share of the CLV model's score (on the model's own scale), one-hot slots summed.</summary>
public sealed record FeatureContribution(string Feature, double Contribution);

/// <summary>The CLV output with per-slot contributions.</summary>
public sealed class ExplainedScore
{
    public float Score { get; set; }
    public float[] FeatureContributions { get; set; } = [];
}
