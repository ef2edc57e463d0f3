using System.Text;
using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class SourceRowsTests : IDisposable
{
    static readonly SourceSpec Comma = new();
    static readonly SourceSpec Whitespace = new() { Delimiter = SourceSpec.WhitespaceDelimiter };
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    List<(long Line, string[] Fields, string? Malformed)> ReadAll(string content, SourceSpec spec)
    {
        using var rows = SourceRows.Open(_temp.File("rows.txt", content), spec);
        var records = new List<(long, string[], string?)>();
        while (rows.Read())
            records.Add((rows.Line, [.. Enumerable.Range(0, rows.FieldCount).Select(i => rows[i].ToString())], rows.Malformed));
        return records;
    }

    [Fact]
    public void QuotedFieldsKeepDelimitersDoubledQuotesAndLineBreaks()
    {
        var records = ReadAll("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"x\r\ny\",2,3\r\n\r\n  \r\nlast,,", Comma);

        Assert.Equal([1L, 2L, 6L], records.Select(r => r.Line));
        Assert.Equal([["a", "b,c", "say \"hi\""], ["x\r\ny", "2", "3"], ["last", "", ""]], records.Select(r => r.Fields));
        Assert.All(records, r => Assert.Null(r.Malformed));
    }

    [Fact]
    public void LineNumbersStayPhysicalOverManyQuotedLineBreaks()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
            text.Append(i).Append(",\"q").Append(i).Append("\nline\",").Append(new string('z', i % 13)).Append("\r\n");

        var records = ReadAll(text.ToString(), Comma);

        Assert.Equal(20_000, records.Count);
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => 1 + 2L * i), records.Select(r => r.Line));
        Assert.Equal(["19999", "q19999\nline", new string('z', 19_999 % 13)], records[^1].Fields);
    }

    [Fact]
    public void AnUnterminatedQuoteIsReportedAsMalformedInItsColumn()
    {
        var records = ReadAll("ok,1\na,\"open\nb,c\n", Comma);

        Assert.Equal([(1L, (string?)null), (2L, "unterminated quoted field in column 2")], records.Select(r => (r.Line, r.Malformed)));
    }

    [Fact]
    public void TextAfterAClosingQuoteIsReportedAsMalformedInItsColumn()
    {
        var records = ReadAll("a,\"b\"c,d\ne,f,g\n", Comma);

        Assert.Equal([(1L, "text after the closing quote of column 2"), (2L, (string?)null)], records.Select(r => (r.Line, r.Malformed)));
    }

    [Fact]
    public void AQuoteInsideAnUnquotedFieldIsText()
    {
        var records = ReadAll("12\" vinyl,3\n", Comma);

        var record = Assert.Single(records);
        Assert.Equal(["12\" vinyl", "3"], record.Fields);
        Assert.Null(record.Malformed);
    }

    [Fact]
    public void WhitespaceRowsSplitOnRunsOfSpacesAndTabsAndSkipBlankLines()
    {
        var records = ReadAll("   00004 00001 19970101  2   29.33\r\n\r\n \t \r\n\ta\tb  c\nlast", Whitespace);

        Assert.Equal([1L, 4L, 5L], records.Select(r => r.Line));
        Assert.Equal([["00004", "00001", "19970101", "2", "29.33"], ["a", "b", "c"], ["last"]], records.Select(r => r.Fields));
    }

    [Fact]
    public void TheRawRecordIsTheLineAsWritten()
    {
        using var rows = SourceRows.Open(_temp.File("rows.txt", "\uFEFFid,note\r\nc1,\"caf\u00e9, \"\"best\"\"\"\r\n"), Comma);

        Assert.True(rows.Read());
        Assert.True(rows.Read());

        Assert.Equal("c1,\"caf\u00e9, \"\"best\"\"\"", rows.RawRecord());
        Assert.Equal("caf\u00e9, \"best\"", rows[1].ToString());
    }

    [Fact]
    public void ALineIsReadAgainAcrossQuotedLineBreaksAndBlankLinesWhileTheReaderReadsOn()
    {
        var text = new StringBuilder("id,note\n");
        for (int i = 0; i < 2_000; i++)
            text.Append(" o").Append(i).Append(i % 7 == 0 ? ",\"two\nlines\"\n" : ",x\n").Append(i % 11 == 0 ? "\n" : "");
        using var rows = SourceRows.Open(_temp.File("rows.txt", text.ToString()), Comma);
        var lines = new Dictionary<string, long>();
        while (rows.Read())
            lines[rows[0].Trim().ToString()] = rows.Line;

        // Forward from the last line read again, then back to an earlier one.
        string[] asked = ["id", "o0", "o1", "o700", "o1999", "o5", "o5"];
        var again = asked.Select(id => rows.Reread(lines[id], 0)).ToList();

        Assert.True(rows.CanReread);
        Assert.Equal(asked, again);
    }

    [Fact]
    public void AWhitespaceDelimitedLineIsReadAgainAsItsPieces()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 1_000; i++)
            text.Append("  ").Append(i).Append(" \t o").Append(i).Append("   1.5\r\n");
        using var rows = SourceRows.Open(_temp.File("rows.txt", text.ToString()), Whitespace);
        while (rows.Read())
        {
        }

        Assert.Equal(("o0", "o600", "o999"), (rows.Reread(1, 1), rows.Reread(601, 1), rows.Reread(1_000, 1)));
    }

    [Fact]
    public void AUtf16FileIsNotReadAgain()
    {
        var path = _temp.Combine("rows.txt");
        File.WriteAllText(path, "id,note\nc1,x\n", Encoding.Unicode);

        using var rows = SourceRows.Open(path, Comma);

        Assert.False(rows.CanReread);
    }
}
