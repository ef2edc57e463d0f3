using System.Globalization;
using System.Text;
using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class PreparsedRowsTests : IDisposable
{
    static readonly SourceSpec Comma = new();
    static readonly ParseAheadPlan DateInColumn2AmountInColumn3 = new(
        [1], () => new DateParser(null, CultureInfo.InvariantCulture, dayResolution: false), [2], CultureInfo.InvariantCulture);
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Each record as line, fields, quoting problem and raw text, joined by a character the files never hold.</summary>
    static List<string> ReadAll(RowReader rows)
    {
        var records = new List<string>();
        while (rows.Read())
        {
            var fields = Enumerable.Range(0, rows.FieldCount).Select(i => rows[i].ToString());
            records.Add(string.Join('\u0001', [rows.Line.ToString(CultureInfo.InvariantCulture), .. fields, rows.Malformed ?? "-", rows.RawRecord()]));
        }
        return records;
    }

    /// <summary>Several batches of rows with quoted line breaks, blank lines, broken quoting and short rows.</summary>
    static string ManyAwkwardRows()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 10_000; i++)
        {
            text.Append(i switch
            {
                _ when i % 997 == 0 => $"c{i},\"2024-01-01\nT\",x\r\n",
                _ when i % 1009 == 0 => $"c{i},\"2024-01-02\"z,1\n",
                _ when i % 1013 == 0 => "\n  \n",
                _ when i % 1019 == 0 => $"c{i},2024-01-03\n",
                _ => $"c{i},2024-01-{1 + i % 28:00}T10:{i % 60:00}:00,{i}.25\n",
            });
        }
        return text.Append("c-last,\"open,1\n").ToString();
    }

    [Fact]
    public void RecordsMatchTheFileReadOnOneThreadAcrossBatches()
    {
        var path = _temp.File("rows.csv", ManyAwkwardRows());
        List<string> expected, actual;
        using (var direct = SourceRows.Open(path, Comma))
            expected = ReadAll(direct);

        using (var ahead = new PreparsedRows(SourceRows.Open(path, Comma), DateInColumn2AmountInColumn3))
            actual = ReadAll(ahead);

        Assert.True(expected.Count > 9_000);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void QuotedFieldsAreHandedOverUnquotedWhileTheRawRecordKeepsItsQuotes()
    {
        var path = _temp.File("rows.csv", "c1,\"say \"\"hi\"\"\",\"plain, quoted\",\"\",12\" vinyl,\"two\nlines\",caf\u00e9,\n");
        using var rows = new PreparsedRows(SourceRows.Open(path, Comma), DateInColumn2AmountInColumn3);

        Assert.True(rows.Read());
        string[] fields = [.. Enumerable.Range(0, rows.FieldCount).Select(i => rows[i].ToString())];

        Assert.Equal(["c1", "say \"hi\"", "plain, quoted", "", "12\" vinyl", "two\nlines", "caf\u00e9", ""], fields);
        Assert.Equal("c1,\"say \"\"hi\"\"\",\"plain, quoted\",\"\",12\" vinyl,\"two\nlines\",caf\u00e9,", rows.RawRecord());
        Assert.False(rows.Read());
    }

    [Fact]
    public void DatesAndNumbersThatParseAreHandedOverAndOthersAreLeftToTheLoader()
    {
        var path = _temp.File("rows.csv", "a,2024-03-31T14:05:00+02:00,12.5\nb,31/03/2024,1e999\nc, ,abc\n");
        using var rows = new PreparsedRows(SourceRows.Open(path, Comma), DateInColumn2AmountInColumn3);
        var handedOver = new List<(bool, DateTime, bool, double, bool)>();
        while (rows.Read())
        {
            bool date = rows.TryGetTimestamp(1, out var timestamp);
            bool number = rows.TryGetNumber(2, out var amount);
            handedOver.Add((date, timestamp, number, amount, rows.TryGetNumber(0, out _)));
        }

        Assert.Equal(
            [
                (true, new DateTime(2024, 3, 31, 12, 5, 0, DateTimeKind.Utc), true, 12.5, false),
                (false, default, false, 0, false),
                (false, default, false, 0, false),
            ],
            handedOver);
    }

    [Fact]
    public void TheHashOfATrimmedIdIsKnownForRowsAheadInTheBatchAndNotForOtherColumns()
    {
        var path = _temp.File("rows.csv", "a,2024-03-31, o-1 \nb,2024-03-31,\nc,2024-03-31,o-3\n");
        var plan = DateInColumn2AmountInColumn3 with { NumberColumns = [], HashColumn = 2 };
        using var rows = new PreparsedRows(SourceRows.Open(path, Comma), plan);

        rows.Read();
        var seen = (
            rows.TryGetTextHash(2, 0, out long first) ? first : (long?)null,
            rows.TryGetTextHash(2, 1, out long blank) ? blank : (long?)null,
            rows.TryGetTextHash(2, 2, out long third) ? third : (long?)null,
            rows.TryGetTextHash(2, 3, out _),
            rows.TryGetTextHash(0, 0, out _));

        Assert.Equal((OrderIdIndex.Hash("o-1"), (long?)null, OrderIdIndex.Hash("o-3"), false, false), seen);
    }

    [Fact]
    public async Task StoppingEarlyStopsTheReadingThread()
    {
        var path = _temp.File("rows.csv", string.Concat(Enumerable.Range(0, 100_000).Select(i => $"c{i},2024-01-01,1\n")));
        var rows = new PreparsedRows(SourceRows.Open(path, Comma), DateInColumn2AmountInColumn3);
        int read = 0;
        while (read < 4_500 && rows.Read())
            read++;
        // By now the reading thread waits for room: every batch ahead is full.
        await Task.Delay(200);

        var dispose = Task.Run(rows.Dispose);
        bool stopped = await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(30))) == dispose;

        Assert.Equal((4_500, true), (read, stopped));
    }
}
