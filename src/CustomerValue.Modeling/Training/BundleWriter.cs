using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Monitoring;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Writes a bundle into a hidden temporary folder and renames it into place, then (if promoted)
/// moves <c>models/current</c>. A failure at any point leaves the current pointer untouched and no
/// half-written version folder behind.
/// </summary>
public static class BundleWriter
{
    /// <param name="driftSnapshot">The customers as of the data's end (the ones serving starts from), recorded beside the card
    /// as the drift baseline; null writes none.</param>
    public static string Write(string modelsDirectory, ModelCard card, Action<string> writeFiles, bool promote,
        IReadOnlyList<FeatureRow>? driftSnapshot = null)
    {
        Directory.CreateDirectory(modelsDirectory);
        var target = Path.Combine(modelsDirectory, card.Version);
        if (Directory.Exists(target))
            throw new IOException($"A bundle named '{card.Version}' already exists in {modelsDirectory}.");
        var temp = Path.Combine(modelsDirectory, $".tmp-{card.Version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            writeFiles(temp);
            File.WriteAllText(Path.Combine(temp, ModelCard.FileName), card.ToJson());
            if (driftSnapshot is not null)
                DriftBaselineBuilder.Write(temp, driftSnapshot);
            Directory.Move(temp, target);
        }
        catch
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
            throw;
        }
        if (promote)
            ModelPointer.Write(modelsDirectory, card.Version);
        return target;
    }
}
