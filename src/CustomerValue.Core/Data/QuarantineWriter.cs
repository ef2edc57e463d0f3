using CsvHelper;

namespace CustomerValue.Core.Data;

/// <summary>
/// Writes rejected rows as CSV (file, line, column, reason, raw): RFC 4180 quoting, LF line endings, UTF-8 without a
/// byte order mark, formulas neutralised as the candidate export does (CsvHelper's injection escaping, so a spreadsheet
/// shows them as text). The file is created on the first rejected row, so a clean load leaves nothing behind.
/// </summary>
internal sealed class QuarantineWriter(string path) : IDisposable
{
    static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { NewLine = "\n", WriteByteOrderMark = false, Injection = CsvInjection.Escape };

    CsvWriter? _writer;

    public string Path { get; } = path;

    public bool Created => _writer is not null;

    public void Write(RowError error)
    {
        if (_writer is null)
        {
            try
            {
                _writer = CsvWriter.ToFile(Path, Options);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot write the quarantine file {Path}: {e.Message}; give another with --quarantine", e);
            }
            _writer.WriteHeader(["file", "line", "column", "reason", "raw"]);
        }
        _writer.WriteField(error.File);
        _writer.WriteField(error.Line, default);
        _writer.WriteField(error.Column ?? "");
        _writer.WriteField(error.Reason);
        _writer.WriteField(error.Raw ?? "");
        _writer.EndRecord();
    }

    public void Dispose() => _writer?.Dispose();
}
