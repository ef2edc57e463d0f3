using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CustomerValue.Core.Data;

/// <summary>
/// Zeroed arrays for tables of many megabytes read at random, one entry per row (the order-id slots): on Linux they are
/// pinned and advised to the kernel as huge-page memory (<c>madvise(MADV_HUGEPAGE)</c>), which it honours where
/// transparent huge pages are enabled "always" or "madvise" (the default of most distributions) and ignores otherwise.
/// </summary>
/// <remarks>
/// With 4 KB pages a random read of a 128 MB table misses the TLB nearly every time, and under a hypervisor the page
/// walk behind that miss is itself a chain of memory reads: on the 2-core KVM build machine the prefetch of the order-id
/// slot was where the checks thread of the 1M-customer file spent a third of its time (perf, instruction level, about
/// 1.1 CPU s). 2 MB pages cover the table with 64 entries.
/// </remarks>
internal static partial class LargeTable
{
    /// <summary>Below this a table is a plain array: a few pages fit the TLB anyway.</summary>
    const long AdvisedBytes = 8L << 20;

    const long HugePage = 2L << 20;

    const int MadvHugePage = 14;

    public static unsafe T[] Zeroed<T>(int length) where T : unmanaged
    {
        if (!OperatingSystem.IsLinux() || (long)length * sizeof(T) < AdvisedBytes)
            return new T[length];
        // Pinned so that the advised range stays where the array is; zeroed after the advice so that the first touch of
        // each page is what the kernel backs with a huge one.
        var table = GC.AllocateUninitializedArray<T>(length, pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(table));
        nint first = (nint)((start + HugePage - 1) & ~(HugePage - 1));
        nint end = (nint)((start + (long)length * sizeof(T)) & ~(HugePage - 1));
        if (end > first)
            TryAdvise(first, (nuint)(end - first));
        table.AsSpan().Clear();
        return table;
    }

    /// <summary>Only a hint: a kernel without transparent huge pages refuses it, and the table works the same either way.</summary>
    static void TryAdvise(nint start, nuint length)
    {
        try
        {
            _ = Advise(start, length, MadvHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(nint address, nuint length, int advice);
}
