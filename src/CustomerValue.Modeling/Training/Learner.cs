using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Trees;
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
        var model = ModelPipelines.Clv(ml, objective, hp).Fit(FitView(features, targets));
        var smearing = 1.0;
        if (objective == ClvObjective.Log1p)
        {
            var scores = Scores(model, features);
            smearing = targets.Select((t, i) => Math.Exp(t - scores[i])).Average();
        }
        return new FittedClv(model, objective, smearing, _schema);
    }

    public double[] PredictClv(FittedClv clv, IReadOnlyList<float[]> features) => PredictClv(clv, Matrix(features));

    public double[] PredictClv(FittedClv clv, FeatureMatrix features)
    {
        var scores = Scores(clv.Model, features);
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
        float[] probabilities = CompiledTreeModel.TryCompile(churn, out var compiled, out _)
            ? OnEveryRow(features, compiled.Probability)
            : [.. churn.Transform(View(features, [])).GetColumn<float>("Probability")];
        return [.. probabilities.Select(p => (double)Math.Clamp(p, 0f, 1f))];
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

    /// <summary>
    /// The model's <c>Score</c> column on every row. A FastTree model is read by its compiled trees, the same floats as
    /// ML.NET's bit for bit (<see cref="CompiledTreeModel"/>, which serving uses) on every core, without a cursor and a
    /// vector per row; ML.NET's scoring of the held-out and validation rows was a tenth of a million-customer run's CPU.
    /// </summary>
    float[] Scores(ITransformer model, FeatureMatrix features) =>
        CompiledTreeModel.TryCompile(model, out var compiled, out _)
            ? OnEveryRow(features, compiled.Score)
            : [.. model.Transform(View(features, [])).GetColumn<float>("Score")];

    delegate float RowReader(ReadOnlySpan<float> row);

    /// <summary><paramref name="read"/> of each row, the rows in chunks on every core; each result lands in its row's place.</summary>
    static float[] OnEveryRow(FeatureMatrix features, RowReader read)
    {
        const int chunk = 4_096;
        var results = new float[features.Count];
        Parallel.For(0, (features.Count + chunk - 1) / chunk, c =>
        {
            var row = new float[features.Slots];
            for (var i = c * chunk; i < Math.Min(features.Count, (c + 1) * chunk); i++)
            {
                features.CopyRow(i, row);
                results[i] = read(row);
            }
        });
        return results;
    }

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
