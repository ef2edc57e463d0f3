using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using CsvHelper;
using CustomerValue.Core.Data;
using nietras.SeparatedValues;

namespace CustomerValue.Benchmarks;

/// <summary>
/// Splitting the records of a transactions file of the generated shape (<c>cvml generate</c>: seven columns, ISO
/// date-times, an empty device now and then) and touching every field, nothing parsed: CsvHelper configured as
/// <c>SourceRows</c> configures it (RFC 4180, line numbers tracked, malformed quoting recovered and reported, fields
/// as the file's UTF-8) against Sep, which issue #14 named as the one to move to if CsvHelper fell short. Sep hands
/// out fields as UTF-16, so it decodes every byte; CsvHelper splits the bytes. The product reads with CsvHelper; Sep
/// is referenced here only so that the choice can be checked again when either library moves.
/// </summary>
[MemoryDiagnoser]
public class CsvParseBenchmarks
{
    string _path = null!;

    [Params(500_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"cvml-csv-bench-{Environment.ProcessId}.csv");
        var random = new Random(42);
        var start = new DateTime(2023, 1, 1);
        var text = new StringBuilder("customer_id,timestamp,amount,order_id,quantity,channel,device\n");
        for (int i = 0; i < Rows; i++)
        {
            int customer = i / 10 + 1;
            var timestamp = start.AddSeconds(random.Next(730 * 86_400));
            text.Append(CultureInfo.InvariantCulture, $"C{customer:D7},{timestamp:yyyy-MM-ddTHH:mm:ss},{random.Next(100, 30_000) / 100.0:F2},C{customer:D7}-{i % 10 + 1:D2},{random.Next(1, 4)},{(i % 3 == 0 ? "store" : "online")},{(i % 4 == 0 ? "" : "ios")}\n");
        }
        File.WriteAllText(_path, text.ToString());
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "CsvHelper, as SourceRows reads")]
    public long CsvHelperRecords()
    {
        long bytes = 0;
        var options = SourceRows.ReaderOptions(',', whitespace: false, _ => { });
        using var csv = CsvReader.FromFile(_path, options);
        while (csv.Read())
        {
            for (int i = 0; i < csv.FieldCount; i++)
                bytes += csv.GetSpan(i).Length;
            bytes += csv.LineNumber & 1;
        }
        return bytes;
    }

    [Benchmark(Description = "Sep")]
    public long SepRecords()
    {
        long chars = 0;
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true }).FromFile(_path);
        foreach (var row in reader)
        {
            for (int i = 0; i < row.ColCount; i++)
                chars += row[i].Span.Length;
            chars += row.LineNumberFrom & 1;
        }
        return chars;
    }
}
