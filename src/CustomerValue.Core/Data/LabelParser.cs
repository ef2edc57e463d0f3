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

    /// <summary>
    /// An e-mail marketing consent as CRM and e-mail platform exports write it (Klaviyo's SUBSCRIBED, UNSUBSCRIBED,
    /// NEVER_SUBSCRIBED; opted in / opted out): read for the newsletter field besides the usual spellings.
    /// </summary>
    static readonly Dictionary<string, bool> ConsentDefaults = new(Defaults, StringComparer.OrdinalIgnoreCase)
    {
        ["subscribed"] = true, ["unsubscribed"] = false, ["never_subscribed"] = false, ["never subscribed"] = false, ["suppressed"] = false,
        ["opted in"] = true, ["opted_in"] = true, ["opted-in"] = true, ["opt-in"] = true, ["optin"] = true,
        ["opted out"] = false, ["opted_out"] = false, ["opted-out"] = false, ["opt-out"] = false, ["optout"] = false,
    };

    readonly Dictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>>? _custom;
    readonly Dictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> _defaults;

    /// <param name="consent">Also read e-mail consent words (the newsletter field): subscribed, unsubscribed, never_subscribed, opted in/out.</param>
    public LabelParser(IReadOnlyDictionary<string, bool>? custom, bool consent = false)
    {
        if (custom is { Count: > 0 })
            _custom = new Dictionary<string, bool>(custom, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _defaults = (consent ? ConsentDefaults : Defaults).GetAlternateLookup<ReadOnlySpan<char>>();
        var usual = consent ? "true/false, yes/no, 1/0, subscribed/unsubscribed/never_subscribed, opted in/opted out" : "true/false, yes/no, 1/0";
        Expected = custom is { Count: > 0 }
            ? string.Join(", ", custom.Select(p => $"{p.Key} ({(p.Value ? "true" : "false")})")) + ", " + usual
            : usual;
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
