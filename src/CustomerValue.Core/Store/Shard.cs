using System.Globalization;

namespace CustomerValue.Core.Store;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/>: the customers whose id hashes to <see cref="Index"/> modulo
/// <see cref="Count"/>. The hash is FNV-1a (64 bit) over the id's UTF-8 bytes, fixed by this definition rather than by
/// the runtime (<see cref="string.GetHashCode()"/> changes from process to process), so every machine of a sharded
/// run, and every re-run, puts a customer in the same shard.
/// </summary>
public readonly record struct Shard
{
    public Shard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>From 0 to <see cref="Count"/> − 1, as Kubernetes numbers an Indexed Job's pods.</summary>
    public int Index { get; }

    public int Count { get; }

    public bool Contains(string customerId) => Of(customerId, Count) == Index;

    /// <summary>The shard of <paramref name="customerId"/> among <paramref name="count"/>.</summary>
    public static int Of(string customerId, int count)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        return (int)(Hash(customerId) % (ulong)count);
    }

    const ulong OffsetBasis = 14695981039346656037;
    const ulong Prime = 1099511628211;

    /// <summary>FNV-1a over the UTF-8 bytes of <paramref name="customerId"/>.</summary>
    public static ulong Hash(string customerId)
    {
        var hash = OffsetBasis;
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in customerId.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                hash = (hash ^ (byte)rune.Value) * Prime;
                continue;
            }
            var length = rune.EncodeToUtf8(bytes);
            for (var i = 0; i < length; i++)
                hash = (hash ^ bytes[i]) * Prime;
        }
        return hash;
    }

    /// <summary>Reads <c>k/n</c> (k from 0 to n − 1), as <c>--shard</c> takes it.</summary>
    /// <exception cref="FormatException">The text is not <c>k/n</c> with 0 ≤ k &lt; n.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/');
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index < count)
            return new Shard(index, count);
        throw new FormatException($"--shard: '{text}' is not k/n with 0 ≤ k < n (e.g. 0/4 … 3/4).");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
