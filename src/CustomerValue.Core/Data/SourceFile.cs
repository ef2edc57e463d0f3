namespace CustomerValue.Core.Data;

/// <summary>
/// One pass over a source file, shared by the transaction and customer loaders: opens it, reads
/// the header, resolves the layout, hands out well-formed rows, and books every rejected row in
/// the report (and the quarantine file under <see cref="BadRowPolicy.Skip"/>).
/// </summary>
internal sealed class SourceFile : IDisposable
{
    readonly SourceSpec _spec;
    readonly LoadOptions _options;
    RowReader _reader;
    readonly QuarantineWriter? _quarantine;
    bool _rowRejected;

    SourceFile(string path, SourceSpec spec, LoadOptions options, RowReader reader, LoadReport report)
    {
        Path = path;
        _spec = spec;
        _options = options;
        _reader = reader;
        Report = report;
        if (options.OnBadRow == BadRowPolicy.Skip)
            _quarantine = new QuarantineWriter(options.QuarantinePath ?? SourceAddress.DefaultQuarantinePath(path, spec.Kind));
    }

    public string Path { get; }
    public LoadReport Report { get; }
    public ColumnLayout Layout { get; private set; } = null!;
    public RowReader Row => _reader;

    /// <summary>
    /// From the next row on, reads a CSV file on a second thread with <paramref name="plan"/>'s columns parsed ahead
    /// (<see cref="PreparsedRows"/>); a Parquet file or a query already hands out typed values and is read as before.
    /// </summary>
    public void ParseAhead(ParseAheadPlan plan)
    {
        if (_reader is SourceRows csv)
            _reader = new PreparsedRows(csv, plan);
    }

    /// <summary>Under <see cref="BadRowPolicy.Fail"/>, once a row is bad no further rows are handed to the caller as loaded.</summary>
    public bool Failing => _options.OnBadRow == BadRowPolicy.Fail && Report.RowsRejected > 0;

