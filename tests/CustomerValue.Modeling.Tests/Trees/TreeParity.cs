using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Trees;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace CustomerValue.Modeling.Tests.Trees;

/// <summary>What ML.NET's own engines say for a model, and rows built to walk every edge of its splits.</summary>
internal static class TreeParity
{
    /// <summary>
    /// Rows whose slots sit exactly on, just below and just above the model's thresholds, or are NaN, ±∞, 0 or
    /// ±float.MaxValue, mixed at random (seeded), after a few all-NaN / all-zero / all-infinite rows.
    /// </summary>
    public static List<float[]> Rows(ITransformer model, int slots, int count, int seed)
    {
        var thresholds = new List<float>[slots];
        for (var i = 0; i < slots; i++)
            thresholds[i] = [0f];
        foreach (var tree in Ensemble(model).Trees)
        {
            for (var n = 0; n < tree.NumberOfNodes; n++)
                thresholds[tree.NumericalSplitFeatureIndexes[n]].Add(tree.NumericalSplitThresholds[n]);
        }
        float[] specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.MaxValue, -float.MaxValue, 1e-30f];
        var rows = new List<float[]>();
        foreach (var special in specials)
            rows.Add(Enumerable.Repeat(special, slots).ToArray());
        var random = new Random(seed);
        while (rows.Count < count)
        {
            var row = new float[slots];
            for (var i = 0; i < slots; i++)
            {
                var threshold = thresholds[i][random.Next(thresholds[i].Count)];
                row[i] = random.Next(10) switch
                {
                    0 => specials[random.Next(specials.Length)],
                    1 or 2 => threshold,
                    3 or 4 => MathF.BitDecrement(threshold),
                    5 or 6 => MathF.BitIncrement(threshold),
                    _ => threshold + ((float)random.NextDouble() - 0.5f) * (1 + Math.Abs(threshold)),
                };
            }
            rows.Add(row);
        }
        return rows;
    }

    public static RegressionTreeEnsemble Ensemble(ITransformer model) =>
        Unwrap(model) switch
        {
            ISingleFeaturePredictionTransformer<object> { Model: TreeEnsembleModelParametersBasedOnRegressionTree trees } => trees.TrainedTreeEnsemble,
            ISingleFeaturePredictionTransformer<object> { Model: CalibratedModelParametersBase { SubModel: TreeEnsembleModelParametersBasedOnRegressionTree trees } } => trees.TrainedTreeEnsemble,
            var other => throw new ArgumentException($"{other.GetType().Name} has no regression trees."),
        };

    public static float[] EngineScores(MLContext ml, ITransformer model, int slots, IEnumerable<float[]> rows)
    {
        using var engine = ml.Model.CreatePredictionEngine<ModelRow, RegressionScore>(model, inputSchemaDefinition: ModelRow.Schema(slots));
        return [.. rows.Select(r => engine.Predict(new ModelRow { Features = r }).Score)];
    }

    public static (float[] Scores, float[] Probabilities) EngineBinary(MLContext ml, ITransformer model, int slots, IEnumerable<float[]> rows)
    {
        using var engine = ml.Model.CreatePredictionEngine<ModelRow, BinaryScore>(model, inputSchemaDefinition: ModelRow.Schema(slots));
        var scored = rows.Select(r => engine.Predict(new ModelRow { Features = r })).ToList();
        return ([.. scored.Select(s => s.Score)], [.. scored.Select(s => s.Probability)]);
    }

    /// <summary>Per-slot contributions as the bundle's engine path computes them: all slots kept, not normalized.</summary>
    public static float[][] EngineContributions(MLContext ml, ITransformer model, int slots, IEnumerable<float[]> rows)
    {
        var prediction = (ISingleFeaturePredictionTransformer<ICalculateFeatureContribution>)Unwrap(model);
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<ModelRow>(), ModelRow.Schema(slots));
        var contributions = ml.Transforms.CalculateFeatureContribution(prediction, slots, slots, normalize: false).Fit(empty);
        using var engine = ml.Model.CreatePredictionEngine<ModelRow, ContributionRow>(
            new TransformerChain<ITransformer>(model, contributions), inputSchemaDefinition: ModelRow.Schema(slots));
        return [.. rows.Select(r => engine.Predict(new ModelRow { Features = r }).FeatureContributions)];
    }

    public static float[][] CompiledContributions(CompiledTreeModel compiled, IEnumerable<float[]> rows) =>
        [.. rows.Select(r =>
        {
            var slots = new float[compiled.FeatureCount];
            compiled.Explain(r, slots);
            return slots;
        })];

    /// <summary>Floats as their bits, so equality is exact (NaN payloads and the sign of zero included).</summary>
    public static int[] Bits(IEnumerable<float> values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    /// <summary>Saved and loaded again, as the serving path sees every model.</summary>
    public static ITransformer RoundTrip(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, schema, stream);
        stream.Position = 0;
        return ml.Model.Load(stream, out _);
    }

    static ITransformer Unwrap(ITransformer model) =>
        model is TransformerChain<ITransformer> chain ? chain.LastTransformer : model;

    public sealed class ContributionRow
    {
        public float Score { get; set; }
        public float[] FeatureContributions { get; set; } = [];
    }
}
