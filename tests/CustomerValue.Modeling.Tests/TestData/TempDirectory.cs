namespace CustomerValue.Modeling.Tests.TestData;

/// <summary>A directory of the test's own, deleted when the test ends.</summary>
sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("cvml-synthetic-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
