using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Training;

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

    /// <summary>
    /// The bundle folder <paramref name="path"/> means: a bundle folder itself (it holds a model card), a models
    /// folder (its pointer is followed), or the pointer file (<c>models/current</c>; followed too).
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing is at <paramref name="path"/>, or a pointer names nothing.</exception>
    /// <exception cref="DirectoryNotFoundException">The pointer names a version folder that does not exist.</exception>
    public static string ResolveBundle(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(full) && Path.GetFileName(full) == FileName)
            return Follow(Path.GetDirectoryName(full)!);
        if (!Directory.Exists(full))
            throw new FileNotFoundException($"No model bundle or models folder at {full}.", full);
        if (File.Exists(Path.Combine(full, ModelCard.FileName)))
            return full;
        if (File.Exists(Path.Combine(full, FileName)))
            return Follow(full);
        throw new FileNotFoundException(
            $"{full} is neither a model bundle (no {ModelCard.FileName}) nor a models folder (no '{FileName}' pointer).", full);
    }

    static string Follow(string modelsDirectory)
    {
        var version = Read(modelsDirectory)
            ?? throw new FileNotFoundException($"The pointer {Path.Combine(modelsDirectory, FileName)} is empty.");
        var bundle = Path.Combine(modelsDirectory, version);
        return Directory.Exists(bundle)
            ? bundle
            : throw new DirectoryNotFoundException($"The pointer {Path.Combine(modelsDirectory, FileName)} names '{version}', which is not a folder.");
    }

    public static void Write(string modelsDirectory, string version)
    {
        var path = Path.Combine(modelsDirectory, FileName);
        var temp = Path.Combine(modelsDirectory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, version + "\n");
        File.Move(temp, path, overwrite: true);
    }
}
