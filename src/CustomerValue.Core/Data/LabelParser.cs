namespace CustomerValue.Core.Data;

/// <summary>
/// Reads yes/no columns (churned, newsletter). The spec's <see cref="SourceSpec.LabelValues"/>
/// are tried first, then the usual spellings: true/false, t/f, yes/no, y/n, 1/0, 1.0/0.0 (any case).
/// </summary>
internal sealed class LabelParser
{
    static readonly Dictionary<string, bool> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true, ["false"] = false, ["yes"] = true, ["no"] = false,
        ["y"] = true, ["n"] = false, ["1"] = true, ["0"] = false,
        // PostgreSQL writes a boolean as t/f; a dataframe writes a flag column with a blank in it as 1.0/0.0.
        ["t"] = true, ["f"] = false, ["1.0"] = true, ["0.0"] = false,
    };

    readonly Dictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>>? _custom;
    readonly Dictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> _defaults =
        Defaults.GetAlternateLookup<ReadOnlySpan<char>>();

    public LabelParser(IReadOnlyDictionary<string, bool>? custom)
    {
        if (custom is { Count: > 0 })
            _custom = new Dictionary<string, bool>(custom, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        Expected = custom is { Count: > 0 }
            ? string.Join(", ", custom.Select(p => $"{p.Key} ({(p.Value ? "true" : "false")})")) + ", true/false, yes/no, 1/0"
            : "true/false, yes/no, 1/0";
    }

    public string Expected { get; }

    public bool TryParse(ReadOnlySpan<char> text, out bool value)
    {
        text = text.Trim();
        if (_custom is { } custom && custom.TryGetValue(text, out value))
            return true;
        return _defaults.TryGetValue(text, out value);
    }
}
