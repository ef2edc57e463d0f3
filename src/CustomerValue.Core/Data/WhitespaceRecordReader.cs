namespace CustomerValue.Core.Data;

/// <summary>
/// Splits each line on runs of spaces and tabs, ignoring leading and trailing ones, as in the
/// CDNOW files. There is no quoting: a field cannot contain whitespace.
/// </summary>
internal sealed class WhitespaceRecordReader(TextReader reader) : RecordReader(reader)
{
    public override bool Read()
    {
        while (true)
        {
            var pending = Data[Position..];
            int lineLength = pending.IndexOfAny('\r', '\n');
            // A '\r' that ends the buffer may be the first half of "\r\n": read on before deciding.
            if ((lineLength < 0 || (pending[lineLength] == '\r' && lineLength + 1 == pending.Length)) && Fill())
                continue;
            if (lineLength < 0)
            {
                if (pending.IsEmpty)
                    return false;
                lineLength = pending.Length;
            }

            RecordStart = Position;
            RecordEnd = Position + lineLength;
            Line = NextLine++;
            int next = RecordEnd;
            if (next < End && Buffer[next] == '\r')
                next++;
            if (next < End && Buffer[next] == '\n' && (next == RecordEnd || Buffer[next - 1] == '\r'))
                next++;
            Position = next;

            Split();
            if (FieldCount > 0)
                return true;
        }
    }

    void Split()
    {
        ClearFields();
        var line = Buffer.AsSpan(RecordStart, RecordEnd - RecordStart);
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
                i++;
            if (i == line.Length)
                break;
            int start = i;
            while (i < line.Length && line[i] != ' ' && line[i] != '\t')
                i++;
            AddField(RecordStart + start, i - start);
        }
    }
}
