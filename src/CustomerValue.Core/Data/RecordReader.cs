namespace CustomerValue.Core.Data;

/// <summary>
/// Reads a text file record by record without allocating per record: fields are spans into a
/// reusable buffer, and the raw text is only materialized when a row has to be reported.
/// Blank lines are skipped; they are not rows.
/// </summary>
internal abstract class RecordReader : IDisposable
{
    const int InitialBufferSize = 64 * 1024;

    readonly TextReader _reader;
    char[] _buffer = new char[InitialBufferSize];
    int _end;
    bool _eof;

    int[] _fieldStarts = new int[16];
    int[] _fieldLengths = new int[16];
    bool[] _fieldInScratch = new bool[16];
    char[] _scratch = new char[256];
    int _scratchUsed;

    /// <summary>Start of the current record in the buffer; everything before it may be discarded.</summary>
    protected int RecordStart;
    /// <summary>End of the current record's text, excluding its line break.</summary>
    protected int RecordEnd;
    /// <summary>Where the next record starts.</summary>
    protected int Position;
    /// <summary>Physical line number (1-based) at <see cref="Position"/>.</summary>
    protected long NextLine = 1;

    protected RecordReader(TextReader reader) => _reader = reader;

    /// <summary>1-based physical line on which the current record starts.</summary>
    public long Line { get; protected set; }

    public int FieldCount { get; private set; }

    /// <summary>Why the current record could not be split into fields, or null when it could.</summary>
    public string? Malformed { get; protected set; }

    public ReadOnlySpan<char> this[int index] => _fieldInScratch[index]
        ? _scratch.AsSpan(_fieldStarts[index], _fieldLengths[index])
        : _buffer.AsSpan(_fieldStarts[index], _fieldLengths[index]);

    /// <summary>The current record as it stands in the file, without its final line break.</summary>
    public string RawRecord() => new(_buffer, RecordStart, RecordEnd - RecordStart);

    protected ReadOnlySpan<char> Data => _buffer.AsSpan(0, _end);
    protected char[] Buffer => _buffer;
    protected int End => _end;
    protected bool AtEndOfFile => _eof;

    public abstract bool Read();

    protected void ClearFields()
    {
        FieldCount = 0;
        _scratchUsed = 0;
        Malformed = null;
    }

    protected void AddField(int start, int length)
    {
        EnsureFieldCapacity();
        _fieldStarts[FieldCount] = start;
        _fieldLengths[FieldCount] = length;
        _fieldInScratch[FieldCount] = false;
        FieldCount++;
    }

    /// <summary>Adds a quoted field whose doubled quotes must be collapsed: the text goes to a scratch buffer.</summary>
    protected void AddUnescapedField(int start, int length)
    {
        EnsureFieldCapacity();
        if (_scratch.Length < _scratchUsed + length)
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + length));
        var source = _buffer.AsSpan(start, length);
        var target = _scratch.AsSpan(_scratchUsed);
        int written = 0;
        for (int i = 0; i < source.Length; i++)
        {
            target[written++] = source[i];
            if (source[i] == '"' && i + 1 < source.Length && source[i + 1] == '"')
                i++;
        }
        _fieldStarts[FieldCount] = _scratchUsed;
        _fieldLengths[FieldCount] = written;
        _fieldInScratch[FieldCount] = true;
        _scratchUsed += written;
        FieldCount++;
    }

    void EnsureFieldCapacity()
    {
        if (FieldCount < _fieldStarts.Length)
            return;
        Array.Resize(ref _fieldStarts, _fieldStarts.Length * 2);
        Array.Resize(ref _fieldLengths, _fieldLengths.Length * 2);
        Array.Resize(ref _fieldInScratch, _fieldInScratch.Length * 2);
    }

    /// <summary>
    /// Reads more text, keeping everything from <see cref="Position"/> on (the record being parsed);
    /// buffer offsets before the call are invalid after it, so callers re-parse the record.
    /// Returns false at the end of the file.
    /// </summary>
    protected bool Fill()
    {
        if (_eof)
            return false;
        int keep = _end - Position;
        if (Position > 0)
        {
            Array.Copy(_buffer, Position, _buffer, 0, keep);
            Position = 0;
            _end = keep;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return false;
        }
        _end += read;
        return true;
    }

    /// <summary>Counts line breaks (\n, \r\n or a lone \r) in text that lies inside one record.</summary>
    protected static int CountLineBreaks(ReadOnlySpan<char> text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
                count++;
            else if (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'))
                count++;
        }
        return count;
    }

    public void Dispose() => _reader.Dispose();
}
