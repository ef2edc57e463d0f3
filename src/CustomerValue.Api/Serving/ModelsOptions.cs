using System.ComponentModel.DataAnnotations;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Api.Serving;

/// <summary>The <c>Models</c> section of the configuration: where the served bundles live.</summary>
public sealed class ModelsOptions
{
    public const string SectionName = "Models";
    public const string SolutionFileName = "CustomerValue.ML.sln";

    /// <summary>
    /// The models folder: one sub-folder per version plus the <c>current</c> pointer file. Relative
    /// paths are taken from the content root. Unset: the <c>models</c> folder of the repository,
    /// found by walking up from the content root and then the app's base directory to the folder
    /// holding <see cref="SolutionFileName"/>.
    /// </summary>
    [Required(ErrorMessage = "Models:Path is not set and no " + SolutionFileName + " was found above the content root or the app's folder; set Models:Path.")]
    public string? Path { get; set; }

    /// <summary>Reload this long after the last change to the pointer or the served version.</summary>
    [Range(0, 600_000)]
    public int DebounceMilliseconds { get; set; } = 250;

    /// <summary>Whether to reload on file changes; the admin endpoint reloads either way.</summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary>
    /// Engines each model's pool keeps for reuse. Under load the thread pool runs more handlers at once
    /// than there are cores, and every engine beyond this count is built and then thrown away, which
    /// costs more than a prediction (most of all the explaining engine); engines are small, so keep many.
    /// </summary>
    [Range(1, 1024)]
    public int MaxRetainedEngines { get; set; } = 64;

    /// <summary>
    /// <c>compiled</c> (default): FastTree models are compiled at load and evaluated directly, with the same
    /// scores and contributions as ML.NET at a fraction of the cost; a model that cannot be compiled falls back to
    /// engines. <c>engine</c>: every model through pooled PredictionEngines, as before the compiled evaluator.
    /// </summary>
    [EnumDataType(typeof(ModelEvaluator), ErrorMessage = "Models:Evaluator must be compiled or engine.")]
    public ModelEvaluator Evaluator { get; set; } = ModelEvaluator.Compiled;

    /// <summary>The models folder of the repository above <paramref name="startDirectories"/>, or null.</summary>
    public static string? FindRepositoryModels(params IEnumerable<string?> startDirectories)
    {
        foreach (var start in startDirectories)
        {
            if (string.IsNullOrEmpty(start))
                continue;
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFileName)))
                    return System.IO.Path.Combine(directory.FullName, "models");
            }
        }
        return null;
    }
}
