using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CustomerValue.Core.Data;

/// <summary>
/// The records of a CSV file (<see cref="SourceRows"/>) read on a second thread a few batches ahead of the loader,
/// with the dates and numbers of chosen columns already parsed: splitting a record and parsing its dates and amounts
/// depend on nothing but the record, so they run beside the checks that depend on the rows before it (duplicate order
/// ids, per-customer tallies), which stay with the loader in file order.
/// </summary>
/// <remarks>
/// A value is handed over through <see cref="TryGetTimestamp"/> and <see cref="TryGetNumber"/>, the hooks a typed
/// source uses. A text that does not parse is not handed over: the hook answers false, the loader parses the text
/// itself, fails the same way and rejects the row as it always did, naming its line and column. Which rows are
/// rejected, why, and in what order does not change.
/// <para>
/// A batch keeps each field as the file's UTF-8 bytes; amounts are parsed from them (<c>double.TryParse</c> over
/// UTF-8, the same parser as over text) and a field is turned into text only for the columns that need it: the date,
/// the plan's ids, and whatever the loader asks for, when it asks. Decoding and copying every field as text took about
/// a third of this thread's time. The record's bytes are kept once, for <see cref="RawRecord"/>, and a field that
/// stands in them as it is (not quoted, the usual case) is kept as where it starts there: copying every field again was
/// about a sixth of this thread's time on the 1M-customer file (perf, instruction level).
/// </para>
/// </remarks>
internal sealed class PreparsedRows : RowReader
{
    const int BatchSize = 4096;
    const int BatchesAhead = 4;

    readonly SourceRows _source;
    readonly ParseAheadPlan _plan;
    /// <summary>The plan's culture's number format: handed to the parser as it is, not looked up from the culture per field.</summary>
    readonly NumberFormatInfo _numbers;
    readonly ConcurrentQueue<Batch> _free = new();
    readonly IEnumerator<Batch> _batches;
    Batch? _batch;
    int _row = -1;

    public PreparsedRows(SourceRows source, ParseAheadPlan plan)
    {
        _source = source;
        _plan = plan;
        _numbers = plan.Culture.NumberFormat;
        _batches = ReadAhead.Of(Fill(), batchSize: 1, batchesAhead: BatchesAhead).GetEnumerator();
    }

    public override long Line => _batch!.Lines[_row];

    public override int FieldCount => _batch!.FieldStarts[_row + 1] - _batch.FieldStarts[_row];

    public override string? Malformed => _batch!.Malformed[_row];

    public override long EstimatedRecords => _batch is null ? 0 : _batch.EstimatedRecords[_row];

    /// <summary>A field as text, decoded from its bytes when this thread first asks for it: most fields are only parsed ahead.</summary>
    public override ReadOnlySpan<char> this[int index] => _batch!.Text(Field(index));

    public override string RawRecord() => Encoding.UTF8.GetString(_batch!.RawOf(_row));

    public override bool Read()
    {
        if (_batch is not null && ++_row < _batch.Count)
            return true;
        if (_batch is not null)
            _free.Enqueue(_batch);
        _batch = null;
        // A batch holds at least one record; a failure of the source surfaces here, after the records read before it.
        if (!_batches.MoveNext())
            return false;
        _batch = _batches.Current;
        _row = 0;
        return true;
    }

    public override bool TryGetTimestamp(int index, out DateTime value)
    {
        int field = Field(index);
        bool parsed = _batch!.Parsed[field] == ParsedAs.Timestamp;
        value = parsed ? _batch.Timestamps[field] : default;
        return parsed;
    }

    public override bool TryGetTextHash(int index, int rowsAhead, out long hash)
    {
        var batch = _batch!;
        int row = _row + rowsAhead;
        bool known = index == _plan.HashColumn && row < batch.Count && batch.Hashed[row];
        hash = known ? batch.Hashes[row] : 0;
        return known;
    }

    public override bool TryGetNumber(int index, out double value)
    {
        int field = Field(index);
        bool parsed = _batch!.Parsed[field] == ParsedAs.Number;
        value = parsed ? _batch.Numbers[field] : 0;
        return parsed;
    }

