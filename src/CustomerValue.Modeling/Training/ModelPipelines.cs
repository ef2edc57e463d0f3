using CustomerValue.Core.Models;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The learners as functions of an <see cref="MLContext"/>, reused by training, retraining and the
/// hyperparameter search. All read the dense <see cref="ModelRow.Features"/> vector: encoding
/// happens before ML.NET so that serving and explanations share one vocabulary.
/// </summary>
public static class ModelPipelines
{
    public static IEstimator<ITransformer> Clv(MLContext ml, ClvObjective objective, TreeHyperparameters hp) =>
        objective switch
        {
            ClvObjective.Tweedie => ml.Regression.Trainers.FastTreeTweedie(Apply(hp, new FastTreeTweedieTrainer.Options())),
            ClvObjective.Log1p => ml.Regression.Trainers.FastTree(Apply(hp, new FastTreeRegressionTrainer.Options())),
            _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, null),
        };

    /// <summary>FastTree's binary trainer wraps its scores in a Platt calibrator fitted on the training data.</summary>
    public static IEstimator<ITransformer> Churn(MLContext ml, TreeHyperparameters hp) =>
        ml.BinaryClassification.Trainers.FastTree(Apply(hp, new FastTreeBinaryTrainer.Options()));

    /// <summary>Single-threaded and seeded: identical inputs give identical models.</summary>
    static T Apply<T>(TreeHyperparameters hp, T options)
        where T : BoostedTreeOptions
    {
        options.NumberOfTrees = hp.NumberOfTrees;
        options.NumberOfLeaves = hp.NumberOfLeaves;
        options.LearningRate = hp.LearningRate;
        options.MinimumExampleCountPerLeaf = hp.MinimumExampleCountPerLeaf;
        options.Seed = 1;
        options.NumberOfThreads = 1;
        return options;
    }
}
