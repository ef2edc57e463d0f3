using System.Globalization;
using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Tests.TestData;

/// <summary>
/// The CDNOW sample through the product's own loader and spec (data-samples/sources/cdnow.json),
/// and its published summaries keyed the way the loader writes the ids ("0001"). Files are read in
/// place from ../shared/datasets/ next to the repository root.
/// </summary>
internal static class CdnowSample
{
    static readonly Lazy<IReadOnlyList<Transaction>> Loaded = new(() =>
        new TransactionLoader(SourceSpec.Load(RepositoryPaths.Of("data-samples", "sources", "cdnow.json")))
            .Load(DatasetPath("CDNOW_sample.txt")).Transactions);

    public static string DatasetPath(string fileName) =>
        Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "datasets", fileName));

    public static IEnumerable<Transaction> Transactions() => Loaded.Value;

    /// <summary>A published summary CSV (header, then comma-separated numbers) as rows of numbers keyed by the sample id, zero-padded like the source file.</summary>
    public static Dictionary<string, double[]> Summary(string fileName)
    {
        var rows = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(DatasetPath(fileName)).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var fields = line.Trim().Split(',');
            var id = int.Parse(fields[0], CultureInfo.InvariantCulture).ToString("D4", CultureInfo.InvariantCulture);
            rows.Add(id, [.. fields.Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture))]);
        }
        return rows;
    }
}
