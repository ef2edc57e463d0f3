using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerValue.Core.Access;

/// <summary>
/// How the keys file and the console's users file are read and written: camelCase JSON, read while a writer may be
/// replacing it, written whole to a temporary file readable by the owner only and moved over the old one, so the API
/// never reads half a file.
/// </summary>
internal static class SecretFile
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>The document in <paramref name="path"/>, null when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not JSON of that shape; the message names the file and says it is not a <paramref name="what"/>.</exception>
    public static T? Read<T>(string path, string what) where T : class
    {
        if (!File.Exists(path))
            return null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonSerializer.Deserialize<T>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a {what}: {e.Message}", e);
        }
    }

    public static void Write<T>(string path, T document)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
            JsonSerializer.Serialize(stream, document, Json);
        File.Move(temporary, full, overwrite: true);
    }
}
