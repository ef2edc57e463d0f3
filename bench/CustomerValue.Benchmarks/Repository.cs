namespace CustomerValue.Benchmarks;

/// <summary>Files the benchmarks read in place: the repository's models folder and the shared datasets beside it.</summary>
internal static class Repository
{
    static readonly Lazy<string> RootFolder = new(() =>
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CustomerValue.ML.sln")))
                    return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("CustomerValue.ML.sln not found above the working directory or " + AppContext.BaseDirectory);
    });

    public static string Root => RootFolder.Value;

    public static string Models => Path.Combine(Root, "models");

    public static string Dataset(string name) => Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets", name));

    public static string SourceSpec(string name) => Path.Combine(Root, "data-samples", "sources", name);
}
