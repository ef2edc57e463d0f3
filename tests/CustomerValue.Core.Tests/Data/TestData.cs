namespace CustomerValue.Core.Tests.Data;

/// <summary>Paths to the shared datasets and the committed source specs, found from the test binaries.</summary>
internal static class TestData
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Dataset(string name) => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "datasets", name));

    public static string Spec(string name) => Path.Combine(RepositoryRoot, "data-samples", "sources", name);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerValue.ML.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("CustomerValue.ML.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temp folder a test owns and removes.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cvml-data-" + Guid.NewGuid().ToString("N"));

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it would not be.
        }
    }
}
