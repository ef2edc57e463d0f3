using System.Text.Json.Nodes;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Tests.TestData;

/// <summary>A trained bundle's folder copied with one choice of its card taken back: the same models, served the other way.</summary>
internal static class BundleCopy
{
    /// <summary>Copies <paramref name="bundlePath"/>'s files into <paramref name="folder"/> and lets <paramref name="change"/> edit the copy's card.</summary>
    public static string WithCard(string bundlePath, string folder, Action<JsonObject> change)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(bundlePath))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        var cardPath = Path.Combine(folder, ModelCard.FileName);
        var card = JsonNode.Parse(File.ReadAllText(cardPath))!.AsObject();
        change(card);
        File.WriteAllText(cardPath, card.ToJsonString());
        return folder;
    }
}
