using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;

namespace CustomerValue.Training.Bench;

/// <summary>
/// <c>cvml bench btyd</c>: median fit time of each BTYD model on the CDNOW sample summary and on the full CDNOW
/// master file, against the fit times of Python lifetimes on the same data.
/// </summary>
public static class BtydBench
{
    static readonly Option<int> RepeatOption = new("--repeat")
    {
        Description = "Timed fits per model and dataset (after one untimed warm-up fit)",
        DefaultValueFactory = _ => 7,
    };

    static readonly Option<DirectoryInfo?> DatasetsOption = new("--datasets")
    {
        Description = "Folder with cdnow_customers_summary_with_transactions.csv and CDNOW_master.txt " +
                      "(default: ../shared/datasets next to the folder holding CustomerValue.ML.sln)",
    };

    static readonly Option<FileInfo?> MasterSourceOption = new("--master-source")
    {
        Description = "Source spec of CDNOW_master.txt (default: data-samples/sources/cdnow-master.json in the repository)",
    };

    // lifetimes 0.11.3 fit times on the same data, as given in the task brief (seconds).
    static readonly Dictionary<(string Dataset, string Model), double> LifetimesSeconds = new()
    {
        [("CDNOW sample", "BG/NBD")] = 0.041,
        [("CDNOW master", "BG/NBD")] = 0.160,
        [("CDNOW sample", "Pareto/NBD")] = 0.28,
        [("CDNOW master", "Pareto/NBD")] = 3.8,
    };

    static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    public static Command Create()
    {
        var command = new Command("btyd", "Median fit time of BG/NBD, Pareto/NBD, MBG/NBD and Gamma-Gamma on CDNOW sample and master");
        command.Options.Add(RepeatOption);
        command.Options.Add(DatasetsOption);
        command.Options.Add(MasterSourceOption);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(parseResult, cancellationToken)));
        return command;
    }

    static int Run(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var repeat = parseResult.GetValue(RepeatOption);
        if (repeat < 1)
        {
            output.WriteLine("--repeat must be at least 1.");
            return ExitCodes.BadInput;
        }

        var folder = parseResult.GetValue(DatasetsOption)?.FullName
            ?? (FindRoot() is { } repository ? Path.GetFullPath(Path.Combine(repository, "..", "shared", "datasets")) : null);
        var samplePath = Path.Combine(folder ?? "", "cdnow_customers_summary_with_transactions.csv");
        var masterPath = Path.Combine(folder ?? "", "CDNOW_master.txt");
        if (folder is null || !File.Exists(samplePath) || !File.Exists(masterPath))
        {
            output.WriteLine($"CDNOW files not found in {folder ?? "(no CustomerValue.ML.sln above the working directory)"}; pass --datasets.");
            return ExitCodes.BadInput;
        }

        var masterSpec = parseResult.GetValue(MasterSourceOption)?.FullName
            ?? (FindRoot() is { } root ? Path.Combine(root, "data-samples", "sources", "cdnow-master.json") : null);
        if (masterSpec is null || !File.Exists(masterSpec))
        {
            output.WriteLine($"Source spec for CDNOW_master.txt not found ({masterSpec ?? "no CustomerValue.ML.sln above the working directory"}); pass --master-source.");
            return ExitCodes.BadInput;
        }

        var datasets = new (string Name, RepeatSummary[] Customers)[]
        {
            ("CDNOW sample", ReadSampleSummary(samplePath)),
            ("CDNOW master", SummarizeMaster(masterPath, masterSpec)),
        };

        output.WriteLine($"Fit time, median of {repeat} fits after one warm-up; time unit weeks; lifetimes = Python lifetimes 0.11.3 on the same data.");
        output.WriteLine($"{"dataset",-13} {"model",-12} {"customers",9} {"distinct",8} {"median s",10} {"min s",10} {"iter",5} {"log-lik",12} {"conv",5} {"lifetimes s",11} {"speed-up",9}");
        foreach (var (name, customers) in datasets)
        {
            foreach (var (model, fit) in Models())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (diagnostics, logLikelihood) = fit(customers);
                var seconds = new double[repeat];
                for (var i = 0; i < repeat; i++)
                {
                    var clock = Stopwatch.StartNew();
                    fit(customers);
                    seconds[i] = clock.Elapsed.TotalSeconds;
                }

                Array.Sort(seconds);
                var median = repeat % 2 == 1 ? seconds[repeat / 2] : 0.5 * (seconds[repeat / 2 - 1] + seconds[repeat / 2]);
                var reference = LifetimesSeconds.TryGetValue((name, model), out var s) ? s : double.NaN;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-13} {model,-12} {diagnostics.Rows,9} {diagnostics.DistinctRows,8} {median,10:F5} {seconds[0],10:F5} {diagnostics.Iterations,5} {logLikelihood,12:F2} {(diagnostics.Converged ? "yes" : "NO"),5} " +
                    $"{(double.IsNaN(reference) ? "-" : reference.ToString("F3", CultureInfo.InvariantCulture)),11} {(double.IsNaN(reference) ? "-" : (reference / median).ToString("F1", CultureInfo.InvariantCulture) + "x"),9}"));
            }
        }

        output.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F1} MiB");
        return ExitCodes.Ok;
    }

    static IEnumerable<(string Name, Func<RepeatSummary[], (FitDiagnostics, double)> Fit)> Models()
    {
        yield return ("BG/NBD", c => { var m = BgNbd.Fit(c, TimeUnit.Weeks); return (m.Diagnostics, m.LogLikelihood); });
        yield return ("Pareto/NBD", c => { var m = ParetoNbd.Fit(c, TimeUnit.Weeks); return (m.Diagnostics, m.LogLikelihood); });
        yield return ("MBG/NBD", c => { var m = MbgNbd.Fit(c, TimeUnit.Weeks); return (m.Diagnostics, m.LogLikelihood); });
        yield return ("Gamma-Gamma", c => { var m = GammaGamma.Fit(c); return (m.Diagnostics, m.LogLikelihood); });
    }

    static RepeatSummary[] ReadSampleSummary(string path) =>
        File.ReadLines(path).Skip(1).Where(line => line.Length > 0).Select(line =>
        {
            var v = line.Split(',').Select(c => double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            return new RepeatSummary(v[1], v[2], v[3], v[4]);
        }).ToArray();

    /// <summary>
    /// CDNOW_master.txt through the shared loader (data-samples/sources/cdnow-master.json) and
    /// <see cref="CalibrationSummary"/> to weekly summaries at the 1997-09-30 calibration end.
    /// </summary>
    static RepeatSummary[] SummarizeMaster(string path, string specPath)
    {
        var spec = SourceSpec.Load(specPath);
        var transactions = new TransactionLoader(spec).Stream(path);
        return CalibrationSummary.Build(transactions, CalibrationEnd, CalibrationEnd, TimeUnit.Weeks).Select(r => r.Summary).ToArray();
    }

    static string? FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CustomerValue.ML.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
