namespace CustomerValue.Core.Models.Training;

/// <summary>
/// <c>models/current</c>: a one-line text file naming the version folder the API serves. Replaced
/// atomically (temp file, then rename) so a reader never sees a half-written name.
/// </summary>
public static class ModelPointer
{
    public const string FileName = "current";

    public static string? Read(string modelsDirectory)
    {
        var path = Path.Combine(modelsDirectory, FileName);
        if (!File.Exists(path))
            return null;
        var version = File.ReadAllText(path).Trim();
        return version.Length == 0 ? null : version;
    }

    public static string? CurrentBundle(string modelsDirectory) =>
        Read(modelsDirectory) is { } version && Directory.Exists(Path.Combine(modelsDirectory, version))
            ? Path.Combine(modelsDirectory, version)
            : null;

    public static void Write(string modelsDirectory, string version)
    {
        var path = Path.Combine(modelsDirectory, FileName);
        var temp = Path.Combine(modelsDirectory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, version + "\n");
        File.Move(temp, path, overwrite: true);
    }
}
