using System.Globalization;
using CustomerValue.Core.Btyd;

namespace CustomerValue.Core.Tests.TestData;

/// <summary>Reads the public CDNOW and donations summaries in place at ../shared/datasets/ next to the repository root.</summary>
internal static class SharedDatasets
{
    static readonly Lazy<string> Folder = new(FindFolder);

    public static string PathOf(string file) => Path.Combine(Folder.Value, file);

    /// <summary>cdnow_customers_summary.csv: ID, frequency, recency, T (weeks).</summary>
    public static RepeatSummary[] CdnowSummary() =>
        ReadNumbers("cdnow_customers_summary.csv", 4).Select(v => new RepeatSummary(v[1], v[2], v[3])).ToArray();

    /// <summary>cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T, zbar (weeks, dollars).</summary>
    public static RepeatSummary[] CdnowSummaryWithSpend() =>
        ReadNumbers("cdnow_customers_summary_with_transactions.csv", 5).Select(v => new RepeatSummary(v[1], v[2], v[3], v[4])).ToArray();

    /// <summary>donations.csv: frequency, recency, periods, weights: 22 patterns over 6 yearly opportunities, 11,104 donors.</summary>
    public static (RepeatOpportunities[] Patterns, double[] Donors) Donations()
    {
        var rows = ReadNumbers("donations.csv", 4).ToArray();
        return (rows.Select(v => new RepeatOpportunities((int)v[0], (int)v[1], (int)v[2])).ToArray(), rows.Select(v => v[3]).ToArray());
    }

    static IEnumerable<double[]> ReadNumbers(string file, int columns)
    {
        var lines = File.ReadAllLines(PathOf(file));
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var cells = lines[i].Split(',');
            if (cells.Length != columns)
            {
                throw new FormatException($"{file} line {i + 1}: expected {columns} columns, got {cells.Length}.");
            }

            yield return cells.Select(c => double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }
    }

    static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerValue.ML.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets"));
            }
        }

        throw new DirectoryNotFoundException($"No CustomerValue.ML.sln above {AppContext.BaseDirectory}.");
    }
}
