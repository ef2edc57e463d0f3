using System.Text;
using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class RecordReaderTests
{
    static List<(long Line, string[] Fields)> ReadAll(RecordReader reader)
    {
        var records = new List<(long, string[])>();
        while (reader.Read())
            records.Add((reader.Line, [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader[i].ToString())]));
        return records;
    }

    [Fact]
    public void QuotedFieldsKeepDelimitersDoubledQuotesAndLineBreaks()
    {
        using var reader = new DelimitedRecordReader(new StringReader("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"x\r\ny\",2,3\r\n\r\nlast,,"), ',');

        var records = ReadAll(reader);

        Assert.Equal([1L, 2L, 5L], records.Select(r => r.Line));
        Assert.Equal([["a", "b,c", "say \"hi\""], ["x\r\ny", "2", "3"], ["last", "", ""]], records.Select(r => r.Fields));
    }

    [Fact]
    public void RecordsThatCrossTheBufferBoundaryAreReadWhole()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
            text.Append(i).Append(",\"q").Append(i).Append("\nline\",").Append(new string('z', i % 13)).Append("\r\n");
        using var reader = new DelimitedRecordReader(new StringReader(text.ToString()), ',');

        var records = ReadAll(reader);

        Assert.Equal(20_000, records.Count);
        Assert.All(records.Select((r, i) => (r, i)), x =>
        {
            Assert.Equal(1 + 2L * x.i, x.r.Line);
            Assert.Equal([x.i.ToString(), $"q{x.i}\nline", new string('z', x.i % 13)], x.r.Fields);
        });
    }

    [Fact]
    public void AnUnterminatedQuoteIsReportedAsMalformed()
    {
        using var reader = new DelimitedRecordReader(new StringReader("a,\"open\nb,c\n"), ',');

        Assert.True(reader.Read());

        Assert.Equal("unterminated quoted field in column 2", reader.Malformed);
    }

    [Fact]
    public void WhitespaceReaderSplitsRunsOfSpacesAndTabsAndSkipsBlankLines()
    {
        using var reader = new WhitespaceRecordReader(new StringReader("   00004 00001 19970101  2   29.33\r\n\r\n \t \r\n\ta\tb  c\nlast"));

        var records = ReadAll(reader);

        Assert.Equal([1L, 4L, 5L], records.Select(r => r.Line));
        Assert.Equal([["00004", "00001", "19970101", "2", "29.33"], ["a", "b", "c"], ["last"]], records.Select(r => r.Fields));
    }

    [Fact]
    public void WhitespaceReaderHandlesCrLfSplitAcrossTheBuffer()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 30_000; i++)
            text.Append("  ").Append(i).Append(' ').Append(i % 7).Append("\r\n");
        using var reader = new WhitespaceRecordReader(new StringReader(text.ToString()));

        var records = ReadAll(reader);

        Assert.Equal(30_000, records.Count);
        Assert.Equal(Enumerable.Range(1, 30_000).Select(i => (long)i), records.Select(r => r.Line));
    }
}
