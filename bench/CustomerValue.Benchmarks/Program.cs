using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace CustomerValue.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/CustomerValue.Benchmarks -- --filter '*Pool*'</c>; with no filter it
/// asks which benchmarks to run; <c>--job short</c> for a quick look, <c>--inProcess</c> to skip building a
/// separate executable. A class of its own: the API's top-level <c>Program</c> is referenced here.
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args,
            // The generated executable rebuilds Core and the API; two shared cores need longer than the default two minutes.
            ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
}
