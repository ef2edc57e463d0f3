using System.IO.Compression;
using Microsoft.ML;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>A saved model's contents for comparing fits byte for byte.</summary>
static class SavedModel
{
    /// <summary>Every entry of the saved zip (the trees, their schema, the trainer's settings) as hex, without the zip's own timestamps.</summary>
    public static SortedDictionary<string, string> Entries(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, schema, stream);
        stream.Position = 0;
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            using var content = entry.Open();
            using var bytes = new MemoryStream();
            content.CopyTo(bytes);
            entries[entry.FullName] = Convert.ToHexString(bytes.ToArray());
        }
        return entries;
    }
}
