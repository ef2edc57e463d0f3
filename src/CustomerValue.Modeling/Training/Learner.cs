using CustomerValue.Core.Models;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace CustomerValue.Modeling.Training;

/// <summary>Fits and batch-scores the two learners on encoded rows; one instance per vector width.</summary>
public sealed class Learner(MLContext ml, int slotCount)
{
    readonly SchemaDefinition _schema = ModelRow.Schema(slotCount);
    readonly SchemaDefinition _churnSchema = ChurnSchema(slotCount);

    public MLContext ML => ml;

    public IDataView View(IReadOnlyList<float[]> features, IReadOnlyList<float> labels)
    {
        var rows = new ModelRow[features.Count];
        for (var i = 0; i < rows.Length; i++)
            rows[i] = new ModelRow { Features = features[i], Label = labels.Count == 0 ? 0 : labels[i] };
        return ml.Data.LoadFromEnumerable(rows, _schema);
    }

    public FittedClv FitClv(IReadOnlyList<float[]> features, IReadOnlyList<double> spend, ClvObjective objective, TreeHyperparameters hp)
    {
        var targets = spend.Select(v => ClvScale.ToTarget(objective, v)).ToArray();
        var view = View(features, targets);
        var model = ModelPipelines.Clv(ml, objective, hp).Fit(view);
        var smearing = 1.0;
        if (objective == ClvObjective.Log1p)
        {
            var scores = Scores(model, view);
            smearing = targets.Select((t, i) => Math.Exp(t - scores[i])).Average();
        }
        return new FittedClv(model, objective, smearing, view.Schema);
    }

    public double[] PredictClv(FittedClv clv, IReadOnlyList<float[]> features)
    {
        var scores = Scores(clv.Model, View(features, []));
        return [.. scores.Select(s => ClvScale.ToValue(clv.Objective, s, clv.Smearing))];
    }

    public ITransformer FitChurn(IReadOnlyList<float[]> features, IReadOnlyList<bool> churned, TreeHyperparameters hp)
    {
        // FastTree's binary trainer wants a Boolean label, so churn rows carry one.
        var rows = new ChurnRow[features.Count];
        for (var i = 0; i < rows.Length; i++)
            rows[i] = new ChurnRow { Features = features[i], Label = churned[i] };
        return ModelPipelines.Churn(ml, hp).Fit(ml.Data.LoadFromEnumerable(rows, _churnSchema));
    }

    public double[] PredictChurn(ITransformer churn, IReadOnlyList<float[]> features)
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
