using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Core.Models;

public static class Contributions
{
    /// <summary>Sums slot contributions into their features (one-hot blocks become one), largest magnitude first.</summary>
    public static IReadOnlyList<FeatureContribution> Sum(FeatureVectorizer vectorizer, IReadOnlyList<float> slots)
    {
        var byFeature = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < slots.Count && i < vectorizer.SlotCount; i++)
        {
            if (slots[i] != 0)
                byFeature[vectorizer.SlotFeature[i]] = byFeature.GetValueOrDefault(vectorizer.SlotFeature[i]) + slots[i];
        }
        return [.. byFeature
            .OrderByDescending(kv => Math.Abs(kv.Value))
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new FeatureContribution(kv.Key, kv.Value))];
    }
}
