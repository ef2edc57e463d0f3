using System.Buffers;
using System.Text;
using CsvHelper;

namespace CustomerValue.Core.Data;

/// <summary>
/// The records of a source file as CsvHelper reads them with the spec's delimiter, one at a time. Fields are handed
/// out as text (the loaders parse numbers and dates with the spec's culture and look ids up as strings), valid until
/// the next <see cref="Read"/>. Blank lines, and lines of only spaces, tabs and delimiters, are skipped: they are not rows.
/// </summary>
/// <remarks>
/// CsvHelper splits on one separator character. A whitespace-delimited file (CDNOW pads its columns with runs of
/// spaces, sometimes tabs, and starts lines with spaces) is read with a space separator and no quoting, and the
/// fields are the non-empty pieces of what CsvHelper splits, cut again at tabs: that small split is the one thing
/// done here that the library does not do.
/// </remarks>
internal sealed class SourceRows : RowReader
{
    /// <summary>
    /// Every this many records the reader notes where one starts, so that reading a line again reads at most this many
    /// records: about 16 KB of a file of ten million rows, from 40,000 marks (640 KB).
    /// </summary>
    const int RecordsPerMark = 256;

    readonly CsvReader _csv;
    readonly bool _whitespace;
    readonly SourceSpec _spec;
    /// <summary>The file, when a record can be read again from where it starts in it; null otherwise.</summary>
    readonly string? _path;
    readonly long _lineBase;
    /// <summary>Where every <see cref="RecordsPerMark"/>th record starts: its line and byte offset, in file order.</summary>
    readonly List<(long Line, long Offset)> _marks = [];
    long _returned;
    /// <summary>The reader <see cref="Reread"/> last used, on the row it read.</summary>
    SourceRows? _again;
    readonly Queue<(long Line, CsvMalformedReason Reason)> _malformed = new();
    readonly FieldBuffer<char> _text = new(1024);
    int[] _starts = new int[16];
    int[] _lengths = new int[16];
    long[] _decodedIn = new long[16];
    // A whitespace-delimited record's fields: pieces of what CsvHelper splits, copied out as bytes.
    readonly FieldBuffer<byte> _pieces = new(1024);
    int[] _pieceStarts = new int[16];
    int[] _pieceLengths = new int[16];
    readonly long _fileLength;
    /// <summary>The file as it decompresses, when it is gzip or a zip of one file; null otherwise.</summary>
    readonly CompressedFile? _compressed;
    long _records;
    long _line;
    int _fieldCount;
    string? _malformedReason;

    SourceRows(string path, SourceSpec spec)
    {
        _spec = spec;
        _whitespace = spec.IsWhitespaceDelimited;
        _fileLength = new FileInfo(path).Length;
        if (CompressedFile.Open(path) is { } compressed)
        {
            // Read as it decompresses: the offsets are not the file's, so no record is read again.
            _compressed = compressed;
            _csv = CsvReader.Create(
                spec.TextEncoding is { } packedEncoding
                    ? Encoding.CreateTranscodingStream(compressed.Content, packedEncoding, Encoding.UTF8, leaveOpen: false)
                    : compressed.Content,
                Options(spec), leaveOpen: false);
            return;
        }
        if (spec.TextEncoding is { } encoding)
        {
            // Read through a UTF-8 copy made as the file streams: its offsets are not the file's, so no record is read again.
            var stream = Encoding.CreateTranscodingStream(File.OpenRead(path), encoding, Encoding.UTF8, leaveOpen: false);
            _csv = CsvReader.Create(stream, Options(spec), leaveOpen: false);
            return;
        }
        _csv = CsvReader.FromFile(path, Options(spec));
        _path = StartsAsUtf8(path) ? path : null;
    }

    /// <summary>A reader of the records from a stream's position on, the first of them on line <paramref name="lineBase"/> + 1.</summary>
    SourceRows(Stream stream, SourceSpec spec, long lineBase)
    {
        _spec = spec;
        _whitespace = spec.IsWhitespaceDelimited;
        _csv = CsvReader.Create(stream, Options(spec), leaveOpen: false);
        _fileLength = stream.Length;
        _lineBase = lineBase;
    }

    CsvReaderOptions Options(SourceSpec spec) =>
        ReaderOptions(_whitespace ? ' ' : spec.DelimiterChar, _whitespace, record => _malformed.Enqueue((_lineBase + record.LineNumber, record.Reason)));

