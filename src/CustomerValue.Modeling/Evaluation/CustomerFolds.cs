using System.Text;

namespace CustomerValue.Modeling.Evaluation;

/// <summary>Deterministic k-fold assignment that keeps every row of a customer in one fold.</summary>
public static class CustomerFolds
{
    /// <summary>
    /// The fold (0 … k − 1) for each entry of <paramref name="customerIds"/>, aligned with it; the
    /// same id always gets the same fold, so rows of one customer never straddle train and test.
    /// </summary>
    /// <remarks>
    /// Distinct ids are shuffled by a 64-bit FNV-1a hash of the seed and the id's UTF-8 bytes (then
    /// the SplitMix64 finalizer, which spreads FNV's weak low bits), and dealt round-robin. The result
    /// is the same on every run, process and platform, unlike string.GetHashCode, which is randomized
    /// per process; and dealing rather than hashing mod k keeps fold sizes within one customer of each
    /// other, so small data sets never get an empty fold.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2, or more folds than distinct customers.</exception>
    public static int[] Assign(IReadOnlyList<string> customerIds, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);

        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in customerIds)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(customerIds));
            distinct.Add(id);
        }
        if (k > distinct.Count)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Cannot make {k} folds from {distinct.Count} distinct customers.");

        var shuffled = distinct
            .Select(id => (Id: id, Key: StableHash(id, seed)))
            .OrderBy(x => x.Key)
            .ThenBy(x => x.Id, StringComparer.Ordinal)
            .ToArray();
        var foldOf = new Dictionary<string, int>(shuffled.Length, StringComparer.Ordinal);
        for (var i = 0; i < shuffled.Length; i++) foldOf[shuffled[i].Id] = i % k;

        var folds = new int[customerIds.Count];
        for (var i = 0; i < folds.Length; i++) folds[i] = foldOf[customerIds[i]];
        return folds;
    }

    internal static ulong StableHash(string id, int seed)
    {
        const ulong offsetBasis = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offsetBasis;
        for (var shift = 0; shift < 32; shift += 8)
        {
            hash ^= (byte)((uint)seed >> shift);
            hash *= prime;
        }
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash ^= b;
            hash *= prime;
        }

        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        hash ^= hash >> 31;
        return hash;
    }
}
