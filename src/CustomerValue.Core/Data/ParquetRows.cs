using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Core.Data;

/// <summary>
/// The rows of a Parquet file, read with Parquet.Net one row group at a time (memory is bounded by the largest row
/// group, not the file). The columns are the file's top-level fields in schema order; nested ones (lists, maps,
/// structs) have no single value per row and are left out. <see cref="Line"/> is the 1-based row within the file,
/// counted across row groups.
/// </summary>
/// <remarks>
/// Timestamps and dates come back as <see cref="DateTime"/>s: a timestamp stored adjusted to UTC is a UTC time, any
/// other is kept as written (Parquet.Net marks those local; nothing here shifts them by the machine's time zone).
/// Decimals and 32-bit floats become doubles through their shortest decimal text, as the same value written in a CSV
/// file would, so a file and its CSV export load to the same amounts.
/// </remarks>
internal sealed class ParquetRows : RowReader
{
    readonly ParquetReader _reader;
    readonly ParquetColumn[] _columns;
    readonly long _totalRows;
    int _group = -1;
    int _groupRows;
    int _row;
    long _rowsBefore;

    ParquetRows(ParquetReader reader, ParquetColumn[] columns)
    {
        _reader = reader;
        _columns = columns;
        _totalRows = reader.Metadata?.NumRows ?? 0;
        SchemaColumns = [.. columns.Select(c => c.Name)];
    }

    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="SourceReadException">The file is not Parquet, or its footer is damaged.</exception>
    public static ParquetRows Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        ParquetReader? reader = null;
        try
        {
            reader = Wait(ParquetReader.CreateAsync(stream, new ParquetOptions { TreatByteArrayAsString = true, UseDateOnlyTypeForDates = true }, leaveStreamOpen: false));
            var columns = reader.Schema.Fields.OfType<DataField>()
                .Where(f => f.MaxRepetitionLevel == 0)
                .Select(ParquetColumn.For)
                .ToArray();
            return new ParquetRows(reader, columns);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (reader is not null)
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            stream.Dispose();
            throw e as SourceReadException ?? new SourceReadException($"cannot be read as Parquet: {e.Message}", e);
        }
    }

    public override string[] SchemaColumns { get; }

    public override long Line => _rowsBefore + _row + 1;

    public override int FieldCount => _columns.Length;

    public override long EstimatedRecords => _totalRows;

    public override ReadOnlySpan<char> this[int index] => _columns[index].Text(_row);

    public override bool TryGetTimestamp(int index, out DateTime value) => _columns[index].TryGetTimestamp(_row, out value);

    public override bool TryGetNumber(int index, out double value) => _columns[index].TryGetNumber(_row, out value);

    /// <summary>The row as one CSV record of its values, nulls empty, in schema order.</summary>
    public override string RawRecord()
    {
        var record = new StringBuilder();
        for (int i = 0; i < _columns.Length; i++)
        {
            if (i > 0)
                record.Append(',');
            AppendCsvField(record, this[i]);
        }
        return record.ToString();
    }

    internal static void AppendCsvField(StringBuilder record, ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(",\"\r\n") < 0)
        {
            record.Append(value);
            return;
        }
        record.Append('"');
        foreach (char c in value)
            record.Append(c == '"' ? "\"\"" : c.ToString());
        record.Append('"');
    }

    public override bool Read()
    {
        while (++_row >= _groupRows)
        {
            if (_group + 1 >= _reader.RowGroupCount)
            {
                _row = _groupRows;
                return false;
            }
            _rowsBefore += _groupRows;
            LoadGroup(++_group);
        }
        return true;
    }

    void LoadGroup(int index)
    {
        try
        {
            using var group = _reader.OpenRowGroupReader(index);
            _groupRows = checked((int)group.RowCount);
            foreach (var column in _columns)
                column.Load(group, _groupRows);
            _row = -1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SourceReadException($"row group {index + 1} (from row {_rowsBefore + 1}) cannot be read: {e.Message}", e);
        }
    }

    static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    /// <summary>The loaders read synchronously; Parquet.Net's reads are asynchronous only.</summary>
    static void Sync(ValueTask task) => task.AsTask().GetAwaiter().GetResult();

    public override void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One column of the current row group, with its values as the loaders ask for them.</summary>
    abstract class ParquetColumn(DataField field)
    {
        protected DataField Field { get; } = field;

        public string Name => Field.Name;

        public abstract void Load(ParquetRowGroupReader group, int rows);

        public abstract ReadOnlySpan<char> Text(int row);

        public virtual bool TryGetTimestamp(int row, out DateTime value)
        {
            value = default;
            return false;
        }

        public virtual bool TryGetNumber(int row, out double value)
        {
            value = 0;
            return false;
        }

        public static ParquetColumn For(DataField field)
        {
            var type = field.ClrType;
            if (type == typeof(string))
                return new StringColumn(field);
            if (type == typeof(byte[]))
                return new BytesColumn(field);
            if (type == typeof(DateTime))
                return new TimestampColumn(field);
            if (type == typeof(DateOnly))
                return new DateColumn(field);
            if (type == typeof(double))
                return new NumberColumn<double>(field, "R", v => v);
            if (type == typeof(float))
                return new NumberColumn<float>(field, "R", ShortestText);
            if (type == typeof(Half))
                return new NumberColumn<Half>(field, "R", v => ShortestText((float)v));
            if (type == typeof(decimal))
                return new NumberColumn<decimal>(field, null, v => double.Parse(v.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            if (type == typeof(int))
                return new NumberColumn<int>(field, null, v => v);
            if (type == typeof(long))
                return new NumberColumn<long>(field, null, v => v);
            if (type == typeof(short))
                return new NumberColumn<short>(field, null, v => v);
            if (type == typeof(sbyte))
                return new NumberColumn<sbyte>(field, null, v => v);
            if (type == typeof(byte))
                return new NumberColumn<byte>(field, null, v => v);
            if (type == typeof(ushort))
                return new NumberColumn<ushort>(field, null, v => v);
            if (type == typeof(uint))
                return new NumberColumn<uint>(field, null, v => v);
            if (type == typeof(ulong))
                return new NumberColumn<ulong>(field, null, v => v);
            if (type == typeof(bool))
                return new FormattedColumn<bool>(field, v => v ? "true" : "false");
            if (type.IsValueType)
                return (ParquetColumn)Activator.CreateInstance(typeof(InvariantTextColumn<>).MakeGenericType(type), field)!;
            throw new SourceReadException($"column '{field.Name}' holds {type.Name} values, which cvml cannot read");
        }

        static double ShortestText(float value) =>
            double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    sealed class StringColumn(DataField field) : ParquetColumn(field)
    {
        string?[] _values = [];

        public override void Load(ParquetRowGroupReader group, int rows)
        {
            if (_values.Length < rows)
                _values = new string?[rows];
            else
                Array.Clear(_values);
            Sync(group.ReadAsync(Field, _values.AsMemory(0, rows)));
        }

        public override ReadOnlySpan<char> Text(int row) => _values[row];
    }

    sealed class BytesColumn(DataField field) : ParquetColumn(field)
    {
        byte[]?[] _values = [];

        public override void Load(ParquetRowGroupReader group, int rows)
        {
            if (_values.Length < rows)
                _values = new byte[]?[rows];
            else
                Array.Clear(_values);
            Sync(group.ReadAsync(Field, _values.AsMemory(0, rows)));
        }

        public override ReadOnlySpan<char> Text(int row) => _values[row] is { } bytes ? Convert.ToHexString(bytes) : default;
    }

    /// <summary>A column of values that are not text, formatted into a buffer when a loader asks for the text.</summary>
    abstract class ValueColumn<T>(DataField field) : ParquetColumn(field) where T : struct
    {
        protected T?[] Values { get; private set; } = [];
        char[] _text = new char[64];

        public override void Load(ParquetRowGroupReader group, int rows)
        {
            if (Values.Length < rows)
                Values = new T?[rows];
            Sync(group.ReadAsync<T>(Field, Values.AsMemory(0, rows)));
        }

        public override ReadOnlySpan<char> Text(int row)
        {
            if (Values[row] is not { } value)
                return default;
            int written;
            while (!TryFormat(value, _text, out written))
                _text = new char[_text.Length * 2];
            return _text.AsSpan(0, written);
        }

        protected abstract bool TryFormat(T value, Span<char> into, out int written);
    }

    sealed class NumberColumn<T>(DataField field, string? format, Func<T, double> toDouble) : ValueColumn<T>(field)
        where T : struct, ISpanFormattable
    {
        protected override bool TryFormat(T value, Span<char> into, out int written) =>
            value.TryFormat(into, out written, format, CultureInfo.InvariantCulture);

        public override bool TryGetNumber(int row, out double value)
        {
            value = Values[row] is { } v ? toDouble(v) : 0;
            return Values[row] is not null && double.IsFinite(value);
        }
    }

    sealed class TimestampColumn(DataField field) : ValueColumn<DateTime>(field)
    {
        protected override bool TryFormat(DateTime value, Span<char> into, out int written) =>
            AsRead(value).TryFormat(into, out written,
                value.Kind == DateTimeKind.Utc ? "yyyy-MM-ddTHH:mm:ss.FFFFFFFK" : value.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
                CultureInfo.InvariantCulture);

        public override bool TryGetTimestamp(int row, out DateTime value)
        {
            value = Values[row] is { } v ? AsRead(v) : default;
            return Values[row] is not null;
        }

        /// <summary>Parquet.Net marks a timestamp not adjusted to UTC as local; it is the time as written.</summary>
        static DateTime AsRead(DateTime value) =>
            value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
    }

    sealed class DateColumn(DataField field) : ValueColumn<DateOnly>(field)
    {
        protected override bool TryFormat(DateOnly value, Span<char> into, out int written) =>
            value.TryFormat(into, out written, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        public override bool TryGetTimestamp(int row, out DateTime value)
        {
            value = Values[row] is { } v ? v.ToDateTime(TimeOnly.MinValue) : default;
            return Values[row] is not null;
        }
    }

    sealed class FormattedColumn<T>(DataField field, Func<T, string> format) : ValueColumn<T>(field) where T : struct
    {
        protected override bool TryFormat(T value, Span<char> into, out int written)
        {
            var text = format(value);
            written = text.Length;
            return text.AsSpan().TryCopyTo(into);
        }
    }

    /// <summary>Types no contract field reads as a value (UUIDs, intervals, 96-bit integers): their invariant text.</summary>
    sealed class InvariantTextColumn<T>(DataField field) : ValueColumn<T>(field) where T : struct
    {
        protected override bool TryFormat(T value, Span<char> into, out int written)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            written = text.Length;
            return text.AsSpan().TryCopyTo(into);
        }
    }
}