    /// <summary>
    /// How CsvHelper reads a source file: no header (the loaders read it as a record), the separator (a space, without
    /// quoting, for a whitespace-delimited file, whose <paramref name="separator"/> is not read), no trimming, quoted line breaks, blank lines skipped, physical line
    /// numbers, any field count, and broken quoting recovered and handed to <paramref name="onMalformed"/>.
    /// </summary>
    internal static CsvReaderOptions ReaderOptions(char separator, bool whitespace, Action<CsvMalformedRecord> onMalformed) => CsvReaderOptions.Default with
    {
        HasHeader = false,
        Mode = whitespace ? CsvMode.NoEscape : CsvMode.Rfc4180,
        Separator = whitespace ? ' ' : separator,
        TrimWhitespace = false,
        AllowLineBreaksInQuotes = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MalformedData = CsvMalformedDataHandling.Recover,
        OnMalformedRecord = onMalformed,
    };

    /// <summary>
    /// Whether the file's bytes are what CsvHelper reads: no UTF-16 or UTF-32 byte order mark, after which it reads a
    /// transcoded copy whose offsets are not the file's.
    /// </summary>
    static bool StartsAsUtf8(string path)
    {
        Span<byte> start = stackalloc byte[4];
        using var file = File.OpenHandle(path);
        start = start[..RandomAccess.Read(file, start, 0)];
        return !start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) && !start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            && !start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
    }

    /// <summary>Opens the file; throws what opening a file throws (not found, access denied, I/O).</summary>
    public static SourceRows Open(string path, SourceSpec spec) => new(path, spec);

    /// <summary>1-based physical line on which the current record starts.</summary>
    public override long Line => _line;

    public override int FieldCount => _fieldCount;

    /// <summary>Why the current record's quoting is broken, or null when it is not.</summary>
    public override string? Malformed => _malformedReason;

    /// <summary>How many records the whole file holds, judged from the bytes the records so far took; 0 before any.</summary>
    public override long EstimatedRecords =>
        _compressed is { } compressed
            ? compressed.CompressedPosition > 0 ? _fileLength * _records / compressed.CompressedPosition : 0
            : _csv.ByteOffset > 0 ? _fileLength * _records / _csv.ByteOffset : 0;

    public override ReadOnlySpan<char> this[int index]
    {
        get
        {
            // A record's fields are decoded when first asked for: a loader reads only some of them as text.
            if (_decodedIn[index] != _records)
                Decode(index);
            return _text.Slice(_starts[index], _lengths[index]);
        }
    }

    /// <summary>A field as the file has it in UTF-8 (without its quotes and escapes), valid until the next <see cref="Read"/>.</summary>
    internal ReadOnlySpan<byte> Utf8(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _fieldCount);
        return _whitespace ? _pieces.Slice(_pieceStarts[index], _pieceLengths[index]) : _csv.GetSpan(index);
    }

    /// <summary>The current record as it stands in the file, without its final line break.</summary>
    public override string RawRecord() => Encoding.UTF8.GetString(_csv.RawRecord);

    /// <summary>The current record's bytes as they stand in the file, valid until the next <see cref="Read"/>.</summary>
    internal ReadOnlySpan<byte> RawUtf8 => _csv.RawRecord;

    /// <summary>Moves to the next record that is not blank; false at the end of the file.</summary>
    public override bool Read()
    {
        while (NextRecord())
        {
            _records++;
            _line = _lineBase + _csv.LineNumber;
            _text.Clear();
            _pieces.Clear();
            if (_whitespace ? SplitOnWhitespace() : IsRecord())
            {
                _malformedReason = QuotingProblem();
                if (_path is not null && _returned++ % RecordsPerMark == 0)
                {
                    lock (_marks)
                        _marks.Add((_line, _csv.ByteOffset));
                }
                return true;
            }
        }
        return false;
    }

    /// <summary>CsvHelper's next record; damaged compressed data is named as such, after the last line read whole.</summary>
    bool NextRecord()
    {
        if (_compressed is null)
            return _csv.Read();
        try
        {
            if (_csv.Read())
                return true;
            _compressed.CheckComplete();
            return false;
        }
        catch (InvalidDataException e)
        {
            throw new SourceReadException($"the {_compressed.Kind} data is damaged after line {_line} ({e.Message}): the rows up to there were read; compress the file again", e);
        }
    }

    public override bool CanReread => _path is not null;

    public override string Reread(long line, int index)
    {
        if (_path is null)
            throw new NotSupportedException("This source cannot read a row again.");
        (long Line, long Offset) mark;
        lock (_marks)
        {
            int found = _marks.BinarySearch((line, long.MaxValue), Comparer<(long Line, long Offset)>.Create((a, b) => a.Line.CompareTo(b.Line)));
            int at = found >= 0 ? found : ~found - 1;
            if (at < 0)
                throw Changed(line);
            mark = _marks[at];
        }
        lock (_marks)
        {
            // A file with many duplicates (one export appended twice) asks for its first lines in file order: the reader
            // that read the last one reads on from there, so all of them cost about one more pass, not one open each.
            if (_again is null || _again.Line > line || _again.Line < mark.Line)
            {
                _again?.Dispose();
                var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
                stream.Position = mark.Offset;
                _again = new SourceRows(stream, _spec, mark.Line - 1);
            }
            while (_again.Line < line)
            {
                if (!_again.Read())
                    throw Changed(line);
            }
            if (_again.Line != line || index >= _again.FieldCount)
                throw Changed(line);
            return _again[index].Trim().ToString();
        }
    }

    InvalidDataException Changed(long line) =>
        new($"{_path}: line {line} no longer holds the row read there; the file changed while it was read.");

    /// <summary>
    /// A record of these bytes alone holds no value: a blank line, or a line of delimiters only (<c>,,,,</c>), which a
    /// spreadsheet saved as CSV writes for rows that were once formatted; those were rejected one by one as rows without
    /// a customer id, counted as guest checkouts. A quoted empty field (<c>""</c>) is a value.
    /// </summary>
    SearchValues<byte> BlankBytes => _blankBytes ??= SearchValues.Create(
        _spec.DelimiterChar < 0x80 ? [(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n', (byte)_spec.DelimiterChar] : [(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
    SearchValues<byte>? _blankBytes;

    bool IsRecord()
    {
        _fieldCount = _csv.FieldCount;
        EnsureFields(_fieldCount);
        return _csv.RawRecord.IndexOfAnyExcept(BlankBytes) >= 0;
    }

    void Decode(int index)
    {
        Add(index, Utf8(index));
        _decodedIn[index] = _records;
    }

    bool SplitOnWhitespace()
    {
        int count = 0;
        for (int i = 0; i < _csv.FieldCount; i++)
        {
            var field = _csv.GetSpan(i);
            while (!field.IsEmpty)
            {
                int tab = field.IndexOf((byte)'\t');
                var piece = tab < 0 ? field : field[..tab];
                field = tab < 0 ? default : field[(tab + 1)..];
                if (piece.IsEmpty)
                    continue;
                EnsureFields(count + 1);
                AddPiece(count++, piece);
            }
        }
        _fieldCount = count;
        return count > 0;
    }

    void Add(int index, ReadOnlySpan<byte> utf8)
    {
        (_starts[index], _lengths[index]) = _text.AppendUtf8(utf8);
    }

    void AddPiece(int index, ReadOnlySpan<byte> utf8)
    {
        _pieceStarts[index] = _pieces.Append(utf8);
        _pieceLengths[index] = utf8.Length;
    }

    void EnsureFields(int count)
    {
        if (count <= _starts.Length)
            return;
        Array.Resize(ref _starts, Math.Max(count, _starts.Length * 2));
        Array.Resize(ref _lengths, _starts.Length);
        Array.Resize(ref _decodedIn, _starts.Length);
        Array.Resize(ref _pieceStarts, _starts.Length);
        Array.Resize(ref _pieceLengths, _starts.Length);
    }

    /// <summary>
    /// CsvHelper reports broken quoting as it scans, by the line the record starts on; it recovers and reads on, and
    /// the record is rejected here naming the column. A quote inside an unquoted field is ordinary text (RFC 4180
    /// leaves it undefined; CsvHelper and the loaders keep it), so only a quoted field that never closes or has text
    /// after its closing quote makes a record malformed.
    /// </summary>
    string? QuotingProblem()
    {
        while (_malformed.TryPeek(out var next) && next.Line < Line)
            _malformed.Dequeue();
        string? problem = null;
        while (_malformed.TryPeek(out var next) && next.Line == Line)
        {
            _malformed.Dequeue();
            problem ??= next.Reason switch
            {
                CsvMalformedReason.UnterminatedQuote => $"unterminated quoted field in column {FieldCount}",
                CsvMalformedReason.TextAfterClosingQuote => $"text after the closing quote of column {ColumnWithTextAfterItsQuote()}",
                _ => null,
            };
        }
        return problem;
    }

    /// <summary>The first quoted field that does not end with its quote; CsvHelper says which record, not which field.</summary>
    int ColumnWithTextAfterItsQuote()
    {
        int firstQuoted = 0;
        for (int i = 0; i < _csv.FieldCount; i++)
        {
            var raw = _csv.GetRawSpan(i);
            if (raw.IsEmpty || raw[0] != '"')
                continue;
            if (raw.Length == 1 || raw[^1] != '"')
                return i + 1;
            if (firstQuoted == 0)
                firstQuoted = i + 1;
        }
        return firstQuoted == 0 ? FieldCount : firstQuoted;
    }

    public override void Dispose()
    {
        lock (_marks)
            _again?.Dispose();
        _csv.Dispose();
        _compressed?.Dispose();
    }
}
