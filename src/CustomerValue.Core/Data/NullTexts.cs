namespace CustomerValue.Core.Data;

/// <summary>
/// Whether a field is blank: empty or whitespace, or one of a source spec's <see cref="SourceSpec.NullValues"/> (matched
/// whole after trimming, in any case). Without null values it is the whitespace test alone.
/// </summary>
internal sealed class NullTexts
{
    readonly string[] _texts;
    readonly int _shortest, _longest;

    public NullTexts(IReadOnlyList<string>? texts)
    {
        _texts = [.. (texts ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        _shortest = _texts.Length == 0 ? 0 : _texts.Min(t => t.Length);
        _longest = _texts.Length == 0 ? -1 : _texts.Max(t => t.Length);
    }

    public bool IsBlank(ReadOnlySpan<char> text)
    {
        if (text.IsWhiteSpace())
            return true;
        // Most fields are longer or shorter than every null text, so the trim and the comparisons are seldom reached.
        if (_longest < 0 || text.Length < _shortest)
            return false;
        text = text.Trim();
        if (text.Length > _longest)
            return false;
        foreach (var nullText in _texts)
        {
            if (text.Equals(nullText, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
