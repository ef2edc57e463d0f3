using Microsoft.ML;

namespace CustomerValue.Core.Serving;

/// <summary>
/// Loads one version folder outside a <see cref="ModelSource{TBundle}"/>, for batch jobs such as <c>cvml score</c>:
/// no pointer, no watching, one generation. The bundle and its engine pools live until the lease is disposed.
/// </summary>
public static class ModelFolder
{
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A model file cannot be loaded (and whatever <paramref name="load"/> throws).</exception>
    public static ModelLease<TBundle> Load<TBundle>(string versionDirectory, Func<ModelLoadContext, TBundle> load, MLContext? mlContext = null)
        where TBundle : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(versionDirectory);
        ArgumentNullException.ThrowIfNull(load);
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(versionDirectory));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Model folder {directory} does not exist.");
        var version = Path.GetFileName(directory);
        var context = new ModelLoadContext(version, directory, mlContext ?? new MLContext(seed: 1), Environment.ProcessorCount * 2);
        TBundle bundle;
        try
        {
            bundle = load(context) ?? throw new InvalidOperationException($"The model loader returned no bundle for {directory}.");
        }
        catch
        {
            for (var i = context.Owned.Count - 1; i >= 0; i--)
                context.Owned[i].Dispose();
            throw;
        }
        var info = new ModelInfo(version, context.CombinedHash(), context.FileHashes.ToDictionary(), DateTimeOffset.UtcNow, Generation: 1);
        // The lease takes the generation's only reference, so disposing it disposes the pools and the bundle.
        return new ModelLease<TBundle>(new ModelGeneration<TBundle>(bundle, info, [.. context.Owned], static (_, _) => { }));
    }
}
