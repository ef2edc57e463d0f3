using System.Diagnostics.CodeAnalysis;

namespace CustomerValue.Core.Data;

/// <summary>
/// A profile's extra attributes as read from one customers file: the values in column order next to names shared by
/// every row of the file. A dictionary per profile costs several times as much, and a customer base holds millions.
/// Reads like a dictionary of the non-missing values, in column order.
/// </summary>
internal sealed class AttributeRow : IReadOnlyDictionary<string, string>
{
    readonly Columns _columns;
    readonly string?[] _values;

    AttributeRow(Columns columns, string?[] values)
    {
        _columns = columns;
        _values = values;
        foreach (var value in values)
        {
            if (value is not null)
                Count++;
        }
    }

    /// <summary>Creates rows for a file whose attribute columns are <paramref name="names"/>; each row takes a values array of the same length (null = missing).</summary>
    public static Func<string?[], AttributeRow> For(IReadOnlyList<string> names)
    {
        var columns = new Columns(names);
        return values =>
        {
            if (values.Length != columns.Names.Length)
                throw new ArgumentException($"Expected {columns.Names.Length} attribute values, got {values.Length}.", nameof(values));
            return new AttributeRow(columns, values);
        };
    }

    public int Count { get; }

    public string this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The profile has no attribute '{key}'.");

    public IEnumerable<string> Keys => this.Select(p => p.Key);

    public IEnumerable<string> Values => this.Select(p => p.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        value = _columns.Index.TryGetValue(key, out int i) ? _values[i] : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (int i = 0; i < _values.Length; i++)
        {
            if (_values[i] is { } value)
                yield return new KeyValuePair<string, string>(_columns.Names[i], value);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    sealed class Columns
    {
        public Columns(IReadOnlyList<string> names)
        {
            Names = [.. names];
            Index = new Dictionary<string, int>(Names.Length, StringComparer.Ordinal);
            for (int i = 0; i < Names.Length; i++)
                Index.Add(Names[i], i);
        }

        public string[] Names { get; }
        public Dictionary<string, int> Index { get; }
    }
}
