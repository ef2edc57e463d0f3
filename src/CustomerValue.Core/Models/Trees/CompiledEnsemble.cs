using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.Trainers.FastTree;

namespace CustomerValue.Core.Models.Trees;

/// <summary>
/// The trees of a FastTree ensemble packed into one array of 8-byte slots, each tree in pre-order: a split's left
/// subtree follows it at once and its right one at an offset the split keeps, and a leaf is its value, so a tree of
/// eight leaves is 120 contiguous bytes (two cache lines) rather than nodes, links and leaves in separate places.
/// Evaluation follows ML.NET's <c>InternalRegressionTree</c>: a raw value at or below the threshold goes left
/// (so NaN goes right), leaf values are doubles summed in tree order from 0, and a tree without a root split
/// adds 0 and contributes nothing. Immutable after construction, so any number of threads may share it.
/// </summary>
/// <remarks>
/// The walk reads the slots without bounds checks, on the hot path of every prediction: <see cref="TryCompile"/>
/// proves every split feature below the feature count and every offset inside its tree, and each public call
/// checks the row's length against that count once. A split holds its feature in 16 bits and its right offset in
/// 14, so an ensemble with a feature past 65,535 or a subtree of more than 16,383 slots is refused (and served by
/// engines instead); FastTree's trees are far smaller.
/// <para>
/// The walks are compiled optimized from their first call: a base of a million customers otherwise scores its first
/// hundred thousand or so through tier-0 and then instrumented code, whose calls into the runtime per split cost
/// more than the walk itself; the walks have no virtual calls for profile-guided optimization to improve.
/// </para>
/// </remarks>
internal sealed class CompiledEnsemble
{
    readonly Slot[] _slots;
    /// <summary>Each tree's first slot; the complement of it for a tree that is a lone leaf.</summary>
    readonly int[] _roots;
    readonly int _featureCount;
    /// <summary>The most splits in one tree: no root-to-leaf path holds more.</summary>
    readonly int _longestPath;

