using System.CommandLine;

namespace CustomerValue.Training.Tests.Bench;

public sealed class FeaturesBenchTests
{
    [Fact]
    public void SmallFeaturesBenchReportsMediansAndPeakMemory()
    {
        var output = new StringWriter();

        var exitCode = CvmlCommand.Create()
            .Parse(["bench", "features", "--customers", "200", "--transactions", "2000", "--repeat", "1"])
            .Invoke(new InvocationConfiguration { Output = output });

        var text = output.ToString();
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("2,000 transactions", text);
        Assert.Contains("generate + features (median):", text);
        Assert.Contains("peak working set:", text);
    }

    [Fact]
    public void FeaturesBenchRejectsZeroCustomers()
    {
        var error = new StringWriter();

        var exitCode = CvmlCommand.Create()
            .Parse(["bench", "features", "--customers", "0"])
            .Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("--customers must be at least 1.", error.ToString());
    }
}
