namespace CustomerValue.Core.Data;

/// <summary>
/// The records after a header that does not fit the spec, read only when a suggestion for the spec asks for them: the
/// file is not loaded after that, so they are read here, once, as whichever the first question needs (one column's
/// texts, or whole lines for a header split by another delimiter), and a later question of another kind gets none.
/// </summary>
internal sealed class RowsAfterHeader(RowReader reader)
{
    /// <summary>
    /// Enough rows for a day above 12 to turn up: Online Retail's first 20,000 lines are dated 1 to 12 December 2010,
    /// which cannot tell day from month.
    /// </summary>
    public const int Limit = 100_000;

    (int Column, List<string> Texts)? _column;
    List<string>? _lines;

    /// <summary>The texts of <paramref name="column"/> in up to <see cref="Limit"/> records, as the spec splits them.</summary>
    public IReadOnlyList<string> Column(int column)
    {
        if (_column is { } read)
            return read.Column == column ? read.Texts : [];
        if (_lines is not null)
            return [];
        var texts = new List<string>();
        for (int rows = 0; rows < Limit && reader.Read(); rows++)
        {
            if (column < reader.FieldCount)
                texts.Add(reader[column].ToString());
        }
        _column = (column, texts);
        return texts;
    }

    /// <summary>Up to <see cref="Limit"/> records as the file writes them, for a delimiter other than the spec's.</summary>
    public IReadOnlyList<string> Lines()
    {
        if (_lines is not null)
            return _lines;
        if (_column is not null)
            return [];
        _lines = [];
        for (int rows = 0; rows < Limit && reader.Read(); rows++)
            _lines.Add(reader.RawRecord().TrimEnd('\r', '\n'));
        return _lines;
    }
}
