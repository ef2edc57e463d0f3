using CustomerValue.Core.Serving;

namespace CustomerValue.Core.Tests.Serving;

/// <summary>A temporary models folder owned by one test, written the way training publishes.</summary>
public sealed class ModelFolder : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public ModelFolder() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "cvml-serving-" + Guid.NewGuid().ToString("N"));

    public string PointerPath => Path.Combine(Root, "current");

    public ListLogger<ModelSource<TinyBundle>> Logger { get; } = new();

    public ModelSource<TinyBundle> CreateSource(bool watch, TimeProvider? time = null) => new(
        new ModelSourceOptions { ModelsDirectory = Root, WatchForChanges = watch, DebounceInterval = TimeSpan.FromMilliseconds(50) },
        TinyBundle.Load, Logger, timeProvider: time);

    /// <summary>Writes the version folder, then points <c>current</c> at it.</summary>
    public void Publish(TinyVersion version)
    {
        WriteVersion(version.Name, version.Clv, version.Churn);
        WritePointer(version.Name);
    }

    public void WriteVersion(string version, byte[] clv, byte[] churn)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, version)).FullName;
        File.WriteAllBytes(Path.Combine(directory, "clv.zip"), clv);
        File.WriteAllBytes(Path.Combine(directory, "churn.zip"), churn);
        File.WriteAllText(Path.Combine(directory, "model-card.json"), $$"""{"version":"{{version}}"}""");
    }

    /// <summary>Atomic replace, as training does it: a temp file moved over the target.</summary>
    public void WriteAtomically(string relativePath, byte[] content)
    {
        var path = Path.Combine(Root, relativePath);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    public void WritePointer(string version) => WriteAtomically("current", System.Text.Encoding.UTF8.GetBytes(version + "\n"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
