using CustomerValue.Core.Data;
using CustomerValue.Core.Features;

namespace CustomerValue.Core.Models;

/// <summary>
/// Turns a <see cref="FeatureRow"/> (plus any derived numeric columns, such as the BTYD outputs)
/// into the dense vector both models read. Categorical columns are one-hot encoded against
/// vocabularies fitted on the training rows; the slot layout is recorded in the model card so that
/// serving encodes exactly as training did and explanations can sum slots back into features.
/// </summary>
/// <remarks>
/// A numeric column listed in <see cref="VectorLayout.Missing"/> never reaches the trees as NaN:
/// FastTree skips every training row with a non-finite feature, while its trees send NaN right at
/// prediction, so a raw NaN is both unlearned and scored down an arbitrary branch. Such a column
/// encodes a missing value as its fill in its own slot and 1 in an indicator slot (0 when present),
/// identically in training and serving. Layouts without that list (older model cards) encode as before.
/// </remarks>
public sealed class FeatureVectorizer
{
    readonly Dictionary<string, int>[] _slotOfValue;
    readonly Func<FeatureRow, double>[] _numeric;
    readonly Func<FeatureRow, string>[] _categorical;

    // Per numeric column: its fill and indicator slot when it can be missing, else an indicator slot of -1.
    readonly (double Fill, int Indicator)[] _missing;

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
        _missing = [.. layout.Numeric.Select(_ => (0.0, -1))];
        foreach (var entry in layout.MissingOrEmpty)
        {
            var index = VectorLayout.IndexOf(layout.Numeric, entry.Column);
            if (index < 0)
                throw new InvalidDataException($"The missing-value column '{entry.Column}' is not a numeric column of the layout.");
            if (_missing[index].Indicator >= 0)
                throw new InvalidDataException($"The missing-value column '{entry.Column}' is listed twice.");
            if (!double.IsFinite(entry.Fill))
                throw new InvalidDataException($"The fill of missing-value column '{entry.Column}' is not a finite number.");
            _missing[index] = (entry.Fill, slot++);
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

    /// <summary>The numeric and derived slots, which come first; every slot after them (one-hot values, missing-value indicators) is 0 or 1.</summary>
    public int DenseSlots => Layout.Numeric.Count + Layout.Derived.Count;

    /// <summary>
    /// For every slot, the feature it belongs to (a one-hot slot maps to its categorical column, a
    /// missing-value indicator to its numeric column, so explanations sum both into one feature).
    /// </summary>
    public IReadOnlyList<string> SlotFeature { get; }

    /// <summary>Every feature once, in slot order.</summary>
    internal string[] Features { get; }

    /// <summary>For every slot, the index in <see cref="Features"/> of the feature it belongs to.</summary>
    internal int[] SlotFeatureIndex { get; }

    /// <summary>How many training rows a categorical value needs for its own slot, unless a caller says otherwise.</summary>
    public const int MinimumCount = 10;

    /// <summary>
    /// Fits the vocabularies: a categorical value gets its own slot when at least
    /// <paramref name="minimumCount"/> training rows have it, the most frequent
    /// <paramref name="maximumValues"/> per column at most. Rarer values encode as "none of the known".
    /// Every numeric extra attribute (blank, absent or unparseable reads as NaN), and any other numeric
    /// column that is NaN in some training row, gets a fill (the median of its finite training values,
    /// 0 when there are none) and an indicator slot.
    /// </summary>
    public static FeatureVectorizer Fit(
        IReadOnlyList<FeatureRow> rows,
        IReadOnlyList<FeatureDefinition> catalog,
        IReadOnlyList<string> derivedColumns,
        int minimumCount = MinimumCount,
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
        var missing = new List<MissingValueFill>();
        foreach (var column in numeric)
        {
            var present = new List<double>(rows.Count);
            var anyMissing = false;
            foreach (var row in rows)
            {
                var value = row.GetNumeric(column);
                if (double.IsFinite(value))
                    present.Add(value);
                else
                    anyMissing = true;
            }
            if (anyMissing || column.StartsWith(FeatureColumns.AttributePrefix, StringComparison.Ordinal))
                missing.Add(new MissingValueFill(column, SampleStatistics.MedianOrZero(present)));
        }
        return new FeatureVectorizer(new VectorLayout(numeric, [.. derivedColumns], categorical, missing));
    }

    /// <summary>
    /// Encodes one customer. <paramref name="derived"/> holds the values of
    /// <see cref="VectorLayout.Derived"/> in order. A category the vocabulary does not know is added
    /// to <paramref name="unknownValues"/> (when given) as (column, value).
    /// </summary>
    public float[] Vectorize(FeatureRow row, ReadOnlySpan<double> derived, List<(string Column, string Value)>? unknownValues = null)
    {
        var vector = new float[SlotCount];
        Vectorize(row, derived, vector, unknownValues);
        return vector;
    }

    /// <summary>
    /// <see cref="Vectorize(FeatureRow, ReadOnlySpan{double}, List{ValueTuple{string, string}}?)"/> into
    /// <paramref name="vector"/> (cleared first; at least <see cref="SlotCount"/> long): for a caller that reuses one
    /// buffer rather than allocating a vector per row.
    /// </summary>
    public void Vectorize(FeatureRow row, ReadOnlySpan<double> derived, Span<float> vector, List<(string Column, string Value)>? unknownValues = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (derived.Length != Layout.Derived.Count)
            throw new ArgumentException($"Expected {Layout.Derived.Count} derived values, got {derived.Length}.", nameof(derived));
        if (vector.Length < SlotCount)
            throw new ArgumentException($"The vector has {vector.Length} slots; the layout needs {SlotCount}.", nameof(vector));
        vector = vector[..SlotCount];
        vector.Clear();
        for (var slot = 0; slot < _numeric.Length; slot++)
        {
            var value = _numeric[slot](row);
            var (fill, indicator) = _missing[slot];
            if (indicator >= 0 && !double.IsFinite(value))
            {
                value = fill;
                vector[indicator] = 1f;
            }
            vector[slot] = (float)value;
        }
        var next = _numeric.Length;
        foreach (var value in derived)
            vector[next++] = (float)value;
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
    }

    /// <summary>
    /// For each slot of this vectorizer, the slot of <paramref name="wider"/> that holds the same value for every row,
    /// when the two layouts differ only in derived columns <paramref name="wider"/> adds (the same numeric columns,
    /// vocabularies and fills); null otherwise. A table encoded by <paramref name="wider"/> then serves both.
    /// </summary>
    public int[]? SlotsIn(FeatureVectorizer wider)
    {
        ArgumentNullException.ThrowIfNull(wider);
        var (mine, theirs) = (Layout, wider.Layout);
        var sameRest = mine.Numeric.SequenceEqual(theirs.Numeric, StringComparer.Ordinal)
            && mine.Categorical.Count == theirs.Categorical.Count
            && mine.Categorical.Zip(theirs.Categorical).All(p => p.First.Column == p.Second.Column && p.First.Values.SequenceEqual(p.Second.Values, StringComparer.Ordinal))
            && mine.MissingOrEmpty.SequenceEqual(theirs.MissingOrEmpty);
        if (!sameRest || mine.Derived.Any(d => VectorLayout.IndexOf(theirs.Derived, d) < 0))
            return null;
        var numeric = mine.Numeric.Count;
        var shift = theirs.Derived.Count - mine.Derived.Count;
        var slots = new int[SlotCount];
        for (var slot = 0; slot < slots.Length; slot++)
        {
            slots[slot] = slot < numeric ? slot
                : slot < numeric + mine.Derived.Count ? numeric + VectorLayout.IndexOf(theirs.Derived, mine.Derived[slot - numeric])
                : slot + shift;
        }
        return slots;
    }

    static string[] BuildSlotFeatures(VectorLayout layout)
    {
        var names = new List<string>(layout.Numeric.Count + layout.Derived.Count);
        names.AddRange(layout.Numeric);
        names.AddRange(layout.Derived);
        foreach (var vocabulary in layout.Categorical)
            names.AddRange(Enumerable.Repeat(vocabulary.Column, vocabulary.Values.Count));
        foreach (var entry in layout.MissingOrEmpty)
            names.Add(entry.Column);
        return [.. names];
    }
}

/// <summary>
/// The slot layout of the model vector: numeric features, derived columns, one-hot blocks, then one
/// missing-value indicator per entry of <see cref="Missing"/>. Model cards written before missing
/// values were encoded have no <see cref="Missing"/> and keep their layout.
/// </summary>
public sealed record VectorLayout(
    IReadOnlyList<string> Numeric,
    IReadOnlyList<string> Derived,
    IReadOnlyList<CategoricalVocabulary> Categorical,
    IReadOnlyList<MissingValueFill>? Missing = null)
{
    internal IReadOnlyList<MissingValueFill> MissingOrEmpty => Missing ?? [];

    /// <summary>The position of <paramref name="column"/> in one of the layout's column lists, or -1.</summary>
    internal static int IndexOf(IReadOnlyList<string> columns, string column)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], column, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }
}

/// <summary>A numeric column that can be missing: NaN encodes as <paramref name="Fill"/> plus a 1 in its indicator slot.</summary>
public sealed record MissingValueFill(string Column, double Fill);

/// <summary>The values of one categorical column that have their own slot, in slot order.</summary>
public sealed record CategoricalVocabulary(string Column, IReadOnlyList<string> Values);
