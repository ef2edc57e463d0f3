using System.CommandLine;

namespace CustomerValue.Training.Bench;

/// <summary>
/// <c>cvml bench …</c>: speed and memory measurements, kept out of the test suite because these
/// machines are noisy. Each sub-command reports medians over repeated runs.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks: report medians of repeated runs, time and peak memory");
        bench.Subcommands.Add(BtydBench.Create());
        bench.Subcommands.Add(PoolBench.Create());
        bench.Subcommands.Add(FeaturesBench.Create());
        bench.Subcommands.Add(StoreBench.Create());
        bench.Subcommands.Add(TrainBench.Create());
        bench.Subcommands.Add(PredictBench.Create());
        return bench;
    }
}
