using System.Globalization;
using BenchmarkDotNet.Attributes;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;

namespace CustomerValue.Benchmarks;

/// <summary>
/// Fit time of each BTYD model on the CDNOW sample summary (2,357 customers) and on the full CDNOW master file
/// (23,570 customers) summarised at the 1997-09-30 calibration end, read from ../shared/datasets. docs/btyd.md
/// sets the figures beside Python lifetimes' fit times on the same data.
/// </summary>
public class BtydBenchmarks
{
    static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    RepeatSummary[] _customers = null!;

    [Params("CDNOW sample", "CDNOW master")]
    public string Dataset { get; set; } = "CDNOW sample";

    [GlobalSetup]
    public void Setup() => _customers = Dataset == "CDNOW sample" ? ReadSampleSummary() : SummarizeMaster();

    [Benchmark(Description = "BG/NBD")]
    public double BgNbdFit() => BgNbd.Fit(_customers, TimeUnit.Weeks).LogLikelihood;

    [Benchmark(Description = "Pareto/NBD")]
    public double ParetoNbdFit() => ParetoNbd.Fit(_customers, TimeUnit.Weeks).LogLikelihood;

    [Benchmark(Description = "MBG/NBD")]
    public double MbgNbdFit() => MbgNbd.Fit(_customers, TimeUnit.Weeks).LogLikelihood;

    [Benchmark(Description = "Gamma-Gamma")]
    public double GammaGammaFit() => GammaGamma.Fit(_customers).LogLikelihood;

    /// <summary>The published summary: ID, x, t_x, T (weeks), zbar.</summary>
    static RepeatSummary[] ReadSampleSummary() =>
        [.. File.ReadLines(Repository.Dataset("cdnow_customers_summary_with_transactions.csv")).Skip(1).Where(line => line.Length > 0).Select(line =>
        {
            var v = line.Split(',').Select(c => double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            return new RepeatSummary(v[1], v[2], v[3], v[4]);
        })];

    static RepeatSummary[] SummarizeMaster()
    {
        var spec = SourceSpec.Load(Repository.SourceSpec("cdnow-master.json"));
        var transactions = new TransactionLoader(spec).Stream(Repository.Dataset("CDNOW_master.txt"));
        return [.. CalibrationSummary.Build(transactions, CalibrationEnd, CalibrationEnd, TimeUnit.Weeks).Select(r => r.Summary)];
    }
}