    public static SourceFile Open(string path, SourceSpec spec, LoadOptions options)
    {
        var report = new LoadReport(SourceAddress.DisplayName(path), spec.Kind) { AsOf = options.AsOf, LeftOutBy = LoadReport.LeftOutByOf(spec) };
        if (Directory.Exists(path))
            throw FileError(report, 0, null, "is a folder; give the file inside it", null);
        RowReader reader;
        try
        {
            reader = SourceAddress.Open(path, spec);
        }
        catch (SourceReadException e)
        {
            throw FileError(report, 0, null, e.Message, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FileError(report, 0, null, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot be read: {e.Message}", null);
        }

        var file = new SourceFile(report.File, spec, options, reader, report);
        try
        {
            file.ReadHeader();
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    void ReadHeader()
    {
        string[]? names = _spec.Columns is { } columns ? [.. columns] : null;
        string? headerText = null;
        long headerLine = 1;
        if (_reader.SchemaColumns is { } schema)
        {
            headerLine = 0;
            if (names is not null && names.Length != schema.Length)
                throw FileError(Report, 0, null, $"\"columns\" lists {names.Length} names, but the source has {schema.Length} columns: {string.Join(", ", schema)}", null);
            names ??= schema;
        }
        else if (_spec.Header)
        {
            if (!_reader.Read())
                throw EmptyFile();
            headerLine = _reader.Line;
            headerText = _reader.RawRecord();
            names ??= [.. Enumerable.Range(0, _reader.FieldCount).Select(i => _reader[i].Trim().ToString())];
        }
        Layout = ColumnLayout.Resolve(_spec, names, headerText,
            (column, reason) => FileError(Report, headerLine, column, reason, headerText),
            headerText is null ? null : new RowsAfterHeader(_reader));
        if (Layout.Names is not null)
            Report.IgnoredColumns = [.. Enumerable.Range(0, Layout.Names.Length).Where(i => !Layout.IsUsed(i)).Select(Layout.ColumnName)];
    }

    DataLoadException EmptyFile() =>
        FileError(Report, 0, null, _spec.Header
            ? $"the file is empty: expected a header line naming {string.Join(", ", ContractFields.RequiredFor(_spec.Kind))}, then one row per {(_spec.Kind == FileKind.Transactions ? "transaction" : "customer")}"
            : $"the file is empty: expected one row per {(_spec.Kind == FileKind.Transactions ? "transaction" : "customer")}", null);

    /// <summary>A problem with the file as a whole, found by a loader once the layout is known.</summary>
    public DataLoadException FileProblem(long line, string? column, string reason) => FileError(Report, line, column, reason, null);

    static DataLoadException FileError(LoadReport report, long line, string? column, string reason, string? raw)
    {
        report.ErrorList.Add(new RowError(report.File, line, column, reason, raw));
        return new DataLoadException(report);
    }

    /// <summary>
    /// Exports that end every row with a delimiter but not the header give each row one empty field too many, and
    /// every row is rejected: say what the extra field is.
    /// </summary>
    string TrailingDelimiterHint() =>
        _reader.FieldCount == Layout.ExpectedCount + 1 && _reader[_reader.FieldCount - 1].IsWhiteSpace()
            ? " (the last one is empty: a delimiter at the end of the row?)"
            : "";

    /// <summary>
    /// Moves to the next row with the expected number of fields; rows that are malformed or have
    /// the wrong width are rejected on the way. Returns false at the end of the file.
    /// </summary>
    public bool NextRow()
    {
        while (ReadRow())
        {
            Report.RowsRead++;
            _rowRejected = false;
            if (Layout.ExpectedCount < 0)
                FixWidthFromFirstRow();
            if (_reader.Malformed is { } malformed)
                Reject(null, malformed);
            else if (_reader.FieldCount != Layout.ExpectedCount)
                Reject(null, $"wrong column count: expected {Layout.ExpectedCount}, found {_reader.FieldCount}{TrailingDelimiterHint()}");
            else
                return true;
        }
        if (Report.RowsRead == 0 && !_spec.Header && _reader.SchemaColumns is null)
            throw EmptyFile();
        return false;
    }

    bool ReadRow()
    {
        try
        {
            return _reader.Read();
        }
        catch (SourceReadException e)
        {
            throw FileError(Report, 0, null, e.Message, null);
        }
    }

    void FixWidthFromFirstRow()
    {
        int needed = Layout.HighestReferencedColumn;
        if (_reader.FieldCount == 1 && needed > 1)
        {
            var raw = _reader.RawRecord();
            var guess = ColumnLayout.LooksLikeWrongDelimiter(_spec, raw);
            throw FileError(Report, _reader.Line, null,
                $"found 1 column where at least {needed} separated by {_spec.DelimiterDescription} were expected"
                + (guess is null ? "" : $"; the row looks {guess}-separated: set \"delimiter\": \"{guess.Trim('\'')}\" in the source spec"), raw);
        }
        Layout.SetWidth(_reader.FieldCount);
    }

    /// <summary>Rejects the current row; a row is rejected at most once, for its first problem.</summary>
    public void Reject(string? column, string reason)
    {
        if (_rowRejected)
            return;
        _rowRejected = true;
        Report.RowsRejected++;
        var error = new RowError(Path, _reader.Line, column, reason, _reader.RawRecord());
        if (Report.ErrorList.Count < LoadOptions.ListedErrors)
            Report.ErrorList.Add(error);
        _quarantine?.Write(error);
    }

    public void Accept() => Report.RowsLoaded++;

    /// <summary>Leaves the current row out, as the spec's <c>exclude</c> asks: counted, not loaded, not bad.</summary>
    public void Exclude() => Report.RowsExcluded++;

    /// <summary>Closes the pass; under <see cref="BadRowPolicy.Fail"/> any rejected row makes it throw.</summary>
    public void Finish()
    {
        _quarantine?.Dispose();
        if (_quarantine is { Created: true })
            Report.QuarantinePath = _quarantine.Path;
        if (Failing)
        {
            // Rows handed out before the first bad one are not loaded after all.
            Report.RowsLoaded = Report.RowsRead - Report.RowsRejected - Report.RowsExcluded;
            throw new DataLoadException(Report);
        }
    }

    public void Dispose()
    {
        _quarantine?.Dispose();
        _reader.Dispose();
    }
}
