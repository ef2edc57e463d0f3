namespace CustomerValue.Core.Data;

/// <summary>
/// The records after a header that does not fit the spec, read only when a suggestion for the spec asks for them: the
/// file is not loaded after that, so they are read here, once, as the first question needs them: split as the spec
/// splits them (for the columns' texts), or as whole lines (for a header split by another delimiter); a later question
/// of the other kind gets none.
/// </summary>
internal sealed class RowsAfterHeader(RowReader reader)
{
    /// <summary>
    /// Enough rows for a day above 12 to turn up: Online Retail's first 20,000 lines or so are dated 1 to 12 December 2010,
    /// which cannot tell day from month.
    /// </summary>
    public const int Limit = 50_000;

    List<string[]>? _fields;
    List<string>? _lines;

    /// <summary>The texts of <paramref name="column"/> in up to <see cref="Limit"/> records, as the spec splits them.</summary>
    public IReadOnlyList<string> Column(int column)
    {
        if (_fields is null && _lines is null)
        {
            _fields = [];
            for (int rows = 0; rows < Limit && reader.Read(); rows++)
                _fields.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader[i].ToString())]);
        }
        return _fields is null ? [] : [.. _fields.Where(row => column < row.Length).Select(row => row[column])];
    }

    /// <summary>Up to <see cref="Limit"/> records as the file writes them, for a delimiter other than the spec's.</summary>
    public IReadOnlyList<string> Lines()
    {
        if (_lines is not null)
            return _lines;
        if (_fields is not null)
            return [];
        _lines = [];
        for (int rows = 0; rows < Limit && reader.Read(); rows++)
            _lines.Add(reader.RawRecord().TrimEnd('\r', '\n'));
        return _lines;
    }
}
