using Microsoft.ML;
using Microsoft.ML.Data;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The model vectors of a table in one block, row after row, rather than an array object per row: a million rows of
/// sixty slots are one 240 MB array instead of a million objects, and ML.NET reads them through <see cref="View"/>
/// without a row class or reflection in between. <see cref="Select"/> gives a matrix of some of the slots that reads the
/// same block, so a table encoded with and without some columns is held once.
/// </summary>
public sealed class FeatureMatrix
{
    readonly float[] _values;
    readonly int _stride;

    /// <summary>For a selection, the slot of the block behind each of its slots; null when the matrix is the whole block.</summary>
    readonly int[]? _slotOf;

    public FeatureMatrix(int rows, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        Count = rows;
        Slots = slots;
        _stride = slots;
        _values = new float[(long)rows * slots];
    }

    FeatureMatrix(FeatureMatrix block, int[] slotOf)
    {
        Count = block.Count;
        Slots = slotOf.Length;
        _stride = block._stride;
        _values = block._values;
        _slotOf = slotOf;
    }

    public int Count { get; }
    public int Slots { get; }

    /// <summary>A row to write; a selection, which shares another matrix's block, is read-only.</summary>
    public Span<float> Row(int index) => _slotOf is null
        ? _values.AsSpan(index * _stride, _stride)
        : throw new InvalidOperationException("A selection of slots is read-only: write the matrix it was selected from.");

    /// <summary>Copies row <paramref name="index"/> into <paramref name="destination"/>, <see cref="Slots"/> long.</summary>
    public void CopyRow(int index, Span<float> destination)
    {
        var row = _values.AsSpan(index * _stride, _stride);
        if (_slotOf is null)
        {
            row.CopyTo(destination);
            return;
        }
        for (var s = 0; s < _slotOf.Length; s++)
            destination[s] = row[_slotOf[s]];
    }

    /// <summary>The matrix of <paramref name="slots"/> (slots of this matrix, in the order given), reading this matrix's block.</summary>
    public FeatureMatrix Select(IReadOnlyList<int> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var slotOf = new int[slots.Count];
        for (var s = 0; s < slotOf.Length; s++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(slots[s]);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slots[s], Slots);
            slotOf[s] = _slotOf is null ? slots[s] : _slotOf[slots[s]];
        }
        return new FeatureMatrix(this, slotOf);
    }

    /// <summary>A copy of <paramref name="rows"/>, each <paramref name="slots"/> long.</summary>
    public static FeatureMatrix Of(IReadOnlyList<float[]> rows, int slots)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var matrix = new FeatureMatrix(rows.Count, slots);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != slots)
                throw new ArgumentException($"Row {i} has {rows[i].Length} slots; the matrix has {slots}.", nameof(rows));
            rows[i].CopyTo(matrix.Row(i));
        }
        return matrix;
    }

    /// <summary>
    /// The rows as an <see cref="IDataView"/> with the columns of <paramref name="schema"/>: the vector column named
    /// <paramref name="featuresColumn"/> reads the rows, the label column <paramref name="labelColumn"/> reads
    /// <paramref name="labels"/> (a float or Boolean per row; empty: the default value).
    /// </summary>
    public IDataView View<TLabel>(DataViewSchema schema, string featuresColumn, string labelColumn, IReadOnlyList<TLabel> labels) =>
        new MatrixView<TLabel>(this, schema, schema[featuresColumn].Index, schema[labelColumn].Index, labels);

    sealed class MatrixView<TLabel>(FeatureMatrix matrix, DataViewSchema schema, int featuresIndex, int labelIndex, IReadOnlyList<TLabel> labels) : IDataView
    {
        readonly FeatureMatrix _matrix = matrix;
        readonly int _features = featuresIndex;
        readonly int _label = labelIndex;
        readonly IReadOnlyList<TLabel> _labels = labels;

        public bool CanShuffle => false;
        public DataViewSchema Schema => schema;

        public long? GetRowCount() => _matrix.Count;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            new Cursor(this, [.. columnsNeeded.Select(c => c.Index)]);

        // One cursor: the rows are in memory, and ML.NET's splitting of a cursor across threads costs more than reading them.
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];

        sealed class Cursor(MatrixView<TLabel> view, HashSet<int> active) : DataViewRowCursor
        {
            long _position = -1;

            public override DataViewSchema Schema => view.Schema;
            public override long Position => _position;
            public override long Batch => 0;

            public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

            public override bool MoveNext()
            {
                if (_position + 1 >= view.GetRowCount())
                {
                    _position = view.GetRowCount()!.Value;
                    return false;
                }
                _position++;
                return true;
            }

            public override ValueGetter<DataViewRowId> GetIdGetter() =>
                (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (!IsColumnActive(column))
                    throw new InvalidOperationException($"Column '{column.Name}' was not asked for when the cursor was made.");
                Delegate getter = column.Index == view._features ? Features
                    : column.Index == view._label ? Label
                    : throw new InvalidOperationException($"Column '{column.Name}' has no values in a feature matrix view.");
                return getter as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"Column '{column.Name}' is not of type {typeof(TValue).Name}.");
            }

            ValueGetter<VBuffer<float>> Features => (ref VBuffer<float> value) =>
            {
                var editor = VBufferEditor.Create(ref value, view._matrix.Slots);
                view._matrix.CopyRow((int)_position, editor.Values);
                value = editor.Commit();
            };

            ValueGetter<TLabel> Label => (ref TLabel value) =>
                value = view._labels.Count == 0 ? default! : view._labels[(int)_position];
        }
    }
}
