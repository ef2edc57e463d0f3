using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Per-feature training distributions for the model card, so drift can be checked later. A categorical value is listed
/// only when at least <see cref="FeatureVectorizer.MinimumCount"/> rows have it, as the trees see no rarer one: an
/// attribute that identifies customers (an e-mail address, a name, a full postal code) leaves no customer's value in
/// the card, which is shared more widely than the data.
/// </summary>
public static class FeatureStatistics
{
    const int TopValues = 20;

    public static IReadOnlyDictionary<string, FeatureDistribution> Describe(IReadOnlyList<CustomerExample> rows, IReadOnlyList<FeatureDefinition> catalog)
    {
        var result = new SortedDictionary<string, FeatureDistribution>(StringComparer.Ordinal);
        foreach (var feature in catalog)
        {
            if (feature.Kind == FeatureKind.Numeric)
            {
                var values = new List<double>(rows.Count);
                long missing = 0;
                foreach (var row in rows)
                {
                    var value = row.Features.GetNumeric(feature.Name);
                    if (double.IsNaN(value) || (feature.Missing is not null && value == FeatureRow.NotDefined))
                        missing++;
                    else
                        values.Add(value);
                }
                result[feature.Name] = Numeric(values, rows.Count, missing);
            }
            else
            {
                var counts = new Dictionary<string, long>(StringComparer.Ordinal);
                long missing = 0;
                foreach (var row in rows)
                {
                    var value = row.Features.GetCategorical(feature.Name);
                    if (value.Length == 0)
                        missing++;
                    else
                        counts[value] = counts.GetValueOrDefault(value) + 1;
                }
                var top = counts.Where(kv => kv.Value >= FeatureVectorizer.MinimumCount).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(TopValues)
                    .ToDictionary(kv => kv.Key, kv => rows.Count == 0 ? 0 : (double)kv.Value / rows.Count, StringComparer.Ordinal);
                result[feature.Name] = new FeatureDistribution(rows.Count, missing, TopValues: top);
            }
        }
        return result;
    }

    static FeatureDistribution Numeric(List<double> values, long count, long missing)
    {
        if (values.Count == 0)
            return new FeatureDistribution(count, missing);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mean = sorted.Average();
        var variance = sorted.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, sorted.Length - 1);
        return new FeatureDistribution(count, missing, mean, Math.Sqrt(variance), sorted[0],
            PredictionInterval.Quantile(sorted, 0.01), PredictionInterval.Quantile(sorted, 0.25), PredictionInterval.Quantile(sorted, 0.5),
            PredictionInterval.Quantile(sorted, 0.75), PredictionInterval.Quantile(sorted, 0.99), sorted[^1]);
    }
}
