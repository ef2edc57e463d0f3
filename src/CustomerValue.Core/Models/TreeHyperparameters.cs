namespace CustomerValue.Core.Models;

/// <summary>The four FastTree settings the search explores; the rest stay at ML.NET's defaults.</summary>
public sealed record TreeHyperparameters(
    int NumberOfTrees = 200,
    int NumberOfLeaves = 20,
    double LearningRate = 0.1,
    int MinimumExampleCountPerLeaf = 20)
{
    public static TreeHyperparameters Default { get; } = new();

    public override string ToString() =>
        $"trees={NumberOfTrees} leaves={NumberOfLeaves} lr={LearningRate:0.###} minLeaf={MinimumExampleCountPerLeaf}";
}