    CompiledEnsemble(Slot[] slots, int[] roots, int featureCount, int longestPath)
    {
        _slots = slots;
        _roots = roots;
        _featureCount = featureCount;
        _longestPath = longestPath;
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
        if (featureCount > Slot.MaxFeatures)
        {
            reason = $"the trees read {featureCount} slots, more than the {Slot.MaxFeatures} a packed split can name";
            return null;
        }
        var slots = new List<Slot>();
        var roots = new int[ensemble.Trees.Count];
        var longestPath = 0;
        for (var t = 0; t < roots.Length; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.NumberOfNodes == 0 || tree.LeftChild.Count == 0 || tree.LeftChild[0] == 0)
            {
                roots[t] = ~slots.Count;
                slots.Add(Slot.Leaf(0));
                continue;
            }
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                reason = $"tree {t} has categorical splits";
                return null;
            }
            roots[t] = slots.Count;
            var splits = 0;
            if (!TryEmit(tree, 0, featureCount, slots, ref splits, out var problem))
            {
                reason = $"tree {t} {problem}";
                return null;
            }
            longestPath = Math.Max(longestPath, splits);
        }
        reason = "";
        return new CompiledEnsemble([.. slots], roots, featureCount, longestPath);
    }

    /// <summary>Appends split <paramref name="node"/> and its subtrees in pre-order, or says what is wrong with the tree.</summary>
    static bool TryEmit(RegressionTree tree, int node, int featureCount, List<Slot> slots, ref int splits, out string problem)
    {
        // Every split once: a link back up the tree would otherwise emit forever.
        if (++splits > tree.NumberOfNodes)
        {
            problem = "links a split twice";
            return false;
        }
        var feature = tree.NumericalSplitFeatureIndexes[node];
        if (feature < 0 || feature >= featureCount)
        {
            problem = $"splits on feature {feature} of a {featureCount}-slot vector";
            return false;
        }
        var at = slots.Count;
        slots.Add(default);
        int left = tree.LeftChild[node], right = tree.RightChild[node];
        if (!TryEmitChild(tree, left, featureCount, slots, ref splits, out problem))
            return false;
        var offset = slots.Count - at;
        if (!TryEmitChild(tree, right, featureCount, slots, ref splits, out problem))
            return false;
        if (offset > Slot.MaxOffset)
        {
            problem = $"has a subtree of {offset - 1} slots, more than a packed split can skip";
            return false;
        }
        slots[at] = Slot.Split(tree.NumericalSplitThresholds[node], feature, offset, leftIsLeaf: left < 0, rightIsLeaf: right < 0);
        return true;
    }

    static bool TryEmitChild(RegressionTree tree, int child, int featureCount, List<Slot> slots, ref int splits, out string problem)
    {
        if (child >= tree.NumberOfNodes || ~child >= tree.NumberOfLeaves)
        {
            problem = $"links to {(child >= 0 ? $"split {child}" : $"leaf {~child}")}, outside the tree";
            return false;
        }
        if (child >= 0)
            return TryEmit(tree, child, featureCount, slots, ref splits, out problem);
        slots.Add(Slot.Leaf(tree.LeafValues[~child]));
        problem = "";
        return true;
    }

    /// <summary>The trees' raw sum, as ML.NET's <c>TreeEnsemble.GetOutput</c> returns it (before the cast to float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Sum(ReadOnlySpan<float> features)
    {
        CheckLength(features);
        ref var slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        ref var row = ref MemoryMarshal.GetReference(features);
        var output = 0.0;
        foreach (var root in _roots)
            output += root < 0 ? Unsafe.Add(ref slots, ~root).Value : LeafValue(ref slots, ref row, root, isLeaf: false);
        return output;
    }

    /// <summary>
    /// Adds every tree's contributions, as <c>RegressionTree.AppendFeatureContributions</c>: at each split on the
    /// path, the row's output minus the output had it gone the other way from there, to the split's feature.
    /// Returns <see cref="Sum"/>, which the walk meets on the way: each tree's output, added in tree order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double AddContributions(ReadOnlySpan<float> features, ContributionBuilder builder)
    {
        CheckLength(features);
        ref var slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        ref var row = ref MemoryMarshal.GetReference(features);
        // One walk down a tree keeps each split on the path and the side the row did not take (a leaf as its
        // complement); the contributions need the tree's output first, so they are added after, top down.
        Span<int> path = _longestPath <= 64 ? stackalloc int[2 * _longestPath] : new int[2 * _longestPath];
        var sum = 0.0;
        foreach (var root in _roots)
        {
            if (root < 0)
            {
                sum += Unsafe.Add(ref slots, ~root).Value;
                continue;
            }
            var depth = 0;
            var at = root;
            bool isLeaf;
            do
            {
                ref readonly var split = ref Unsafe.Add(ref slots, at);
                path[depth++] = at;
                if (Unsafe.Add(ref row, split.Feature) <= split.Threshold)
                {
                    path[depth++] = split.RightIsLeaf ? ~(at + split.RightOffset) : at + split.RightOffset;
                    (at, isLeaf) = (at + 1, split.LeftIsLeaf);
                }
                else
                {
                    path[depth++] = split.LeftIsLeaf ? ~(at + 1) : at + 1;
                    (at, isLeaf) = (at + split.RightOffset, split.RightIsLeaf);
                }
            }
            while (!isLeaf);
            var output = Unsafe.Add(ref slots, at).Value;
            sum += output;
            for (var i = 0; i < depth; i += 2)
            {
                var other = path[i + 1];
                var ghost = other < 0 ? Unsafe.Add(ref slots, ~other).Value : LeafValue(ref slots, ref row, other, isLeaf: false);
                builder.Add(Unsafe.Add(ref slots, path[i]).Feature, (float)(output - ghost));
            }
        }
        return sum;
    }

    /// <summary>The value of the leaf a row reaches from slot <paramref name="at"/>; the row is at least <see cref="_featureCount"/> long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double LeafValue(ref Slot slots, ref float row, int at, bool isLeaf)
    {
        while (!isLeaf)
        {
            ref readonly var split = ref Unsafe.Add(ref slots, at);
            if (Unsafe.Add(ref row, split.Feature) <= split.Threshold)
            {
                at++;
                isLeaf = split.LeftIsLeaf;
            }
            else
            {
                at += split.RightOffset;
                isLeaf = split.RightIsLeaf;
            }
        }
        return Unsafe.Add(ref slots, at).Value;
    }

    void CheckLength(ReadOnlySpan<float> features)
    {
        if (features.Length < _featureCount)
            throw new ArgumentException($"The trees read {_featureCount} slots; the row has {features.Length}.", nameof(features));
    }

    /// <summary>A leaf's value, or a split: threshold, feature, and the right subtree's offset with a leaf flag per side.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 8)]
    readonly struct Slot
    {
        public const int MaxFeatures = ushort.MaxValue + 1;
        public const int MaxOffset = (1 << 14) - 1;
        const ushort LeftLeafBit = 1 << 14, RightLeafBit = 1 << 15;

        [FieldOffset(0)] readonly double _value;
        [FieldOffset(0)] readonly float _threshold;
        [FieldOffset(4)] readonly ushort _feature;
        [FieldOffset(6)] readonly ushort _link;

        Slot(double value) => _value = value;

        Slot(float threshold, ushort feature, ushort link)
        {
            _threshold = threshold;
            _feature = feature;
            _link = link;
        }

        public static Slot Leaf(double value) => new(value);

        public static Slot Split(float threshold, int feature, int rightOffset, bool leftIsLeaf, bool rightIsLeaf) =>
            new(threshold, (ushort)feature, (ushort)(rightOffset | (leftIsLeaf ? LeftLeafBit : 0) | (rightIsLeaf ? RightLeafBit : 0)));

        public double Value => _value;

        public float Threshold => _threshold;

        public int Feature => _feature;

        public int RightOffset => _link & MaxOffset;

        public bool LeftIsLeaf => (_link & LeftLeafBit) != 0;

        public bool RightIsLeaf => (_link & RightLeafBit) != 0;
    }
}
