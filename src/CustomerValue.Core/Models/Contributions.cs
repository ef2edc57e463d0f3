using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Core.Models;

public static class Contributions
{
    /// <summary>Sums slot contributions into their features (one-hot blocks become one), largest magnitude first.</summary>
    public static IReadOnlyList<FeatureContribution> Sum(FeatureVectorizer vectorizer, ReadOnlySpan<float> slots)
    {
        ArgumentNullException.ThrowIfNull(vectorizer);
        // Sums in slot order, in doubles, as a per-feature running total would: the same bits on every path.
        var featureOf = vectorizer.SlotFeatureIndex;
        var features = vectorizer.Features.Length;
        Span<double> sums = features <= 256 ? stackalloc double[features] : new double[features];
        Span<bool> seen = features <= 256 ? stackalloc bool[features] : new bool[features];
        var count = 0;
        for (var i = 0; i < slots.Length && i < vectorizer.SlotCount; i++)
        {
            if (slots[i] == 0)
                continue;
            var feature = featureOf[i];
            sums[feature] += slots[i];
            if (!seen[feature])
            {
                seen[feature] = true;
                count++;
            }
        }
        var result = new FeatureContribution[count];
        var next = 0;
        for (var f = 0; f < seen.Length; f++)
        {
            if (seen[f])
                result[next++] = new FeatureContribution(vectorizer.Features[f], sums[f]);
        }
        Array.Sort(result, LargestFirst);
        return result;
    }

    /// <summary>The order of <see cref="Sum"/>: largest magnitude first, ties by feature name.</summary>
    public static int LargestFirst(FeatureContribution a, FeatureContribution b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byMagnitude = Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution));
        return byMagnitude != 0 ? byMagnitude : string.CompareOrdinal(a.Feature, b.Feature);
    }
}
