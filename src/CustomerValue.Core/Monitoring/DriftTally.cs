using CustomerValue.Core.Features;

namespace CustomerValue.Core.Monitoring;

/// <summary>
/// Counts of scored customers per bin of every column of a <see cref="DriftBinner"/>. Not thread-safe: parallel
/// scoring keeps one tally per worker and <see cref="Merge"/>s them.
/// </summary>
public sealed class DriftTally
{
    readonly long[][] _counts;
    readonly int[] _bins;

    public DriftTally(DriftBinner binner)
    {
        ArgumentNullException.ThrowIfNull(binner);
        Binner = binner;
        _counts = [.. binner.Columns.Select(c => new long[c.BinCount])];
        _bins = new int[binner.Columns.Count];
    }

    public DriftBinner Binner { get; }

    /// <summary>Customers counted.</summary>
    public long Rows { get; private set; }

    public void Add(FeatureRow row, PredictedValues predicted)
    {
        Binner.Bin(row, predicted, _bins);
        Add(_bins, +1);
    }

    /// <summary>Adds (<paramref name="sign"/> +1) or removes (−1) one customer already binned.</summary>
    internal void Add(ReadOnlySpan<int> bins, int sign)
    {
        for (var c = 0; c < bins.Length; c++)
            _counts[c][bins[c]] += sign;
        Rows += sign;
    }

    public void Merge(DriftTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(other.Binner, Binner))
            throw new ArgumentException("Tallies of different baselines cannot be merged.", nameof(other));
        for (var c = 0; c < _counts.Length; c++)
        {
            for (var b = 0; b < _counts[c].Length; b++)
                _counts[c][b] += other._counts[c][b];
        }
        Rows += other.Rows;
    }

    /// <summary>The counts of column <paramref name="column"/>, bin by bin.</summary>
    public IReadOnlyList<long> Counts(int column) => _counts[column];

    /// <summary>The figures of every column against the baseline.</summary>
    public DriftReport Report(DriftThresholds thresholds) => DriftReport.Of(this, thresholds);
}
