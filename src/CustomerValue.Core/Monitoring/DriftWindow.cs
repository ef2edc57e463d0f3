using CustomerValue.Core.Features;

namespace CustomerValue.Core.Monitoring;

/// <summary>
/// The drift of the last <see cref="Capacity"/> customers scored one by one (the API's requests): a ring of their bins
/// and the counts they add up to, so a report costs the bins, not the window. Thread-safe.
/// </summary>
public sealed class DriftWindow
{
    readonly int[] _ring;
    readonly int _columns;
    readonly DriftTally _tally;
    readonly Lock _gate = new();
    int _next;

    public DriftWindow(DriftBinner binner, int capacity)
    {
        ArgumentNullException.ThrowIfNull(binner);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _columns = binner.Columns.Count;
        _ring = new int[capacity * _columns];
        _tally = new DriftTally(binner);
    }

    public int Capacity { get; }

    public DriftBinner Binner => _tally.Binner;

    public void Add(FeatureRow row, PredictedValues predicted)
    {
        Span<int> bins = _columns <= 512 ? stackalloc int[_columns] : new int[_columns];
        _tally.Binner.Bin(row, predicted, bins);
        lock (_gate)
        {
            var slot = _ring.AsSpan(_next * _columns, _columns);
            if (_tally.Rows == Capacity)
                _tally.Add(slot, -1);
            bins.CopyTo(slot);
            _tally.Add(bins, +1);
            _next = (_next + 1) % Capacity;
        }
    }

    public DriftReport Report(DriftThresholds thresholds)
    {
        lock (_gate)
            return _tally.Report(thresholds);
    }
}
