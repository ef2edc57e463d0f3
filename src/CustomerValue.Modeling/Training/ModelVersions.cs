using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The bundles in a models folder and the pointer between them: what <c>cvml models list</c> shows and
/// <c>cvml models use</c> switches. Switching is a pointer write (temp file, then move over), which a serving
/// <c>ModelSource</c> watching the folder sees as a rename and reloads on.
/// </summary>
public static class ModelVersions
{
    /// <summary>Every version folder (hidden temporary folders aside), oldest first; those without a readable card say why.</summary>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    public static IReadOnlyList<ModelVersion> List(string modelsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        if (!Directory.Exists(modelsDirectory))
            throw new DirectoryNotFoundException($"No models folder at {Path.GetFullPath(modelsDirectory)}.");
        var current = ModelPointer.Read(modelsDirectory);
        return [.. Directory.GetDirectories(modelsDirectory)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Select(d => Describe(d, current))
            .OrderBy(v => v.Card?.CreatedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(v => v.Version, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Points <c>current</c> at <paramref name="version"/> (a rollback or a roll forward) once its card reads and the
    /// model files it names are there, so the pointer never names a bundle that cannot load. Returns the version it
    /// pointed at before, if any.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such version folder.</exception>
    /// <exception cref="InvalidDataException">The version's card cannot be read, or a model file it names is missing.</exception>
    public static string? Use(string modelsDirectory, string version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        if (Path.GetFileName(version) != version || version.StartsWith('.'))
            throw new DirectoryNotFoundException($"'{version}' is not a version name; `cvml models list` shows them.");
        var folder = Path.Combine(modelsDirectory, version);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"No bundle '{version}' in {Path.GetFullPath(modelsDirectory)}; `cvml models list` shows the versions there.");
        var described = Describe(folder, null);
        if (described.Problem is { } problem)
            throw new InvalidDataException($"{folder}: {problem}; current is left as it was.");
        var previous = ModelPointer.Read(modelsDirectory);
        ModelPointer.Write(modelsDirectory, version);
        return previous;
    }

    static ModelVersion Describe(string folder, string? current)
    {
        var version = Path.GetFileName(folder);
        var isCurrent = version == current;
        var cardPath = Path.Combine(folder, ModelCard.FileName);
        if (!File.Exists(cardPath))
            return new ModelVersion(version, folder, isCurrent, null, $"no {ModelCard.FileName}");
        ModelCard card;
        try
        {
            card = ModelCard.FromJson(File.ReadAllText(cardPath), cardPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return new ModelVersion(version, folder, isCurrent, null, e.Message);
        }
        var missing = new[] { card.Clv?.FileName, card.Orders?.FileName, card.Churn.FileName, card.ColdStart?.FileName }
            .Where(f => f is not null && !File.Exists(Path.Combine(folder, f)))
            .ToList();
        return new ModelVersion(version, folder, isCurrent, card, missing.Count == 0 ? null : $"model file missing: {string.Join(", ", missing)}");
    }
}

/// <summary>One version folder: its card, whether <c>current</c> names it, and what is wrong with it, if anything.</summary>
public sealed record ModelVersion(string Version, string Path, bool Current, ModelCard? Card, string? Problem);
