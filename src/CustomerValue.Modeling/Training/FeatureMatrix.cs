using Microsoft.ML;
using Microsoft.ML.Data;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The model vectors of a table in one block, row after row, rather than an array object per row: a million rows are one
/// array instead of a million objects, and ML.NET reads them through <see cref="View"/> without a row class or
/// reflection in between. The slots from <see cref="DenseSlots"/> on (one-hot values and missing-value indicators) are
/// only ever 0 or 1 and are held as one bit each: a row of 25 numeric and 61 one-hot slots takes 108 bytes instead of
/// 344. <see cref="Select"/> gives a matrix of some of the slots that reads the same block, so a table encoded with and
/// without some columns is held once.
/// </summary>
public sealed class FeatureMatrix
{
    readonly float[] _values;
    readonly ulong[] _bits;
    readonly int _denseStride;
    readonly int _bitWords;

    /// <summary>For a selection, the slot of the block behind each of its slots; null when the matrix is the whole block.</summary>
    readonly int[]? _slotOf;

    /// <param name="denseSlots">Slots held as floats; the rest, from this slot on, must be 0 or 1. All of them by default.</param>
    public FeatureMatrix(int rows, int slots, int? denseSlots = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        var dense = denseSlots ?? slots;
        ArgumentOutOfRangeException.ThrowIfNegative(dense);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dense, slots);
        Count = rows;
        Slots = slots;
        DenseSlots = dense;
        _denseStride = dense;
        _bitWords = (slots - dense + 63) / 64;
        _values = new float[(long)rows * dense];
        _bits = new ulong[(long)rows * _bitWords];
    }

    FeatureMatrix(FeatureMatrix block, int[] slotOf)
    {
        Count = block.Count;
        Slots = slotOf.Length;
        DenseSlots = block.DenseSlots;
        _denseStride = block._denseStride;
        _bitWords = block._bitWords;
        _values = block._values;
        _bits = block._bits;
        _slotOf = slotOf;
    }

    public int Count { get; }
    public int Slots { get; }

    /// <summary>Slots of the block held as floats; those after them hold 0 or 1.</summary>
    public int DenseSlots { get; }

    /// <summary>
    /// Writes row <paramref name="index"/> from <paramref name="values"/>, <see cref="Slots"/> long; a selection, which
    /// shares another matrix's block, is read-only.
    /// </summary>
    /// <exception cref="ArgumentException">A slot from <see cref="DenseSlots"/> on holds something other than 0 or 1.</exception>
    public void SetRow(int index, ReadOnlySpan<float> values)
    {
        if (_slotOf is not null)
            throw new InvalidOperationException("A selection of slots is read-only: write the matrix it was selected from.");
        if (values.Length != Slots)
            throw new ArgumentException($"Row {index} has {values.Length} slots; the matrix has {Slots}.", nameof(values));
        values[.._denseStride].CopyTo(_values.AsSpan(index * _denseStride, _denseStride));
        var bits = _bits.AsSpan(index * _bitWords, _bitWords);
        bits.Clear();
        for (var slot = _denseStride; slot < values.Length; slot++)
        {
            var value = values[slot];
            if (value == 1f)
            {
                var bit = slot - _denseStride;
                bits[bit >> 6] |= 1UL << (bit & 63);
            }
            else if (value != 0f)
            {
                throw new ArgumentException($"Row {index}, slot {slot}: {value} where only 0 or 1 is held (slots from {_denseStride} on).", nameof(values));
            }
        }
    }

    /// <summary>Copies row <paramref name="index"/> into <paramref name="destination"/>, <see cref="Slots"/> long.</summary>
    public void CopyRow(int index, Span<float> destination)
    {
        var dense = _values.AsSpan(index * _denseStride, _denseStride);
        var bits = _bits.AsSpan(index * _bitWords, _bitWords);
        if (_slotOf is null)
        {
            dense.CopyTo(destination);
            for (var bit = 0; bit < Slots - _denseStride; bit++)
                destination[_denseStride + bit] = Bit(bits, bit);
            return;
        }
        for (var s = 0; s < _slotOf.Length; s++)
        {
            var slot = _slotOf[s];
            destination[s] = slot < _denseStride ? dense[slot] : Bit(bits, slot - _denseStride);
        }
    }

    /// <summary>The 0/1 slot held as bit <paramref name="bit"/> of a row's words, as the float ML.NET reads.</summary>
    static float Bit(ReadOnlySpan<ulong> bits, int bit) => (bits[bit >> 6] >> (bit & 63) & 1) != 0 ? 1f : 0f;

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
            matrix.SetRow(i, rows[i]);
        }
        return matrix;
    }

    /// <summary>
    /// The rows as an <see cref="IDataView"/> with the columns of <paramref name="schema"/>: the vector column named
    /// <paramref name="featuresColumn"/> reads the rows, the label column <paramref name="labelColumn"/> reads
    /// <paramref name="labels"/> (a float or Boolean per row; empty: the default value).
    /// </summary>
    /// <param name="explicitOnly">
    /// Each row as a sparse vector of the slots that are not +0 (a −0 or a NaN stays, as written). FastTree reads a table
    /// for a fit by appending every value it is handed to a per-slot list that leaves +0 implicit, so handing it only the
    /// rest builds the same lists, bins and trees (<c>FeatureMatrixTests</c>), with most of a row's 0/1 slots skipped.
    /// </param>
    public IDataView View<TLabel>(DataViewSchema schema, string featuresColumn, string labelColumn, IReadOnlyList<TLabel> labels, bool explicitOnly = false) =>
        new MatrixView<TLabel>(this, schema, schema[featuresColumn].Index, schema[labelColumn].Index, labels, explicitOnly);

    sealed class MatrixView<TLabel>(FeatureMatrix matrix, DataViewSchema schema, int featuresIndex, int labelIndex, IReadOnlyList<TLabel> labels, bool explicitOnly) : IDataView
    {
        readonly FeatureMatrix _matrix = matrix;
        readonly int _features = featuresIndex;
        readonly int _label = labelIndex;
        readonly IReadOnlyList<TLabel> _labels = labels;
        readonly bool _explicitOnly = explicitOnly;

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

            ValueGetter<VBuffer<float>> Features => view._explicitOnly ? ExplicitFeatures : AllFeatures;

            ValueGetter<VBuffer<float>> AllFeatures => (ref VBuffer<float> value) =>
            {
                var editor = VBufferEditor.Create(ref value, view._matrix.Slots);
                view._matrix.CopyRow((int)_position, editor.Values);
                value = editor.Commit();
            };

            float[]? _row;

            ValueGetter<VBuffer<float>> ExplicitFeatures => (ref VBuffer<float> value) =>
            {
                var row = _row ??= new float[view._matrix.Slots];
                view._matrix.CopyRow((int)_position, row);
                var count = 0;
                foreach (var v in row)
                    if (!IsPositiveZero(v)) count++;
                var editor = VBufferEditor.Create(ref value, row.Length, count);
                var sparse = count < row.Length;
                for (int slot = 0, k = 0; slot < row.Length; slot++)
                {
                    if (IsPositiveZero(row[slot]))
                        continue;
                    if (sparse)
                        editor.Indices[k] = slot;
                    editor.Values[k++] = row[slot];
                }
                value = editor.Commit();
            };

            static bool IsPositiveZero(float value) => BitConverter.SingleToInt32Bits(value) == 0;

            ValueGetter<TLabel> Label => (ref TLabel value) =>
                value = view._labels.Count == 0 ? default! : view._labels[(int)_position];
        }
    }
}
