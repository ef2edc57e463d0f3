using CustomerValue.Core.Features;

namespace CustomerValue.Core.Models;

/// <summary>
/// Turns a <see cref="FeatureRow"/> (plus any derived numeric columns, such as the BTYD outputs)
/// into the dense vector both models read. Categorical columns are one-hot encoded against
/// vocabularies fitted on the training rows; the slot layout is recorded in the model card so that
/// serving encodes exactly as training did and explanations can sum slots back into features.
/// </summary>
public sealed class FeatureVectorizer
{
    readonly Dictionary<string, int>[] _slotOfValue;
    readonly Func<FeatureRow, double>[] _numeric;
    readonly Func<FeatureRow, string>[] _categorical;

    public FeatureVectorizer(VectorLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        _slotOfValue = new Dictionary<string, int>[layout.Categorical.Count];
        var slot = layout.Numeric.Count + layout.Derived.Count;
        for (var c = 0; c < layout.Categorical.Count; c++)
        {
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var value in layout.Categorical[c].Values)
                map[value] = slot++;
            _slotOfValue[c] = map;
        }
        SlotCount = slot;
        SlotFeature = BuildSlotFeatures(layout);
        Features = [.. SlotFeature.Distinct(StringComparer.Ordinal)];
        SlotFeatureIndex = [.. SlotFeature.Select(f => Array.IndexOf(Features, f))];
        _numeric = [.. layout.Numeric.Select(FeatureRow.NumericReader)];
        _categorical = [.. layout.Categorical.Select(c => FeatureRow.CategoricalReader(c.Column))];
    }

    public VectorLayout Layout { get; }

    public int SlotCount { get; }

    /// <summary>For every slot, the feature it belongs to (a one-hot slot maps to its categorical column).</summary>
    public IReadOnlyList<string> SlotFeature { get; }

    /// <summary>Every feature once, in slot order.</summary>
    internal string[] Features { get; }

    /// <summary>For every slot, the index in <see cref="Features"/> of the feature it belongs to.</summary>
    internal int[] SlotFeatureIndex { get; }

    /// <summary>
    /// Fits the vocabularies: a categorical value gets its own slot when at least
    /// <paramref name="minimumCount"/> training rows have it, the most frequent
    /// <paramref name="maximumValues"/> per column at most. Rarer values encode as "none of the known".
    /// </summary>
    public static FeatureVectorizer Fit(
        IReadOnlyList<FeatureRow> rows,
        IReadOnlyList<FeatureDefinition> catalog,
        IReadOnlyList<string> derivedColumns,
        int minimumCount = 10,
        int maximumValues = 40)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(catalog);
        var numeric = catalog.Where(f => f.Kind == FeatureKind.Numeric).Select(f => f.Name).ToList();
        var categorical = new List<CategoricalVocabulary>();
        foreach (var column in catalog.Where(f => f.Kind == FeatureKind.Categorical).Select(f => f.Name))
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var value = row.GetCategorical(column);
                if (value.Length > 0)
                    counts[value] = counts.GetValueOrDefault(value) + 1;
            }
            var values = counts
                .Where(kv => kv.Value >= minimumCount)
                .OrderByDescending(kv => kv.Value)
                .ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(maximumValues)
                .Select(kv => kv.Key)
                .ToList();
            if (values.Count > 0)
                categorical.Add(new CategoricalVocabulary(column, values));
        }
        return new FeatureVectorizer(new VectorLayout(numeric, [.. derivedColumns], categorical));
    }

    /// <summary>
    /// Encodes one customer. <paramref name="derived"/> holds the values of
    /// <see cref="VectorLayout.Derived"/> in order. A category the vocabulary does not know is added
    /// to <paramref name="unknownValues"/> (when given) as (column, value).
    /// </summary>
    public float[] Vectorize(FeatureRow row, ReadOnlySpan<double> derived, List<(string Column, string Value)>? unknownValues = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (derived.Length != Layout.Derived.Count)
            throw new ArgumentException($"Expected {Layout.Derived.Count} derived values, got {derived.Length}.", nameof(derived));
        var vector = new float[SlotCount];
        var slot = 0;
        foreach (var read in _numeric)
            vector[slot++] = (float)read(row);
        foreach (var value in derived)
            vector[slot++] = (float)value;
        for (var c = 0; c < Layout.Categorical.Count; c++)
        {
            var value = _categorical[c](row);
            if (value.Length == 0)
                continue;
            if (_slotOfValue[c].TryGetValue(value, out var index))
                vector[index] = 1f;
            else
                unknownValues?.Add((Layout.Categorical[c].Column, value));
        }
        return vector;
    }

    static string[] BuildSlotFeatures(VectorLayout layout)
    {
        var names = new List<string>(layout.Numeric.Count + layout.Derived.Count);
        names.AddRange(layout.Numeric);
        names.AddRange(layout.Derived);
        foreach (var vocabulary in layout.Categorical)
            names.AddRange(Enumerable.Repeat(vocabulary.Column, vocabulary.Values.Count));
        return [.. names];
    }
}

/// <summary>The slot layout of the model vector: numeric features, derived columns, then one-hot blocks.</summary>
public sealed record VectorLayout(
    IReadOnlyList<string> Numeric,
    IReadOnlyList<string> Derived,
    IReadOnlyList<CategoricalVocabulary> Categorical);

/// <summary>The values of one categorical column that have their own slot, in slot order.</summary>
public sealed record CategoricalVocabulary(string Column, IReadOnlyList<string> Values);
