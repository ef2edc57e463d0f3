using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerValue.Core.Data;

/// <summary>
/// The source spec a file's header suggests when it does not name the data contract's columns (the header guess of
/// docs/data.md): its members as JSON (<c>"mapping": { … }, "dateFormats": [ … ]</c>) and a note for whoever checks it.
/// The same spec stands in the load's error message; <c>cvml validate --write-source</c> writes it to a file.
/// </summary>
public sealed record SuggestedSpec(FileKind Kind, string Members, string Note)
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The spec as the message gives it: <c>{ members }</c> on one line.</summary>
    public string Json => $"{{ {Members} }}";

    /// <summary>
    /// The spec as a file: its kind, the data's path and the members, indented. The path is relative to the spec's folder
    /// when the two share a folder below the root (a project's data and its specs move together), else absolute.
    /// </summary>
    public string ToFile(string dataPath, string specPath)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        ArgumentNullException.ThrowIfNull(specPath);
        var data = Path.GetFullPath(dataPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(specPath))!;
        var relative = Path.GetRelativePath(folder, data);
        var up = relative.Split(Path.DirectorySeparatorChar).TakeWhile(part => part == "..").Count();
        var depth = folder.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Length - (OperatingSystem.IsWindows() ? 1 : 0);
        var spec = new JsonObject
        {
            ["kind"] = Kind == FileKind.Transactions ? "transactions" : "customers",
            ["path"] = Path.IsPathRooted(relative) || up >= depth ? data : relative,
        };
        foreach (var (name, value) in JsonNode.Parse(Json)!.AsObject())
            spec[name] = value?.DeepClone();
        return spec.ToJsonString(Indented) + Environment.NewLine;
    }

    /// <summary>
    /// What the header of the file at <paramref name="path"/> suggests: null with <paramref name="fitsContract"/> true when
    /// it names the contract's columns (no spec is needed), null with it false when the file cannot be opened or its header
    /// suggests nothing (loading it then says why).
    /// </summary>
    public static SuggestedSpec? For(string path, FileKind kind, out bool fitsContract)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var file = SourceFile.Open(path, SourceSpec.Contract(kind), new LoadOptions());
            fitsContract = true;
            return null;
        }
        catch (DataLoadException e)
        {
            fitsContract = false;
            return e.Report.SuggestedSpec;
        }
    }
}
