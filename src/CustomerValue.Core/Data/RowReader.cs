namespace CustomerValue.Core.Data;

/// <summary>
/// The rows of one source, one at a time, as the loaders read them: a CSV file (<see cref="SourceRows"/>), a Parquet
/// file (<see cref="ParquetRows"/>) or the result of a PostgreSQL query (<see cref="PostgresRows"/>). Every field is
/// handed out as text, valid until the next <see cref="Read"/>, so ids, labels and attributes go through one set of
/// checks whatever the source; a typed source also hands out its dates and numbers as values, which the loaders take
/// before parsing text, so a Parquet timestamp or a PostgreSQL numeric needs no date format or culture in the spec.
/// </summary>
internal abstract class RowReader : IDisposable
{
    /// <summary>
    /// Column names from the source's own schema (Parquet, a query's result), or null for a source whose names come
    /// from a header row or the spec (CSV).
    /// </summary>
    public virtual string[]? SchemaColumns => null;

    /// <summary>1-based position of the current row: the physical line of a CSV record, the row of a Parquet file or query result.</summary>
    public abstract long Line { get; }

    public abstract int FieldCount { get; }

    /// <summary>Why the current record's quoting is broken, or null when it is not.</summary>
    public virtual string? Malformed => null;

    /// <summary>How many rows the whole source holds, as far as known so far; 0 when unknown.</summary>
    public abstract long EstimatedRecords { get; }

    /// <summary>A field as text; empty for a null value.</summary>
    public abstract ReadOnlySpan<char> this[int index] { get; }

    /// <summary>The current row as it stands in the source, for messages and the quarantine file.</summary>
    public abstract string RawRecord();

    /// <summary>Moves to the next row; false at the end.</summary>
    public abstract bool Read();

    /// <summary>
    /// The field as a date-time when the source stores it as one (not null); false when it is text to parse with the
    /// spec's formats. Times stored in UTC come back with <see cref="DateTimeKind.Utc"/>, others as written.
    /// </summary>
    public virtual bool TryGetTimestamp(int index, out DateTime value)
    {
        value = default;
        return false;
    }

    /// <summary>
    /// <see cref="OrderIdIndex.Hash"/> of the trimmed text of a field of the row <paramref name="rowsAhead"/> rows after the
    /// current one (0: the current row), when the source computed it while reading ahead; false when it did not, or that
    /// row is not read yet. It lets a loader start fetching the memory it will need for a row before it gets there.
    /// </summary>
    public virtual bool TryGetTextHash(int index, int rowsAhead, out long hash)
    {
        hash = 0;
        return false;
    }

    /// <summary>Whether <see cref="Reread"/> can read a row again by its line: a CSV file can, a query cannot.</summary>
    public virtual bool CanReread => false;

    /// <summary>
    /// The trimmed text of field <paramref name="index"/> of the row on <paramref name="line"/>, a row this reader has
    /// handed out, read again from the source; any thread may ask while the reader reads on.
    /// </summary>
    /// <exception cref="InvalidDataException">The source no longer holds that row (it changed while being read).</exception>
    public virtual string Reread(long line, int index) => throw new NotSupportedException();

    /// <summary>The field as a finite number when the source stores it as one (not null); false when it is text to parse.</summary>
    public virtual bool TryGetNumber(int index, out double value)
    {
        value = 0;
        return false;
    }

    public abstract void Dispose();
}
