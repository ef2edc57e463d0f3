using System.CommandLine;

namespace CustomerValue.Training.Tests.Bench;

public sealed class RequestBenchTests
{
    [Fact]
    public async Task RequestBenchTimesTheHandlerAgainstTheModelsAloneOnTheShippedBundle()
    {
        using var output = new StringWriter();

        var exitCode = await CvmlCommand.Create()
            .Parse(["bench", "request", "--model", Path.Combine(Cli.Root, "models", "current"), "--iterations", "20", "--repeat", "1", "--warm-up", "0"])
            .InvokeAsync(new InvocationConfiguration { Output = output });

        var text = output.ToString();
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Matches(@"(?m)^request bench: model \S+, 20 calls × 1, one thread, body of 368 bytes, a \w+ customer with \d+ recommendations", text);
        Assert.Matches(@"(?m)^  request reader / JsonSerializer: \d+\.\d\dx time, \d+ B against \d+ B allocated$", text);
        Assert.Matches(@"(?m)^  response writer / JsonSerializer: \d+\.\d\dx time, \d+ B against \d+ B allocated$", text);
        Assert.Matches(@"(?m)^  handler, bytes to bytes \(explained\) +\d+\.\d\d µs \(fastest +\d+\.\d\d\) +\d+ B allocated", text);
        Assert.Matches(@"(?m)^outside the models: -?\d+\.\d\d µs \(explain=false\), -?\d+\.\d\d µs \(explained\)", text);
        Assert.Contains("peak working set", text);
    }

    [Fact]
    public async Task RequestBenchRejectsANegativeWarmUp()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CvmlCommand.Create()
            .Parse(["bench", "request", "--warm-up", "-1"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.NotEqual(ExitCodes.Ok, exitCode);
        Assert.Contains("--warm-up must be at least 0 seconds.", error.ToString());
    }
}
