using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace CustomerValue.Core.Models.Trees;

/// <summary>
/// A FastTree model compiled once at load into flat arrays and evaluated directly, without a
/// <c>PredictionEngine</c>: the same float scores, probabilities and per-slot contributions (those of
/// <c>CalculateFeatureContribution</c> with <c>normalize: false</c> keeping every slot) as ML.NET, bit for bit,
/// at a fraction of the cost and with no allocation per score. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Compiles FastTree regression, FastTree Tweedie and Platt-calibrated FastTree binary models that read one
/// float vector column directly; <see cref="TryCompile"/> refuses anything else (other learners, a chain with
/// transforms before the trainer, categorical splits, a biased or weighted ensemble) with the reason, so the
/// caller can serve that model through engines instead.
/// </remarks>
public sealed class CompiledTreeModel
{
    [ThreadStatic]
    static ContributionBuilder? t_builder;

    readonly CompiledEnsemble _ensemble;
    readonly double _slope;
    readonly double _offset;

    CompiledTreeModel(TreeModelKind kind, CompiledEnsemble ensemble, string featureColumn, int featureCount, double slope, double offset)
    {
        Kind = kind;
        _ensemble = ensemble;
        FeatureColumn = featureColumn;
        FeatureCount = featureCount;
        _slope = slope;
        _offset = offset;
    }

    public TreeModelKind Kind { get; }

    /// <summary>The vector column the model reads.</summary>
    public string FeatureColumn { get; }

    /// <summary>The length of the vector the model reads; every call checks it, as ML.NET does.</summary>
    public int FeatureCount { get; }

    public int TreeCount => _ensemble.TreeCount;

    /// <summary>Compiles <paramref name="model"/> (as <c>MLContext.Model.Load</c> returns it), or says why it cannot be.</summary>
    public static bool TryCompile(ITransformer model, [NotNullWhen(true)] out CompiledTreeModel? compiled, out string reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        compiled = null;
        // A fitted chain is typed by its last transformer, a loaded one by ITransformer: both enumerate their parts.
        if (model is IEnumerable<ITransformer> chain)
        {
            var parts = chain.ToList();
            if (parts.Count != 1)
            {
                reason = $"the model is a chain of {parts.Count} transformers, not a trainer alone";
                return false;
            }
            model = parts[0];
        }
        if (model is not ISingleFeaturePredictionTransformer<object> prediction)
        {
            reason = $"{model.GetType().Name} is not a prediction transformer";
            return false;
        }
        if (prediction.FeatureColumnType is not VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } vector
            || vector.ItemType.RawType != typeof(float))
        {
            reason = $"the model reads {prediction.FeatureColumnType}, not a float vector of known size";
            return false;
        }

        var (kind, trees, calibrator) = Identify(prediction.Model);
        if (trees is null)
        {
            reason = $"{prediction.Model.GetType().Name} is not a FastTree regression, Tweedie or Platt-calibrated binary model";
            return false;
        }
        var ensemble = CompiledEnsemble.TryCompile(trees.TrainedTreeEnsemble, vector.Size, out reason);
        if (ensemble is null)
            return false;
        compiled = new CompiledTreeModel(kind, ensemble, prediction.FeatureColumnName, vector.Size, calibrator?.Slope ?? 0, calibrator?.Offset ?? 0);
        return true;
    }

    /// <summary>The model's <c>Score</c> column: the trees' sum as a float, for Tweedie e to that float.</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        CheckLength(features);
        return ScoreOf(_ensemble.Sum(features));
    }

    /// <summary>The <c>Score</c> column from the trees' raw sum.</summary>
    float ScoreOf(double sum)
    {
        var raw = (float)sum;
        // FastTreeTweedieModelParameters exponentiates the float score in double precision, then rounds.
        return Kind == TreeModelKind.Tweedie ? (float)Math.Exp(raw) : raw;
    }

    /// <summary>The calibrated model's <c>Probability</c> column: Platt's 1 / (1 + e^(slope·score + offset)), NaN kept.</summary>
    /// <exception cref="InvalidOperationException">The model is not a calibrated binary classifier.</exception>
    public float Probability(ReadOnlySpan<float> features)
    {
        if (Kind != TreeModelKind.CalibratedBinary)
            throw new InvalidOperationException($"A {Kind} model has no probability.");
        var score = Score(features);
        return float.IsNaN(score) ? score : (float)(1 / (1 + Math.Exp((_slope * score) + _offset)));
    }

    /// <summary>
    /// Whether <see cref="Probability"/> rises with the raw score (Platt's slope is negative, as ML.NET fits it for a
    /// score that ranks positives higher): a slot's contribution to the score then pushes the probability the same way.
    /// </summary>
    public bool ProbabilityRisesWithScore => _slope < 0;

    /// <summary>
    /// <see cref="Score"/>, and each slot's contribution to the trees' raw sum (before any exponent or calibration)
    /// written to <paramref name="contributions"/>: the vector ML.NET's feature-contribution transform gives with
    /// <c>normalize: false</c> and as many positive and negative slots as there are slots.
    /// </summary>
    public float Explain(ReadOnlySpan<float> features, Span<float> contributions)
    {
        CheckLength(features);
        if (contributions.Length < FeatureCount)
            throw new ArgumentException($"The contributions need {FeatureCount} slots, not {contributions.Length}.", nameof(contributions));
        var builder = t_builder;
        if (builder is null || builder.Capacity < FeatureCount)
            t_builder = builder = new ContributionBuilder(Math.Max(FeatureCount, 64));
        builder.Reset(FeatureCount);
        var sum = _ensemble.AddContributions(features, builder);
        builder.CopyTo(contributions);
        return ScoreOf(sum);
    }

    void CheckLength(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount)
            throw new ArgumentException($"The model reads {FeatureCount} slots; the row has {features.Length}.", nameof(features));
    }

    static (TreeModelKind Kind, TreeEnsembleModelParametersBasedOnRegressionTree? Trees, PlattCalibrator? Calibrator) Identify(object model) =>
        model switch
        {
            FastTreeTweedieModelParameters tweedie => (TreeModelKind.Tweedie, tweedie, null),
            FastTreeRegressionModelParameters regression => (TreeModelKind.Regression, regression, null),
            CalibratedModelParametersBase { SubModel: FastTreeBinaryModelParameters binary, Calibrator: PlattCalibrator platt } =>
                (TreeModelKind.CalibratedBinary, binary, platt),
            _ => default,
        };
}
