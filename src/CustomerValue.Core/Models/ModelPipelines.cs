using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace CustomerValue.Core.Models;

/// <summary>
/// The two learners as functions of an <see cref="MLContext"/>, reused by training, retraining and
/// the hyperparameter search. Both read the dense <see cref="ModelRow.Features"/> vector: encoding
/// happens before ML.NET so that serving and explanations share one vocabulary.
/// </summary>
public static class ModelPipelines
{
    /// <summary>Single-threaded, seeded trainers: identical inputs give identical models.</summary>
    public static IEstimator<ITransformer> Clv(MLContext ml, ClvObjective objective, TreeHyperparameters hp) =>
        objective switch
        {
            ClvObjective.Tweedie => ml.Regression.Trainers.FastTreeTweedie(new FastTreeTweedieTrainer.Options
            {
                NumberOfTrees = hp.NumberOfTrees,
                NumberOfLeaves = hp.NumberOfLeaves,
                LearningRate = hp.LearningRate,
                MinimumExampleCountPerLeaf = hp.MinimumExampleCountPerLeaf,
                Seed = 1,
                NumberOfThreads = 1,
            }),
            ClvObjective.Log1p => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                NumberOfTrees = hp.NumberOfTrees,
                NumberOfLeaves = hp.NumberOfLeaves,
                LearningRate = hp.LearningRate,
                MinimumExampleCountPerLeaf = hp.MinimumExampleCountPerLeaf,
                Seed = 1,
                NumberOfThreads = 1,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, null),
        };

    /// <summary>FastTree's binary trainer wraps its scores in a Platt calibrator fitted on the training data.</summary>
    public static IEstimator<ITransformer> Churn(MLContext ml, TreeHyperparameters hp) =>
        ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = hp.NumberOfTrees,
            NumberOfLeaves = hp.NumberOfLeaves,
            LearningRate = hp.LearningRate,
            MinimumExampleCountPerLeaf = hp.MinimumExampleCountPerLeaf,
            Seed = 1,
            NumberOfThreads = 1,
        });
}
