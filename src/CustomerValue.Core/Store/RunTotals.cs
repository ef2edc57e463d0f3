using System.Text;

namespace CustomerValue.Core.Store;

/// <summary>
/// A run's <c>run_summary</c> groups (by stage, RFM segment and channel), totalled as its rows are written: what the
/// SQL of <see cref="SqlCustomerStore"/>'s summary gives on SQLite, to the bit, without reading the run back (three
/// scans of a million rows were most of what was left of a run once its last row was written).
/// </summary>
/// <remarks>
/// SQLite sums a group's REAL values with Kahan-Babuška-Neumaier compensation (sumStep, since 3.43) in the order its
/// scan of the key (run_id, customer_id) meets them, and averages the compensated sum. The totals here follow the same
/// steps, so they hold only for rows that arrive in that order: <see cref="Covers"/> says whether they did.
/// </remarks>
internal sealed class RunTotals
{
    readonly Dimension[] _dimensions = [new("stage"), new("segment"), new("channel")];
    Utf8Buffer _lastId = new();
    Utf8Buffer _id = new();
    long _rows;
    bool _inKeyOrder = true;

    /// <summary>Adds a row written to the run; <paramref name="segment"/> and <paramref name="stage"/> as stored.</summary>
    public void Add(ScoredCustomer customer, string stage, string segment)
    {
        _id.Write(customer.CustomerId);
        // The key's collation is BINARY: UTF-8 bytes compared as bytes.
        if (_rows > 0 && _id.Span.SequenceCompareTo(_lastId.Span) <= 0)
            _inKeyOrder = false;
        (_lastId, _id) = (_id, _lastId);
        _rows++;
        _dimensions[0].Add(stage, customer);
        _dimensions[1].Add(segment, customer);
        _dimensions[2].Add(customer.Channel, customer);
    }

    /// <summary>Whether these are the totals of a run of <paramref name="rows"/> rows: all of them were added, in key order.</summary>
    public bool Covers(long rows) => _inKeyOrder && _rows == rows;

    /// <summary>The groups as the SQL inserts them: dimension by dimension, each by key in BINARY order with NULL first.</summary>
    public IEnumerable<SummaryGroup> Groups()
    {
        foreach (var dimension in _dimensions)
        {
            if (dimension.Null is { } empty)
                yield return empty.Result(dimension.Name, null);
            var keys = dimension.ByKey.Keys.ToArray();
            Array.Sort(keys, static (a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
            foreach (var key in keys)
                yield return dimension.ByKey[key].Result(dimension.Name, key);
        }
    }

    sealed class Dimension(string name)
    {
        public string Name { get; } = name;
        public Dictionary<string, Group> ByKey { get; } = new(StringComparer.Ordinal);
        public Group? Null { get; private set; }

        public void Add(string? key, ScoredCustomer customer)
        {
            var group = key is null ? Null ??= new Group()
                : ByKey.TryGetValue(key, out var known) ? known
                : ByKey[key] = new Group();
            group.Add(customer);
        }
    }

    sealed class Group
    {
        long _count;
        Compensated _value, _churn, _atStake;

        public void Add(ScoredCustomer customer)
        {
            _count++;
            _value.Add(customer.PredictedValue);
            _churn.Add(customer.ChurnProbability);
            _atStake.Add(customer.ValueAtStake);
        }

        public SummaryGroup Result(string dimension, string? key) =>
            new(dimension, key, _count, _value.Sum / _count, _churn.Sum / _count, _atStake.Sum);
    }

    /// <summary>SQLite's kahanBabuskaNeumaierStep and the finalisation of sum() and avg().</summary>
    struct Compensated
    {
        double _sum, _error;

        public void Add(double value)
        {
            // SQLite keeps a REAL with no fraction as an integer and reads it back as +0.0: a stored -0.0 adds as +0.0.
            if (value == 0)
                value = 0;
            var t = _sum + value;
            _error += Math.Abs(_sum) > Math.Abs(value) ? (_sum - t) + value : (value - t) + _sum;
            _sum = t;
        }

        public readonly double Sum => double.IsNaN(_error) ? _sum : _sum + _error;
    }

    /// <summary>A reused buffer of one id's UTF-8 bytes.</summary>
    sealed class Utf8Buffer
    {
        byte[] _bytes = new byte[64];
        int _length;

        public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

        public void Write(string text)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (needed > _bytes.Length)
                _bytes = new byte[Math.Max(needed, _bytes.Length * 2)];
            _length = Encoding.UTF8.GetBytes(text, _bytes);
        }
    }
}

/// <summary>One row of <c>run_summary</c>.</summary>
internal sealed record SummaryGroup(string Dimension, string? Key, long Customers, double MeanPredictedValue, double ChurnRate, double ValueAtStake);
