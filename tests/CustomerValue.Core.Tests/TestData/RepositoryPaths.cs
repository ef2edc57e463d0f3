namespace CustomerValue.Core.Tests.TestData;

/// <summary>Files the repository ships, found from the test binaries by walking up to the solution.</summary>
internal static class RepositoryPaths
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

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);
}
