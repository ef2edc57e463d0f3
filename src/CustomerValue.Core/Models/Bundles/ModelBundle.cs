using CustomerValue.Core.Features;
using CustomerValue.Core.Serving;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace CustomerValue.Core.Models.Bundles;

/// <summary>
/// A loaded model bundle: the card, the encoder it describes, and engine pools for the CLV and
/// churn models (plus, for explanations, engines that also return per-slot contributions).
/// Built by <see cref="Load"/> inside a serving generation, so everything here is disposed with it.
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
        EnginePool<ModelRow, RegressionScore>? clv,
        EnginePool<ModelRow, ExplainedScore>? clvExplained,
        EnginePool<ModelRow, BinaryScore> churn,
        EnginePool<ModelRow, RegressionScore>? coldStart,
        EnginePool<ModelRow, RegressionScore>? orders,
        FeatureScorer derived)
    {
        Card = card;
        Vectorizer = vectorizer;
        _clv = clv;
        _clvExplained = clvExplained;
        _churn = churn;
        _coldStart = coldStart;
        _orders = orders;
        _derived = derived;
        FeatureOptions = new FeatureOptions
        {
            HorizonDays = card.HorizonDays,
            ChurnWindowDays = card.ChurnWindowDays,
            PostalRegionLength = card.PostalRegionLength,
            Attributes = new AttributeSchema(card.NumericAttributes, card.CategoricalAttributes),
        };
    }

    readonly EnginePool<ModelRow, RegressionScore>? _clv;
    readonly EnginePool<ModelRow, ExplainedScore>? _clvExplained;
    readonly EnginePool<ModelRow, BinaryScore> _churn;
    readonly EnginePool<ModelRow, RegressionScore>? _coldStart;
    readonly EnginePool<ModelRow, RegressionScore>? _orders;
    readonly FeatureScorer _derived;

    public ModelCard Card { get; }
    public FeatureVectorizer Vectorizer { get; }

    /// <summary>The options that make <see cref="FeatureBuilder.Snapshot"/> produce the columns these models were trained on.</summary>
    public FeatureOptions FeatureOptions { get; }

    /// <summary>The loader a <see cref="ModelSource{TBundle}"/> calls for every new generation.</summary>
    public static ModelBundle Load(ModelLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var card = ModelCard.FromJson(context.ReadAllText(ModelCard.FileName), Path.Combine(context.Directory, ModelCard.FileName));
        var vectorizer = new FeatureVectorizer(card.Vector);
        var schema = ModelRow.Schema(vectorizer.SlotCount);

        EnginePool<ModelRow, RegressionScore>? clv = null;
        EnginePool<ModelRow, ExplainedScore>? explained = null;
        if (card.Clv is { } clvCard)
        {
            var model = context.LoadTransformer(clvCard.FileName);
            clv = context.CreateEnginePool<ModelRow, RegressionScore>(model, schema);
            explained = context.CreateEnginePool<ModelRow, ExplainedScore>(WithContributions(context.MLContext, model, vectorizer.SlotCount), schema);
        }
        var churn = context.CreateEnginePool<ModelRow, BinaryScore>(context.LoadTransformer(card.Churn.FileName), schema);
        EnginePool<ModelRow, RegressionScore>? coldStart = card.ColdStart is { UseDedicatedModel: true, FileName: { } coldFile }
            ? context.CreateEnginePool<ModelRow, RegressionScore>(context.LoadTransformer(coldFile), schema)
            : null;
        var orders = card.Orders is { } ordersCard
            ? context.CreateEnginePool<ModelRow, RegressionScore>(context.LoadTransformer(ordersCard.FileName), schema)
            : null;
        return new ModelBundle(card, vectorizer, clv, explained, churn, coldStart, orders, FeatureScorer.FromCard(card));
    }

    /// <summary>Scores one customer's features; the row must come from <see cref="FeatureOptions"/>.</summary>
    public BundlePrediction Predict(FeatureRow row, bool explain)
    {
        ArgumentNullException.ThrowIfNull(row);
        var unknown = new List<(string Column, string Value)>();
        var derived = _derived.Derive(row);
        var input = new ModelRow { Features = Vectorizer.Vectorize(row, derived.Values, unknown) };

        double churn = Math.Clamp(_churn.Predict(input).Probability, 0f, 1f);
        if (Card.Churn.TreeWeight < 1)
            churn = ChurnBlend.Apply(churn, ChurnBlend.NoPurchase(_derived.Btyd, row, Card.ChurnWindowDays), Card.Churn.TreeWeight);
        double value = 0;
        IReadOnlyList<FeatureContribution> contributions = [];
        var coldStart = _coldStart is not null && ColdStartCohort.Contains(row);
        if (Card.Clv is { } clvCard)
        {
            if (coldStart)
                value = ClvScale.ToValue(clvCard.Objective, _coldStart!.Predict(input).Score, clvCard.Smearing);
            else if (explain && _clvExplained is not null)
            {
                var scored = _clvExplained.Predict(input);
                value = ClvScale.ToValue(clvCard.Objective, scored.Score, clvCard.Smearing);
                contributions = Contributions.Sum(Vectorizer, scored.FeatureContributions);
            }
            else
                value = ClvScale.ToValue(clvCard.Objective, _clv!.Predict(input).Score, clvCard.Smearing);
        }
        if (Card.Clv is { } blend && !coldStart)
            value = ClvBlend.Apply(value, derived.ExpectedSpend ?? double.NaN, blend.BlendWeight, blend.Scale);
        var (p10, p90) = Card.Clv is { } c ? PredictionInterval.Of(c.Interval, value) : (0, 0);
        var expectedPurchases = Card.Orders is { } o && _orders is not null
            ? ClvScale.ToValue(o.Objective, _orders.Predict(input).Score, o.Smearing)
            : derived.ExpectedPurchases;
        return new BundlePrediction(value, p10, p90, churn, derived.ProbabilityAlive, expectedPurchases, coldStart, contributions, unknown);
    }

    /// <summary>
    /// The CLV model's feature contributions alone, as <see cref="Predict"/> with <c>explain</c> gives them, without
    /// running the other models again: for a caller that predicted first and explains only some customers.
    /// </summary>
    public IReadOnlyList<FeatureContribution> Explain(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (Card.Clv is null || _clvExplained is null || (_coldStart is not null && ColdStartCohort.Contains(row)))
            return [];
        var derived = _derived.Derive(row);
        var input = new ModelRow { Features = Vectorizer.Vectorize(row, derived.Values, null) };
        return Contributions.Sum(Vectorizer, _clvExplained.Predict(input).FeatureContributions);
    }

    static ITransformer WithContributions(MLContext ml, ITransformer model, int slots)
    {
        var prediction = Unwrap(model) as ISingleFeaturePredictionTransformer<ICalculateFeatureContribution>
            ?? throw new InvalidDataException("The CLV model does not support feature contributions.");
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<ModelRow>(), ModelRow.Schema(slots));
        var contributions = ml.Transforms.CalculateFeatureContribution(prediction, slots, slots, normalize: false).Fit(empty);
        return new TransformerChain<ITransformer>(model, contributions);
    }

    static ITransformer Unwrap(ITransformer model) =>
        model is TransformerChain<ITransformer> chain ? chain.LastTransformer : model;
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
    IReadOnlyList<(string Column, string Value)> UnknownCategories);

/// <summary>A feature's share of the CLV model's score (on the model's own scale), one-hot slots summed.</summary>
public sealed record FeatureContribution(string Feature, double Contribution);

/// <summary>The CLV output with per-slot contributions.</summary>
public sealed class ExplainedScore
{
    public float Score { get; set; }
    public float[] FeatureContributions { get; set; } = [];
}
