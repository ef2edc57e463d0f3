using System.Buffers;

namespace CustomerValue.Core.Data;

/// <summary>
/// RFC 4180 reader for one-character delimiters: quoted fields may hold delimiters, doubled quotes
/// and line breaks; <see cref="RecordReader.Line"/> is the physical line where a record starts, so
/// line numbers stay right after a quoted line break. A quote inside an unquoted field is taken
/// literally.
/// </summary>
internal sealed class DelimitedRecordReader : RecordReader
{
    readonly char _delimiter;
    readonly SearchValues<char> _fieldEnds;

    public DelimitedRecordReader(TextReader reader, char delimiter) : base(reader)
    {
        _delimiter = delimiter;
        _fieldEnds = SearchValues.Create([delimiter, '\r', '\n']);
    }

    public override bool Read()
    {
        while (true)
        {
            if (Position == End && !Fill())
                return false;
            switch (TryParseRecord())
            {
                case ParseOutcome.NeedMore:
                    // Either more text arrives or the end of the file is now known; both let the record finish.
                    Fill();
                    continue;
                case ParseOutcome.Blank:
                    continue;
                default:
                    return true;
            }
        }
    }

    enum ParseOutcome { Record, Blank, NeedMore }

    /// <summary>
    /// Parses the record at <see cref="RecordReader.Position"/>. Returns NeedMore, without moving,
    /// when the buffer ends inside the record and the file goes on.
    /// </summary>
    ParseOutcome TryParseRecord()
    {
        ClearFields();
        var data = Data;
        int start = Position;
        int i = start;
        int lineBreaksInside = 0;
        string? malformed = null;

        while (true)
        {
            if (i < data.Length && data[i] == '"')
            {
                int contentStart = i + 1;
                int j = contentStart;
                bool escaped = false;
                while (true)
                {
                    int quote = j < data.Length ? data[j..].IndexOf('"') : -1;
                    if (quote < 0)
                    {
                        if (!AtEndOfFile)
                            return ParseOutcome.NeedMore;
                        malformed ??= $"unterminated quoted field in column {FieldCount + 1}";
                        j = data.Length;
                        break;
                    }
                    j += quote;
                    if (j + 1 < data.Length && data[j + 1] == '"')
                    {
                        escaped = true;
                        j += 2;
                        continue;
                    }
                    if (j + 1 == data.Length && !AtEndOfFile)
                        return ParseOutcome.NeedMore;
                    break;
                }
                int contentLength = Math.Min(j, data.Length) - contentStart;
                lineBreaksInside += CountLineBreaks(data.Slice(contentStart, contentLength));
                if (escaped)
                    AddUnescapedField(contentStart, contentLength);
                else
                    AddField(contentStart, contentLength);
                i = Math.Min(j + 1, data.Length);
                if (i < data.Length && data[i] != _delimiter && data[i] != '\r' && data[i] != '\n')
                {
                    malformed ??= $"text after the closing quote of column {FieldCount}";
                    int rest = data[i..].IndexOfAny(_fieldEnds);
                    if (rest < 0)
                    {
                        if (!AtEndOfFile)
                            return ParseOutcome.NeedMore;
                        i = data.Length;
                    }
                    else
                        i += rest;
                }
            }
            else
            {
                int length = i < data.Length ? data[i..].IndexOfAny(_fieldEnds) : -1;
                if (length < 0)
                {
                    if (!AtEndOfFile)
                        return ParseOutcome.NeedMore;
                    length = data.Length - i;
                }
                AddField(i, length);
                i += length;
            }

            if (i < data.Length && data[i] == _delimiter)
            {
                i++;
                continue;
            }
            break;
        }

        // i is at a line break or at the end of the file.
        int recordEnd = i;
        if (i < data.Length && data[i] == '\r')
        {
            if (i + 1 == data.Length && !AtEndOfFile)
                return ParseOutcome.NeedMore;
            i++;
            if (i < data.Length && data[i] == '\n')
                i++;
        }
        else if (i < data.Length && data[i] == '\n')
            i++;

        RecordStart = start;
        RecordEnd = recordEnd;
        Line = NextLine;
        NextLine += 1 + lineBreaksInside;
        Position = i;
        Malformed = malformed;

        bool blank = FieldCount == 1 && this[0].IsWhiteSpace() && malformed is null
            && data.Slice(start, recordEnd - start).IndexOf('"') < 0;
        return blank ? ParseOutcome.Blank : ParseOutcome.Record;
    }
}
