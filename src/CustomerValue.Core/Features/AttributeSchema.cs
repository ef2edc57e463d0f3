using System.Globalization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Features;

/// <summary>
/// Which extra profile attributes become features, and whether each is numeric or categorical.
/// Inferred once from the training profiles and then kept (in the model card) so that a customer
/// scored later gets exactly the columns the model was trained on.
/// </summary>
public sealed class AttributeSchema
{
    readonly Dictionary<string, int> numericIndex;
    readonly Dictionary<string, int> categoricalIndex;

    public AttributeSchema(IEnumerable<string> numericNames, IEnumerable<string> categoricalNames)
    {
        ArgumentNullException.ThrowIfNull(numericNames);
        ArgumentNullException.ThrowIfNull(categoricalNames);
        NumericNames = [.. numericNames];
        CategoricalNames = [.. categoricalNames];
        numericIndex = IndexOf(NumericNames);
        categoricalIndex = IndexOf(CategoricalNames);
        foreach (var name in NumericNames)
        {
            if (categoricalIndex.ContainsKey(name))
                throw new ArgumentException($"Attribute '{name}' cannot be both numeric and categorical.", nameof(categoricalNames));
        }
    }

    public static AttributeSchema Empty { get; } = new([], []);

    public IReadOnlyList<string> NumericNames { get; }

    public IReadOnlyList<string> CategoricalNames { get; }

    /// <summary>
    /// An attribute is numeric when every non-blank value parses as an invariant-culture number and
    /// at least one value is non-blank; otherwise categorical. Names are sorted ordinally so the
    /// column order does not depend on the order of the profiles.
    /// </summary>
    public static AttributeSchema Infer(IEnumerable<CustomerProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        // name -> true while every non-blank value seen is a number and at least one was seen.
        var numeric = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            foreach (var (name, raw) in profile.Attributes)
            {
                numeric.TryGetValue(name, out var soFar);
                if (string.IsNullOrWhiteSpace(raw))
                    numeric[name] = soFar;
                else if (soFar != false)
                    numeric[name] = TryParseNumber(raw, out _);
            }
        }

        if (numeric.Count == 0)
            return Empty;
        var names = numeric.Keys.Order(StringComparer.Ordinal).ToList();
        return new AttributeSchema(
            names.Where(n => numeric[n] == true),
            names.Where(n => numeric[n] != true));
    }

    internal static readonly double[] NoNumbers = [];
    internal static readonly string[] NoCategories = [];

    internal bool TryGetNumericIndex(string name, out int index) => numericIndex.TryGetValue(name, out index);

    internal bool TryGetCategoricalIndex(string name, out int index) => categoricalIndex.TryGetValue(name, out index);

    /// <summary>The profile's numeric attributes in <see cref="NumericNames"/> order; NaN when blank, absent or not a number.</summary>
    internal double[] ReadNumbers(CustomerProfile? profile)
    {
        if (NumericNames.Count == 0)
            return NoNumbers;
        var values = new double[NumericNames.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = profile is not null
                && profile.Attributes.TryGetValue(NumericNames[i], out var raw)
                && TryParseNumber(raw, out var value)
                ? value
                : double.NaN;
        }
        return values;
    }

    /// <summary>The profile's categorical attributes in <see cref="CategoricalNames"/> order; empty when unknown.</summary>
    internal string[] ReadCategories(CustomerProfile? profile)
    {
        if (CategoricalNames.Count == 0)
            return NoCategories;
        var values = new string[CategoricalNames.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = profile is not null && profile.Attributes.TryGetValue(CategoricalNames[i], out var raw)
                ? raw?.Trim() ?? ""
                : "";
        }
        return values;
    }

    static bool TryParseNumber(string? raw, out double value) =>
        double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    static Dictionary<string, int> IndexOf(IReadOnlyList<string> names)
    {
        var index = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(names[i], nameof(names));
            if (!index.TryAdd(names[i], i))
                throw new ArgumentException($"Attribute '{names[i]}' is listed twice.", nameof(names));
        }
        return index;
    }
}
