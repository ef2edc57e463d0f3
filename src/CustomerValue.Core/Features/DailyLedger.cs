using System.Runtime.InteropServices;

namespace CustomerValue.Core.Features;

/// <summary>
/// One customer-day: the day number (<see cref="DateOnly.DayNumber"/>), the net amount of that day,
/// and whether any of its transactions was a return (a negative amount).
/// </summary>
/// <remarks>Packed to 12 bytes (the return flag rides in the day's low bit): tens of millions are held at once during a pass.</remarks>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly record struct DayAmount
{
    /// <summary>
    /// Net amounts this close to zero are zero: a purchase and its full refund on the same day can
    /// leave a floating-point residue such as 3.6e-15, which must not make a purchase day.
    /// </summary>
    public const double NetZeroTolerance = 1e-6;

    readonly int dayAndReturn;

    public DayAmount(int day, double amount, bool hasReturn = false)
    {
        dayAndReturn = day << 1 | (hasReturn ? 1 : 0);
        Amount = amount;
    }

    public int Day => dayAndReturn >> 1;

    public double Amount { get; }

    public bool HasReturn => (dayAndReturn & 1) != 0;

    /// <summary>
    /// A purchase day nets above zero, or nets to zero without a return: a zero-value order (a free
    /// item, as in the CDNOW data) is still a purchase, while a purchase cancelled by a return that
    /// same day is not.
    /// </summary>
    public bool IsPurchase => Amount > NetZeroTolerance || (Amount >= -NetZeroTolerance && !HasReturn);

    public static DayAmount Of(int day, double amount) => new(day, amount, amount < 0);

    public DayAmount Plus(DayAmount other) => new(Day, Amount + other.Amount, HasReturn || other.HasReturn);

    public void Deconstruct(out int day, out double amount)
    {
        day = Day;
        amount = Amount;
    }
}

/// <summary>
/// A customer's history collapsed to one net amount per day, grown as transactions stream in. The
/// entries live in a shared <see cref="DayArena"/>, so a dictionary of millions of ledgers holds no
/// per-customer object for the garbage collector to trace or promote. A mutable struct: always use
/// it in place (an array element, a ref), never by copy.
/// </summary>
internal struct DailyLedger
{
    const int InitialSizeClass = 2;

    int region;
    int count;
    byte sizeClass;
    bool unsorted;

    /// <summary>True when a transaction dated on or before the cutoff was seen, even a return.</summary>
    public bool SeenOnOrBeforeCutoff;

    public void Add(DayArena arena, int day, double amount)
    {
        var entry = DayAmount.Of(day, amount);
        if (TryAddToLast(arena, entry))
            return;

        if (sizeClass == 0)
        {
            sizeClass = InitialSizeClass;
            region = arena.Allocate(sizeClass);
        }
        else if (count == 1 << sizeClass)
        {
            MakeRoom(arena);
            // Collapsing may have brought this very day to the end.
            if (TryAddToLast(arena, entry))
                return;
        }

        var entries = arena.Region(region, sizeClass);
        if (count > 0 && day < entries[count - 1].Day)
            unsorted = true;
        entries[count++] = entry;
    }

    /// <summary>The days in ascending order, one entry per day; collapses the ledger in place first.</summary>
    public ReadOnlySpan<DayAmount> Days(DayArena arena)
    {
        if (sizeClass == 0)
            return [];
        Collapse(arena);
        return arena.Region(region, sizeClass)[..count];
    }

    readonly bool TryAddToLast(DayArena arena, DayAmount entry)
    {
        if (count == 0)
            return false;
        ref var last = ref arena.Region(region, sizeClass)[count - 1];
        if (last.Day != entry.Day)
            return false;
        last = last.Plus(entry);
        return true;
    }

    // Unsorted input repeats days out of order; merging before growing keeps the region near the
    // number of distinct days instead of the number of transactions.
    void MakeRoom(DayArena arena)
    {
        Collapse(arena);
        if (count <= (1 << sizeClass) * 3 / 4)
            return;
        var grown = arena.Allocate((byte)(sizeClass + 1));
        arena.Region(region, sizeClass)[..count].CopyTo(arena.Region(grown, (byte)(sizeClass + 1)));
        arena.Free(region, sizeClass);
        region = grown;
        sizeClass++;
    }

    void Collapse(DayArena arena)
    {
        if (!unsorted)
            return;
        count = SortAndMerge(arena.Region(region, sizeClass)[..count]);
        unsorted = false;
    }

    /// <summary>Sorts entries by day and merges each day into one entry at the front; returns how many days remain.</summary>
    /// <remarks>
    /// Stable, so a day's amounts are always summed in the order they were added: the sum then does not depend on which
    /// other days the ledger holds, and a pass that keeps every day agrees to the bit with one that stops at a cutoff.
    /// </remarks>
    internal static int SortAndMerge(Span<DayAmount> span)
    {
        if (span.Length <= 64)
        {
            // Insertion sort: stable, and no allocation for a short history (the API's single-customer snapshot).
            for (var i = 1; i < span.Length; i++)
            {
                var entry = span[i];
                var j = i - 1;
                for (; j >= 0 && span[j].Day > entry.Day; j--)
                    span[j + 1] = span[j];
                span[j + 1] = entry;
            }
        }
        else
        {
            var order = new (int Day, int Index)[span.Length];
            for (var i = 0; i < span.Length; i++)
                order[i] = (span[i].Day, i);
            Array.Sort(order);
            var added = span.ToArray();
            for (var i = 0; i < order.Length; i++)
                span[i] = added[order[i].Index];
        }
        var kept = 0;
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i].Day == span[kept].Day)
                span[kept] = span[kept].Plus(span[i]);
            else
                span[++kept] = span[i];
        }
        return span.Length == 0 ? 0 : kept + 1;
    }
}
