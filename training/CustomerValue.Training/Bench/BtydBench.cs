using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CustomerValue.Core.Btyd;

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

    // lifetimes 0.11.3 fit times on the same data, as given in the task brief (seconds).
    static readonly Dictionary<(string Dataset, string Model), double> LifetimesSeconds = new()
    {
        [("CDNOW sample", "BG/NBD")] = 0.041,
        [("CDNOW master", "BG/NBD")] = 0.160,
        [("CDNOW sample", "Pareto/NBD")] = 0.28,
        [("CDNOW master", "Pareto/NBD")] = 3.8,
    };

    static readonly DateTime CalibrationEnd = new(1997, 9, 30);

    public static Command Create()
    {
        var command = new Command("btyd", "Median fit time of BG/NBD, Pareto/NBD, MBG/NBD and Gamma-Gamma on CDNOW sample and master");
        command.Options.Add(RepeatOption);
        command.Options.Add(DatasetsOption);
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

        var folder = parseResult.GetValue(DatasetsOption)?.FullName ?? FindDatasets();
        var samplePath = Path.Combine(folder ?? "", "cdnow_customers_summary_with_transactions.csv");
        var masterPath = Path.Combine(folder ?? "", "CDNOW_master.txt");
        if (folder is null || !File.Exists(samplePath) || !File.Exists(masterPath))
        {
            output.WriteLine($"CDNOW files not found in {folder ?? "(no CustomerValue.ML.sln above the working directory)"}; pass --datasets.");
            return ExitCodes.BadInput;
        }

        var datasets = new (string Name, RepeatSummary[] Customers)[]
        {
            ("CDNOW sample", ReadSampleSummary(samplePath)),
            ("CDNOW master", SummarizeMaster(masterPath)),
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
    /// CDNOW_master.txt to weekly summaries at the 1997-09-30 calibration end. Stand-in until the shared
    /// transaction loader lands: days with a positive net amount are purchase days, z̄ is the mean repeat-day amount.
    /// </summary>
    static RepeatSummary[] SummarizeMaster(string path)
    {
        var days = new Dictionary<string, SortedDictionary<DateTime, double>>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length < 4)
            {
                continue;
            }

            var date = DateTime.ParseExact(cells[1], "yyyyMMdd", CultureInfo.InvariantCulture);
            if (date > CalibrationEnd)
            {
                continue;
            }

            if (!days.TryGetValue(cells[0], out var customer))
            {
                days[cells[0]] = customer = [];
            }

            customer[date] = customer.GetValueOrDefault(date) + double.Parse(cells[3], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        var summaries = new List<RepeatSummary>(days.Count);
        foreach (var customer in days.Values)
        {
            var purchases = customer.Where(d => d.Value > 0).ToArray();
            if (purchases.Length == 0)
            {
                continue;
            }

            var first = purchases[0].Key;
            var last = purchases[^1].Key;
            var repeats = purchases.Length - 1;
            var spend = repeats > 0 ? purchases.Skip(1).Average(d => d.Value) : 0;
            summaries.Add(new RepeatSummary(repeats, (last - first).TotalDays / 7, (CalibrationEnd - first).TotalDays / 7, spend));
        }

        return summaries.ToArray();
    }

    static string? FindDatasets()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CustomerValue.ML.sln")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets"));
                }
            }
        }

        return null;
    }
}
