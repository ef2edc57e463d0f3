namespace CustomerValue.Api.Tests.Fixtures;

static class RepositoryRoot
{
    /// <summary>The folder holding CustomerValue.ML.sln, found upwards from the test binaries.</summary>
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CustomerValue.ML.sln")))
                return directory.FullName;
        }
        throw new DirectoryNotFoundException($"No CustomerValue.ML.sln above {AppContext.BaseDirectory}.");
    }
}
