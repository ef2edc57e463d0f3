namespace CustomerValue.Core.Features;

/// <summary>
/// Regions of <see cref="DayAmount"/> entries, sized in powers of two, carved out of a few large
/// segments and recycled through per-size free lists: the storage behind millions of
/// <see cref="DailyLedger"/>s without one array object per customer.
/// </summary>
internal sealed class DayArena
{
    /// <summary>The largest region: 2^20 distinct days, far beyond any real history.</summary>
    public const int MaxSizeClass = 20;
    const int SegmentShift = 20;
    const int LocalMask = (1 << SegmentShift) - 1;

    readonly List<DayAmount[]> segments = [];
    readonly int[] freeHeads;
    int used;

    /// <param name="firstSegmentLength">Small for a single customer's snapshot; segments double up to 2^20 entries.</param>
    public DayArena(int firstSegmentLength = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstSegmentLength, 1);
        freeHeads = new int[MaxSizeClass + 1];
        Array.Fill(freeHeads, -1);
        segments.Add(new DayAmount[Math.Min(firstSegmentLength, 1 << SegmentShift)]);
    }

    /// <summary>A region of 2^<paramref name="sizeClass"/> entries, as a handle for <see cref="Region"/>.</summary>
    public int Allocate(byte sizeClass)
    {
        if (sizeClass > MaxSizeClass)
            throw new InvalidOperationException($"A customer has more than {1 << MaxSizeClass} distinct transaction days; the dates are not plausible.");

        var head = freeHeads[sizeClass];
        if (head >= 0)
        {
            // A free region stores the handle of the next free region of its size in its first entry.
            freeHeads[sizeClass] = (int)Region(head, sizeClass)[0].Amount;
            return head;
        }

        var size = 1 << sizeClass;
        var segment = segments[^1];
        if (used + size > segment.Length)
        {
            var length = Math.Max(size, Math.Min(segment.Length * 2, 1 << SegmentShift));
            segments.Add(new DayAmount[length]);
            used = 0;
        }
        var handle = (segments.Count - 1) << SegmentShift | used;
        used += size;
        return handle;
    }

    public void Free(int handle, byte sizeClass)
    {
        Region(handle, sizeClass)[0] = new DayAmount(0, freeHeads[sizeClass]);
        freeHeads[sizeClass] = handle;
    }

    public Span<DayAmount> Region(int handle, byte sizeClass) =>
        segments[handle >> SegmentShift].AsSpan(handle & LocalMask, 1 << sizeClass);
}