    public override bool CanReread => _source.CanReread;

    public override string Reread(long line, int index) => _source.Reread(line, index);

    int Field(int index)
    {
        int field = _batch!.FieldStarts[_row] + index;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(field, _batch.FieldStarts[_row + 1], nameof(index));
        return field;
    }

    /// <summary>Runs on the reading thread: the source's records, a batch at a time, in file order.</summary>
    IEnumerable<Batch> Fill()
    {
        var dates = _plan.Dates();
        while (true)
        {
            if (!_free.TryDequeue(out var batch))
                batch = new Batch();
            batch.Clear();
            ExceptionDispatchInfo? failure = null;
            try
            {
                while (batch.Count < BatchSize && _source.Read())
                    Add(batch, dates);
            }
            catch (Exception e)
            {
                // The records read before a failure still go first, as they would on one thread.
                failure = ExceptionDispatchInfo.Capture(e);
            }
            if (batch.Count > 0)
                yield return batch;
            failure?.Throw();
            if (batch.Count < BatchSize)
                yield break;
        }
    }

    void Add(Batch batch, DateParser dates)
    {
        var source = _source;
        int row = batch.Count;
        int fields = source.FieldCount;
        int first = batch.FieldStarts[row];
        batch.EnsureFields(first + fields);
        var raw = source.RawUtf8;
        int rawStart = batch.AddRaw(raw);
        for (int i = 0; i < fields; i++)
            batch.AddField(first + i, source.Utf8(i), raw, rawStart);
        // The texts the plan reads here are decoded into the batch, where the loader finds them too.
        foreach (int column in _plan.DateColumns)
        {
            if (column < fields && batch.Text(first + column) is var text && !text.IsWhiteSpace() && dates.TryParse(text, out var timestamp))
            {
                batch.Timestamps[first + column] = timestamp;
                batch.Parsed[first + column] = ParsedAs.Timestamp;
            }
        }
        foreach (int column in _plan.NumberColumns)
        {
            if (column < fields && double.TryParse(source.Utf8(column), NumberStyles.Float, _numbers, out double number)
                && double.IsFinite(number))
            {
                batch.Numbers[first + column] = number;
                batch.Parsed[first + column] = ParsedAs.Number;
            }
        }
        int hashed = _plan.HashColumn;
        batch.Hashed[row] = hashed >= 0 && hashed < fields && !batch.Text(first + hashed).IsWhiteSpace();
        if (batch.Hashed[row])
            batch.Hashes[row] = OrderIdIndex.Hash(batch.Text(first + hashed).Trim());
        foreach (int column in _plan.TextColumns)
        {
            if (column < fields)
                batch.Text(first + column);
        }
        batch.Lines[row] = source.Line;
        batch.Malformed[row] = source.Malformed;
        batch.EstimatedRecords[row] = source.EstimatedRecords;
        batch.FieldStarts[row + 1] = first + fields;
        batch.Count++;
    }

    public override void Dispose()
    {
        // Stops the reading thread before the file it reads is closed.
        _batches.Dispose();
        _source.Dispose();
    }

    enum ParsedAs : byte
    {
        None,
        Timestamp,
        Number,
    }

