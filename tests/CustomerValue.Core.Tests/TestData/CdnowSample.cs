using System.Globalization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Tests.TestData;

/// <summary>
/// A test-only reader of the CDNOW sample and its published summaries, until the Data loaders land.
/// Files are read in place from ../shared/datasets/ next to the repository root.
/// </summary>
internal static class CdnowSample
{
    public static string DatasetPath(string fileName)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CustomerValue.ML.sln")))
            directory = directory.Parent;
        if (directory is null)
            throw new InvalidOperationException($"No CustomerValue.ML.sln above {AppContext.BaseDirectory}.");
        return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "datasets", fileName));
    }

    /// <summary>CDNOW_sample.txt: whitespace-separated id_master, id_sample, yyyyMMdd, cds, dollars; the customer is id_sample.</summary>
    public static IEnumerable<Transaction> Transactions()
    {
        foreach (var line in File.ReadLines(DatasetPath("CDNOW_sample.txt")))
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
                continue;
            yield return new Transaction(
                CustomerId: int.Parse(fields[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                Timestamp: DateTime.ParseExact(fields[2], "yyyyMMdd", CultureInfo.InvariantCulture),
                Amount: double.Parse(fields[4], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A published summary CSV (header, then comma-separated numbers) as rows of numbers keyed by the first column.</summary>
    public static Dictionary<string, double[]> Summary(string fileName)
    {
        var rows = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(DatasetPath(fileName)).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var fields = line.Trim().Split(',');
            rows.Add(fields[0], [.. fields.Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture))]);
        }
        return rows;
    }
}
