using System.Globalization;
using CustomerValue.Core.Segmentation;

namespace CustomerValue.Core.Tests.Segmentation;

/// <summary>Frequency cut points on real data, where 60 % of customers never bought again.</summary>
public sealed class RfmCdnowTests
{
    /// <summary>Repeat-purchase counts (x) of the 2,357 CDNOW customers.</summary>
    static List<double> CdnowFrequencies()
    {
        var file = Path.Combine(DatasetsFolder(), "cdnow_customers_summary.csv");
        return File.ReadLines(file).Skip(1).Where(line => line.Length > 0)
            .Select(line => double.Parse(line.Split(',')[1], NumberStyles.Float, CultureInfo.InvariantCulture))
            .ToList();
    }

    static string DatasetsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerValue.ML.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets"));
        }
        throw new DirectoryNotFoundException($"No CustomerValue.ML.sln above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public void CdnowFrequenciesPutTheZerosInBinOneAndSplitTheRepeatBuyersAcrossTwoToFive()
    {
        // Counts: 1,411 zeros, 439 ones, 214 twos, 100 threes, 62 fours, 131 above.
        // Bin 2 aims at 946 / 4 ≈ 237 and takes all the ones; bin 3 aims at 169 and takes the twos;
        // bin 4 aims at 146.5: stopping after the threes gives 100, taking the fours too gives 162, nearer.
        var frequencies = CdnowFrequencies();

        var cuts = RfmScorer.Cuts(frequencies);
        var scorer = new RfmScorer(new RfmBreakpoints([1, 2, 3, 4], cuts, [1, 2, 3, 4]));
        var counts = frequencies.GroupBy(f => scorer.Score(new RfmValues(1, f, 1)).Frequency)
            .OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToArray();

        Assert.Equal(2357, frequencies.Count);
        Assert.Equal([0.0, 1.0, 2.0, 4.0], cuts);
        Assert.Equal([(1, 1411), (2, 439), (3, 214), (4, 162), (5, 131)], counts);
    }
}