    /// <summary>
    /// Records laid end to end: the fields of record r are <c>FieldStarts[r]</c> up to <c>FieldStarts[r + 1]</c>, and its
    /// bytes as the file has them <c>RawStarts[r]</c> up to <c>RawEnds[r]</c> of one buffer that also holds, after them,
    /// the fields that do not stand in them as they are (quoted ones, a whitespace-delimited record's pieces).
    /// </summary>
    sealed class Batch
    {
        public int Count;
        public readonly long[] Lines = new long[BatchSize];
        public readonly long[] EstimatedRecords = new long[BatchSize];
        public readonly string?[] Malformed = new string?[BatchSize];
        public readonly int[] FieldStarts = new int[BatchSize + 1];
        readonly int[] _rawStarts = new int[BatchSize];
        readonly int[] _rawEnds = new int[BatchSize];
        public readonly long[] Hashes = new long[BatchSize];
        public readonly bool[] Hashed = new bool[BatchSize];
        readonly FieldBuffer<byte> _bytes = new(BatchSize * 80);
        int[] _byteStarts = new int[BatchSize * 8];
        int[] _byteLengths = new int[BatchSize * 8];
        // The texts of the plan's columns, decoded on the reading thread; any other field's, by the consuming thread when
        // it first asks for it (the batch is handed over in between).
        readonly FieldBuffer<char> _chars = new(BatchSize * 16);
        int[] _charStarts = new int[BatchSize * 8];
        int[] _charLengths = new int[BatchSize * 8];
        bool[] _decoded = new bool[BatchSize * 8];
        public DateTime[] Timestamps = new DateTime[BatchSize * 8];
        public double[] Numbers = new double[BatchSize * 8];
        public ParsedAs[] Parsed = new ParsedAs[BatchSize * 8];

        public void Clear()
        {
            Array.Clear(Parsed, 0, FieldStarts[Count]);
            Array.Clear(_decoded, 0, FieldStarts[Count]);
            Count = 0;
            _bytes.Clear();
            _chars.Clear();
        }

        public void EnsureFields(int count)
        {
            if (count <= _byteStarts.Length)
                return;
            int size = Math.Max(count, _byteStarts.Length * 2);
            Array.Resize(ref _byteStarts, size);
            Array.Resize(ref _byteLengths, size);
            Array.Resize(ref _charStarts, size);
            Array.Resize(ref _charLengths, size);
            Array.Resize(ref _decoded, size);
            Array.Resize(ref Timestamps, size);
            Array.Resize(ref Numbers, size);
            Array.Resize(ref Parsed, size);
        }

        /// <summary>Keeps the record's bytes as the file has them; returns where they start.</summary>
        public int AddRaw(ReadOnlySpan<byte> raw)
        {
            int start = _bytes.Append(raw);
            _rawStarts[Count] = start;
            _rawEnds[Count] = start + raw.Length;
            return start;
        }

        public ReadOnlySpan<byte> RawOf(int row) => _bytes.Slice(_rawStarts[row], _rawEnds[row] - _rawStarts[row]);

        /// <summary>
        /// Keeps a field: as where it starts in the record's bytes (kept at <paramref name="rawStart"/>) when the reader's
        /// span of it lies in the reader's span of the record, as a copy otherwise.
        /// </summary>
        public void AddField(int field, ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> raw, int rawStart)
        {
            nint offset = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(raw), ref MemoryMarshal.GetReference(utf8));
            _byteStarts[field] = offset >= 0 && offset <= raw.Length - utf8.Length && !utf8.IsEmpty
                ? rawStart + (int)offset
                : _bytes.Append(utf8);
            _byteLengths[field] = utf8.Length;
        }

        public ReadOnlySpan<char> Text(int field)
        {
            if (!_decoded[field])
            {
                (_charStarts[field], _charLengths[field]) = _chars.AppendUtf8(_bytes.Slice(_byteStarts[field], _byteLengths[field]));
                _decoded[field] = true;
            }
            return _chars.Slice(_charStarts[field], _charLengths[field]);
        }
    }
}

/// <summary>
/// Which columns <see cref="PreparsedRows"/> parses ahead: dates with a parser of their own (the spec's formats,
/// culture and resolution; a parser is not shared between threads), numbers with the spec's culture, and the column whose
/// trimmed text is hashed for <see cref="RowReader.TryGetTextHash"/> (the order id; -1 for none). Other fields are kept
/// as the file's bytes and decoded when the loader first asks for them, except <paramref name="TextColumns"/> (ids the
/// loader reads on every row), decoded on the reading thread.
/// </summary>
internal sealed record ParseAheadPlan(int[] DateColumns, Func<DateParser> Dates, int[] NumberColumns, CultureInfo Culture, int HashColumn = -1)
{
    public int[] TextColumns { get; init; } = [];
}
