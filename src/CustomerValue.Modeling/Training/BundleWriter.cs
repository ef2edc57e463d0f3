using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Writes a bundle into a hidden temporary folder and renames it into place, then (if promoted)
/// moves <c>models/current</c>. A failure at any point leaves the current pointer untouched and no
/// half-written version folder behind.
/// </summary>
public static class BundleWriter
{
    public static string Write(string modelsDirectory, ModelCard card, Action<string> writeFiles, bool promote)
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
