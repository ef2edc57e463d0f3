using CustomerValue.Core.Models.Trees;
using CustomerValue.Core.Serving;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace CustomerValue.Core.Models.Bundles;

/// <summary>One model of a <see cref="ModelBundle"/> as the bundle calls it: compiled trees, or engine pools owned by the generation.</summary>
internal sealed class BundleModel
{
    readonly CompiledTreeModel? _compiled;
    readonly EnginePool<ModelRow, RegressionScore>? _scores;
    readonly EnginePool<ModelRow, BinaryScore>? _probabilities;
    readonly EnginePool<ModelRow, ExplainedScore>? _explained;

    BundleModel(
        ModelEvaluation evaluation,
        CompiledTreeModel? compiled,
        EnginePool<ModelRow, RegressionScore>? scores = null,
        EnginePool<ModelRow, BinaryScore>? probabilities = null,
        EnginePool<ModelRow, ExplainedScore>? explained = null)
    {
        Evaluation = evaluation;
        _compiled = compiled;
        _scores = scores;
        _probabilities = probabilities;
        _explained = explained;
    }

    public ModelEvaluation Evaluation { get; }

    /// <summary>A regression model; <paramref name="explained"/> also readies per-slot contributions.</summary>
    public static BundleModel Regression(ModelLoadContext context, string name, ITransformer model, int slots, ModelEvaluator evaluator, bool explained)
    {
        var (compiled, evaluation) = Choose(name, model, slots, evaluator, TreeModelKind.Regression, TreeModelKind.Tweedie);
        if (compiled is not null)
            return new BundleModel(evaluation, compiled);
        var schema = ModelRow.Schema(slots);
        return new BundleModel(
            evaluation,
            null,
            scores: context.CreateEnginePool<ModelRow, RegressionScore>(model, schema),
            explained: explained ? context.CreateEnginePool<ModelRow, ExplainedScore>(WithContributions(context.MLContext, model, slots), schema) : null);
    }

    /// <summary>A calibrated binary classifier.</summary>
    public static BundleModel Binary(ModelLoadContext context, string name, ITransformer model, int slots, ModelEvaluator evaluator)
    {
        var (compiled, evaluation) = Choose(name, model, slots, evaluator, TreeModelKind.CalibratedBinary);
        return compiled is not null
            ? new BundleModel(evaluation, compiled)
            : new BundleModel(evaluation, null, probabilities: context.CreateEnginePool<ModelRow, BinaryScore>(model, ModelRow.Schema(slots)));
    }

    public float Score(float[] features) =>
        _compiled?.Score(features) ?? _scores!.Predict(new ModelRow { Features = features }).Score;

    public float Probability(float[] features) =>
        _compiled?.Probability(features) ?? _probabilities!.Predict(new ModelRow { Features = features }).Probability;

    /// <summary>
    /// The score, with the per-slot contributions to it (on the model's raw scale) written to
    /// <paramref name="contributions"/> (one per slot); null when the model was loaded without them.
    /// </summary>
    public float? Explain(float[] features, Span<float> contributions)
    {
        if (_compiled is not null)
            return _compiled.Explain(features, contributions);
        if (_explained is null)
            return null;
        var scored = _explained.Predict(new ModelRow { Features = features });
        contributions.Clear();
        scored.FeatureContributions.AsSpan(0, Math.Min(scored.FeatureContributions.Length, contributions.Length)).CopyTo(contributions);
        return scored.Score;
    }

    /// <summary>
    /// A calibrated classifier's per-slot contributions, signed toward the probability (positive raises it), written to
    /// <paramref name="contributions"/>; false when the model runs on engines, which give none for a classifier.
    /// </summary>
    public bool ExplainProbability(float[] features, Span<float> contributions)
    {
        if (_compiled is null)
            return false;
        _compiled.Explain(features, contributions);
        if (!_compiled.ProbabilityRisesWithScore)
        {
            foreach (ref var slot in contributions)
                slot = -slot;
        }
        return true;
    }

    /// <summary>The compiled model when the evaluator asks for it and the model compiles; otherwise engines, with the reason.</summary>
    static (CompiledTreeModel? Compiled, ModelEvaluation Evaluation) Choose(
        string name, ITransformer model, int slots, ModelEvaluator evaluator, params TreeModelKind[] kinds)
    {
        if (evaluator == ModelEvaluator.Engine)
            return (null, new ModelEvaluation(name, ModelEvaluator.Engine));
        return Compile(model, slots, kinds, out var reason) is { } compiled
            ? (compiled, new ModelEvaluation(name, ModelEvaluator.Compiled))
            : (null, new ModelEvaluation(name, ModelEvaluator.Engine, reason));
    }

    static CompiledTreeModel? Compile(ITransformer model, int slots, TreeModelKind[] kinds, out string reason)
    {
        if (!CompiledTreeModel.TryCompile(model, out var compiled, out reason))
            return null;
        if (compiled.FeatureColumn != nameof(ModelRow.Features) || compiled.FeatureCount != slots)
            reason = $"the model reads {compiled.FeatureCount} slots of {compiled.FeatureColumn}, the card's vector has {slots} in {nameof(ModelRow.Features)}";
        else if (!kinds.Contains(compiled.Kind))
            reason = $"a {compiled.Kind} model where {string.Join(" or ", kinds)} was expected";
        else
            return compiled;
        return null;
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
