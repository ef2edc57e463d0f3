using System.Runtime.CompilerServices;

namespace CustomerValue.Core.Models.Trees;

/// <summary>
/// Sums per-tree feature contributions exactly as ML.NET's <c>BufferBuilder&lt;float&gt;</c> (with its float adder)
/// does inside <c>TreeEnsemble.GetFeatureContributions</c>: the same sparse/dense switches, the same insertion
/// rules and the same unstable <see cref="Array.Sort{TKey, TValue}(TKey[], TValue[], int, int)"/> call. Float
/// addition is not associative, so the order in which one slot's contributions meet decides its last bits, and
/// that order depends on these rules; a plain dense running sum would differ from ML.NET in the last bit now and then.
/// </summary>
/// <remarks>Not thread-safe: one per thread, reset per row.</remarks>
internal sealed class ContributionBuilder(int capacity)
{
    const int InsertThreshold = 20;

    readonly int[] _indices = new int[capacity];
    readonly float[] _values = new float[capacity];
    int _length;
    bool _dense;
    bool _sorted;
    int _count;

    public int Capacity => _values.Length;

    public void Reset(int length)
    {
        if (length <= 0 || length > Capacity)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Between 1 and {Capacity}.");
        _length = length;
        _dense = false;
        _sorted = true;
        _count = 0;
    }

    // Called for every split on every explained row's path: optimized from the first call, as CompiledEnsemble's walks.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int index, float value)
    {
        if (value == 0)
            return;
        if (_dense)
        {
            _values[index] += value;
            return;
        }
        if (!_sorted)
        {
            if (_count < _length)
            {
                Append(index, value);
                return;
            }
            SortAndSumDuplicates();
            if (_dense)
            {
                _values[index] += value;
                return;
            }
        }
        if (_count >= (_length / 2) - 1)
        {
            MakeDense();
            _values[index] += value;
            return;
        }
        if (_count >= InsertThreshold && _indices[_count - InsertThreshold] > index)
        {
            Append(index, value);
            _sorted = false;
            return;
        }
        var at = _count;
        while (--at >= 0)
        {
            var difference = _indices[at] - index;
            if (difference == 0)
            {
                _values[at] += value;
                return;
            }
            if (difference < 0)
                break;
        }
        at++;
        for (var i = _count; --i >= at;)
        {
            _indices[i + 1] = _indices[i];
            _values[i + 1] = _values[i];
        }
        _indices[at] = index;
        _values[at] = value;
        _count++;
    }

    /// <summary>
    /// Writes the summed contributions to <paramref name="slots"/>, keeping only those above or below zero as
    /// ML.NET's sparsification does when it keeps every positive and negative slot (a NaN sum becomes 0).
    /// </summary>
    public void CopyTo(Span<float> slots)
    {
        slots[.._length].Clear();
        if (_count == 0)
            return;
        if (!_dense)
        {
            if (!_sorted)
                SortAndSumDuplicates();
            if (!_dense && _count >= _length / 2)
                MakeDense();
        }
        if (_dense)
        {
            for (var i = 0; i < _length; i++)
                slots[i] = Kept(_values[i]);
        }
        else
        {
            for (var i = 0; i < _count; i++)
                slots[_indices[i]] = Kept(_values[i]);
        }
    }

    static float Kept(float value) => value > 0 || value < 0 ? value : 0;

    void Append(int index, float value)
    {
        _values[_count] = value;
        _indices[_count] = index;
        _count++;
    }

    void SortAndSumDuplicates()
    {
        Array.Sort(_indices, _values, 0, _count);
        // ML.NET's loop here never advances past a leading zero (it would spin); a zero can only lead after
        // contributions cancelled exactly, and skipping it is what that loop means to do.
        var source = 0;
        while (source < _count && _values[source] == 0)
            source++;
        if (source >= _count)
        {
            _count = 0;
            _sorted = true;
            return;
        }
        var target = 0;
        _values[target] = _values[source];
        _indices[target++] = _indices[source];
        while (++source < _count)
        {
            if (_indices[target - 1] == _indices[source])
            {
                _values[target - 1] += _values[source];
                continue;
            }
            if (target < source)
            {
                _indices[target] = _indices[source];
                _values[target] = _values[source];
            }
            target++;
        }
        _count = target;
        _sorted = true;
        if (_count >= _length / 2)
            MakeDense();
    }

    void MakeDense()
    {
        var target = _length;
        var source = _count;
        while (--source >= 0)
        {
            var index = _indices[source];
            while (--target > index)
                _values[target] = 0;
            _values[target] = _values[source];
        }
        while (--target >= 0)
            _values[target] = 0;
        _dense = true;
        _count = _length;
    }
}
