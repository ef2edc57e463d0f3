using System.Diagnostics;
using CustomerValue.Api.Tests.Fixtures;

namespace CustomerValue.Api.Tests.Serving;

/// <summary>
/// Three API processes behind Debian's nginx under wrk, with the models folder's <c>current</c> pointer moved
/// half-way (.ci/replicas-swap.sh, which .ci/run provides nginx and wrk for): not one request may fail, and every
/// replica must serve the new model afterwards.
/// </summary>
public sealed class ReplicasBehindNginxTests
{
    [Fact]
    public async Task ThreeReplicasBehindNginxAnswerEveryRequestThroughAModelSwap()
    {
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, ".ci", "replicas-swap.sh"), "8"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NO_BUILD"] = "1";
        start.Environment["BASE_PORT"] = Random.Shared.Next(20_000, 40_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var error = script.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(150));

        try
        {
            await script.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // The script's trap stops the replicas and nginx it started.
            script.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(script.ExitCode == 0, $"exit {script.ExitCode}\n{await output}\n{await error}");
        Assert.Matches(@"replicas: 3 behind nginx, [1-9]\d* requests in 8 s, 0 failed; model swapped from \S+ to \S+-swapped, every replica serves it", await output);
    }
}
