using System.CommandLine;

namespace CustomerValue.Training.Tests;

/// <summary>Runs <c>cvml</c> in-process with captured output, and finds the files the commands read.</summary>
internal static class Cli
{
    static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerValue.ML.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("CustomerValue.ML.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootFolder.Value;

    /// <summary>A shared dataset, read in place at ../shared/datasets/.</summary>
    public static string Dataset(string name) => Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets", name));

    public static string Spec(string name) => Path.Combine(Root, "data-samples", "sources", name);

    /// <summary>Standard output and error apart.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAtAsync(TimeProvider.System, args);

    /// <summary>Standard output and error apart, with "today" taken from <paramref name="clock"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAtAsync(TimeProvider clock, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CvmlCommand.Create(clock).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Standard output and error interleaved, as a terminal shows them.</summary>
    public static async Task<(int ExitCode, string Output)> RunCombinedAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var exitCode = await CvmlCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = writer, Error = writer });
        return (exitCode, writer.ToString());
    }
}
