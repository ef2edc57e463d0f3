using CustomerValue.Core.Models;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace CustomerValue.Modeling.Training;

/// <summary>Fits and batch-scores the two learners on encoded rows; one instance per vector width.</summary>
/// <remarks>
/// The rows reach ML.NET as a <see cref="FeatureMatrix"/> view whose schema is that of <see cref="ModelRow"/> (and of a
/// row with a Boolean label for churn), so the models and the schemas saved with them are those the row classes give.
/// </remarks>
public sealed class Learner(MLContext ml, int slotCount)
{
    readonly DataViewSchema _schema = ml.Data.LoadFromEnumerable(Array.Empty<ModelRow>(), ModelRow.Schema(slotCount)).Schema;
    readonly DataViewSchema _churnSchema = ml.Data.LoadFromEnumerable(Array.Empty<ChurnRow>(), ChurnSchema(slotCount)).Schema;

    public MLContext ML => ml;

    /// <summary>The schema the regression models read (a model's saved input schema).</summary>
    public DataViewSchema Schema => _schema;

    public IDataView View(IReadOnlyList<float[]> features, IReadOnlyList<float> labels) => View(Matrix(features), labels);

    public IDataView View(FeatureMatrix features, IReadOnlyList<float> labels) =>
        features.View(_schema, nameof(ModelRow.Features), nameof(ModelRow.Label), labels);

    /// <summary>What a fit reads: the rows without their +0 slots (see <see cref="FeatureMatrix.View"/>); the same trees as from <see cref="View(FeatureMatrix, IReadOnlyList{float})"/>.</summary>
    IDataView FitView(FeatureMatrix features, IReadOnlyList<float> labels) =>
        features.View(_schema, nameof(ModelRow.Features), nameof(ModelRow.Label), labels, explicitOnly: true);

    public FittedClv FitClv(IReadOnlyList<float[]> features, IReadOnlyList<double> spend, ClvObjective objective, TreeHyperparameters hp) =>
        FitClv(Matrix(features), spend, objective, hp);

    public FittedClv FitClv(FeatureMatrix features, IReadOnlyList<double> spend, ClvObjective objective, TreeHyperparameters hp)
    {
        var targets = spend.Select(v => ClvScale.ToTarget(objective, v)).ToArray();
        var view = View(features, targets);
        var model = ModelPipelines.Clv(ml, objective, hp).Fit(FitView(features, targets));
        var smearing = 1.0;
        if (objective == ClvObjective.Log1p)
        {
            var scores = Scores(model, view);
            smearing = targets.Select((t, i) => Math.Exp(t - scores[i])).Average();
        }
        return new FittedClv(model, objective, smearing, view.Schema);
    }

    public double[] PredictClv(FittedClv clv, IReadOnlyList<float[]> features) => PredictClv(clv, Matrix(features));

    public double[] PredictClv(FittedClv clv, FeatureMatrix features)
    {
        var scores = Scores(clv.Model, View(features, []));
        return [.. scores.Select(s => ClvScale.ToValue(clv.Objective, s, clv.Smearing))];
    }

    public ITransformer FitChurn(IReadOnlyList<float[]> features, IReadOnlyList<bool> churned, TreeHyperparameters hp) =>
        FitChurn(Matrix(features), churned, hp);

    /// <remarks>FastTree's binary trainer wants a Boolean label, so churn rows carry one.</remarks>
    public ITransformer FitChurn(FeatureMatrix features, IReadOnlyList<bool> churned, TreeHyperparameters hp) =>
        ModelPipelines.Churn(ml, hp).Fit(features.View(_churnSchema, nameof(ChurnRow.Features), nameof(ChurnRow.Label), churned, explicitOnly: true));

    public double[] PredictChurn(ITransformer churn, IReadOnlyList<float[]> features) => PredictChurn(churn, Matrix(features));

    public double[] PredictChurn(ITransformer churn, FeatureMatrix features)
    {
        var scored = churn.Transform(View(features, []));
        return [.. scored.GetColumn<float>("Probability").Select(p => (double)Math.Clamp(p, 0f, 1f))];
    }

    /// <summary>Split gain per slot, the importance FastTree itself reports.</summary>
    public static double[] SlotImportance(ITransformer model, int slotCount)
    {
        var weights = default(VBuffer<float>);
        switch (Unwrap(model))
        {
            case ISingleFeaturePredictionTransformer<TreeEnsembleModelParameters> tree:
                tree.Model.GetFeatureWeights(ref weights);
                break;
            case ISingleFeaturePredictionTransformer<object> { Model: Microsoft.ML.Calibrators.CalibratedModelParametersBase calibrated }
                when calibrated.SubModel is TreeEnsembleModelParameters ensemble:
                ensemble.GetFeatureWeights(ref weights);
                break;
            default:
                return new double[slotCount];
        }
        var dense = weights.DenseValues().Select(w => (double)w).ToArray();
        Array.Resize(ref dense, slotCount);
        return dense;
    }

    FeatureMatrix Matrix(IReadOnlyList<float[]> features) => FeatureMatrix.Of(features, slotCount);

    static ITransformer Unwrap(ITransformer model) =>
        model is TransformerChain<ITransformer> chain ? chain.LastTransformer : model;

    static float[] Scores(ITransformer model, IDataView view) =>
        [.. model.Transform(view).GetColumn<float>("Score")];

    sealed class ChurnRow
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    static SchemaDefinition ChurnSchema(int slotCount)
    {
        var schema = SchemaDefinition.Create(typeof(ChurnRow));
        schema[nameof(ChurnRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slotCount);
        return schema;
    }
}

public sealed record FittedClv(ITransformer Model, ClvObjective Objective, double Smearing, DataViewSchema InputSchema);
