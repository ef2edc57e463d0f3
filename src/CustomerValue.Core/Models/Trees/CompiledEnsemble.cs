using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.Trainers.FastTree;

namespace CustomerValue.Core.Models.Trees;

/// <summary>
/// The trees of a FastTree ensemble in flat arrays: every tree's split nodes in one array, every leaf value in
/// another, child links rewritten to global positions (a negative link is the bitwise complement of a leaf).
/// Evaluation follows ML.NET's <c>InternalRegressionTree</c>: a raw value at or below the threshold goes left
/// (so NaN goes right), leaf values are doubles summed in tree order from 0, and a tree without a root split
/// adds 0 and contributes nothing. Immutable after construction, so any number of threads may share it.
/// </summary>
/// <remarks>
/// The walk reads the arrays without bounds checks, on the hot path of every prediction: <see cref="TryCompile"/>
/// proves every split feature below the feature count and every link inside the arrays, and each public call
/// checks the row's length against that count once.
/// </remarks>
internal sealed class CompiledEnsemble
{
    readonly Node[] _nodes;
    readonly double[] _leafValues;
    readonly int[] _roots;
    readonly int _featureCount;

    CompiledEnsemble(Node[] nodes, double[] leafValues, int[] roots, int featureCount)
    {
        _nodes = nodes;
        _leafValues = leafValues;
        _roots = roots;
        _featureCount = featureCount;
    }

    public int TreeCount => _roots.Length;

    /// <summary>The ensemble, or null with the reason it cannot be reproduced exactly.</summary>
    public static CompiledEnsemble? TryCompile(RegressionTreeEnsemble ensemble, int featureCount, out string reason)
    {
        // ML.NET's prediction sums leaf values alone; a bias or tree weight would mean a model we have not checked against it.
        if (ensemble.Bias != 0)
        {
            reason = $"the ensemble has a bias ({ensemble.Bias})";
            return null;
        }
        if (ensemble.TreeWeights.Any(w => w != 1))
        {
            reason = "the ensemble weighs its trees";
            return null;
        }
        var nodes = new List<Node>();
        var leaves = new List<double>();
        var roots = new int[ensemble.Trees.Count];
        for (var t = 0; t < roots.Length; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.NumberOfNodes == 0 || tree.LeftChild.Count == 0 || tree.LeftChild[0] == 0)
            {
                roots[t] = ~leaves.Count;
                leaves.Add(0);
                continue;
            }
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                reason = $"tree {t} has categorical splits";
                return null;
            }
            int nodeBase = nodes.Count, leafBase = leaves.Count, nodeCount = tree.NumberOfNodes, leafCount = tree.NumberOfLeaves;
            for (var n = 0; n < nodeCount; n++)
            {
                var feature = tree.NumericalSplitFeatureIndexes[n];
                if (feature < 0 || feature >= featureCount)
                {
                    reason = $"tree {t} splits on feature {feature} of a {featureCount}-slot vector";
                    return null;
                }
                int? left = Link(tree.LeftChild[n], nodeBase, nodeCount, leafBase, leafCount), right = Link(tree.RightChild[n], nodeBase, nodeCount, leafBase, leafCount);
                if (left is null || right is null)
                {
                    reason = $"tree {t} links node {n} outside the tree";
                    return null;
                }
                nodes.Add(new Node(feature, tree.NumericalSplitThresholds[n], left.Value, right.Value));
            }
            for (var l = 0; l < leafCount; l++)
                leaves.Add(tree.LeafValues[l]);
            roots[t] = nodeBase;
        }
        reason = "";
        return new CompiledEnsemble([.. nodes], [.. leaves], roots, featureCount);
    }

    static int? Link(int child, int nodeBase, int nodeCount, int leafBase, int leafCount) =>
        child >= 0
            ? child < nodeCount ? nodeBase + child : null
            : ~child < leafCount ? ~(leafBase + ~child) : null;

    /// <summary>The trees' raw sum, as ML.NET's <c>TreeEnsemble.GetOutput</c> returns it (before the cast to float).</summary>
    public double Sum(ReadOnlySpan<float> features)
    {
        CheckLength(features);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(_leafValues);
        var output = 0.0;
        foreach (var root in _roots)
            output += Unsafe.Add(ref leaves, LeafFrom(features, root));
        return output;
    }

    /// <summary>
    /// Adds every tree's contributions, as <c>RegressionTree.AppendFeatureContributions</c>: at each split on the
    /// path, the row's output minus the output had it gone the other way from there, to the split's feature.
    /// </summary>
    public void AddContributions(ReadOnlySpan<float> features, ContributionBuilder builder)
    {
        CheckLength(features);
        var nodes = _nodes;
        foreach (var root in _roots)
        {
            if (root < 0)
                continue;
            var output = _leafValues[LeafFrom(features, root)];
            var at = root;
            while (at >= 0)
            {
                ref readonly var node = ref nodes[at];
                int otherWay;
                if (features[node.Feature] <= node.Threshold)
                {
                    otherWay = node.Right;
                    at = node.Left;
                }
                else
                {
                    otherWay = node.Left;
                    at = node.Right;
                }
                var ghost = _leafValues[LeafFrom(features, otherWay)];
                builder.Add(node.Feature, (float)(output - ghost));
            }
        }
    }

    /// <summary>The leaf a row reaches from node <paramref name="at"/>; the row is at least <see cref="_featureCount"/> long.</summary>
    int LeafFrom(ReadOnlySpan<float> features, int at)
    {
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var row = ref MemoryMarshal.GetReference(features);
        while (at >= 0)
        {
            ref readonly var node = ref Unsafe.Add(ref nodes, at);
            at = Unsafe.Add(ref row, node.Feature) <= node.Threshold ? node.Left : node.Right;
        }
        return ~at;
    }

    void CheckLength(ReadOnlySpan<float> features)
    {
        if (features.Length < _featureCount)
            throw new ArgumentException($"The trees read {_featureCount} slots; the row has {features.Length}.", nameof(features));
    }

    readonly record struct Node(int Feature, float Threshold, int Left, int Right);
}
