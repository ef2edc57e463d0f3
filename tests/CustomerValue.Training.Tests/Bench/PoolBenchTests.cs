using System.CommandLine;

namespace CustomerValue.Training.Tests.Bench;

public sealed class PoolBenchTests
{
    [Fact]
    public async Task PoolBenchReportsBothPathsAndTheirRatioOnOneAndTwoThreads()
    {
        using var output = new StringWriter();

        var exitCode = await CvmlCommand.Create()
            .Parse(["bench", "pool", "--iterations", "2000", "--repeat", "1"])
            .InvokeAsync(new InvocationConfiguration { Output = output });

        var text = output.ToString();
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Matches(@"(?m)^1 thread: bare engine [\d,]+/s, pool [\d,]+/s \(medians\), ratio \d+\.\d{3}", text);
        Assert.Matches(@"(?m)^2 threads: bare engine [\d,]+/s, pool [\d,]+/s \(medians\), ratio \d+\.\d{3}", text);
        Assert.Contains("peak working set:", text);
    }

    [Fact]
    public async Task PoolBenchRejectsZeroIterations()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CvmlCommand.Create()
            .Parse(["bench", "pool", "--iterations", "0"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.NotEqual(ExitCodes.Ok, exitCode);
        Assert.Contains("--iterations must be at least 1.", error.ToString());
    }
}
