using System.Text;

namespace CustomerValue.Core.Data;

/// <summary>
/// Writes rejected rows as CSV (file, line, column, reason, raw), RFC 4180 quoted, with formulas neutralised as the
/// candidate export does (a field starting with =, +, -, @, tab or CR gets a leading apostrophe, so a spreadsheet shows
/// it as text). The file is created on the first rejected row, so a clean load leaves nothing behind.
/// </summary>
internal sealed class QuarantineWriter(string path) : IDisposable
{
    StreamWriter? _writer;

    public string Path { get; } = path;

    public bool Created => _writer is not null;

    public void Write(RowError error)
    {
        if (_writer is null)
        {
            try
            {
                _writer = new StreamWriter(Path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot write the quarantine file {Path}: {e.Message}; give another with --quarantine", e);
            }
            _writer.NewLine = "\n";
            _writer.WriteLine("file,line,column,reason,raw");
        }
        _writer.Write(Quote(error.File));
        _writer.Write(',');
        _writer.Write(error.Line);
        _writer.Write(',');
        _writer.Write(Quote(error.Column ?? ""));
        _writer.Write(',');
        _writer.Write(Quote(error.Reason));
        _writer.Write(',');
        _writer.WriteLine(Quote(error.Raw ?? ""));
    }

    static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    public void Dispose() => _writer?.Dispose();
}
