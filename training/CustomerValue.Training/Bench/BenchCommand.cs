using System.CommandLine;

namespace CustomerValue.Training.Bench;

/// <summary>
/// <c>cvml bench …</c>: end-to-end figures on whole files and stores, one table each, medians over repeated runs.
/// In-process figures (serving pool, request handling, features, BTYD fits) are BenchmarkDotNet benchmarks in
/// bench/CustomerValue.Benchmarks; the API under load is .ci/bench-api.sh.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "End-to-end benchmarks on whole files and stores: medians of repeated runs");
        bench.Subcommands.Add(FeaturesBench.Create());
        bench.Subcommands.Add(StoreBench.Create());
        bench.Subcommands.Add(TrainBench.Create());
        return bench;
    }
}
