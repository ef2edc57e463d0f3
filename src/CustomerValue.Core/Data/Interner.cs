namespace CustomerValue.Core.Data;

/// <summary>
/// Hands out one string per distinct value of a low-cardinality column (channel, device, a
/// categorical attribute) so rows share them. Past <c>capacity</c> distinct values it stops
/// remembering and allocates, so a column that turns out to be unique cannot grow it without bound.
/// </summary>
internal sealed class Interner(int capacity = 4096)
{
    readonly HashSet<string> _values = new(StringComparer.Ordinal);

    public string Intern(ReadOnlySpan<char> text)
    {
        var lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var existing))
            return existing;
        var value = text.ToString();
        if (_values.Count < capacity)
            _values.Add(value);
        return value;
    }
}
