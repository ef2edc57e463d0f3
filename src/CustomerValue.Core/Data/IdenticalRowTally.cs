using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace CustomerValue.Core.Data;

/// <summary>
/// Counts loaded rows that repeat an earlier row's customer, timestamp, amount and order id (as
/// <see cref="TransactionSummary.IdenticalRows"/> does), as an export run twice or two overlapping exports leave them,
/// in bounded memory.
/// </summary>
/// <remarks>
/// Each row is a 64-bit hash. Up to <see cref="Capacity"/> distinct hashes every row is kept and the count is exact
/// (files of about 260,000 rows; the dictionary then holds about 7 MB). Past that only the rows whose hash starts with
/// k zero bits are kept (1 in 2^k) and the count of repeats among them is scaled by 2^k: a row and its repeat have the
/// same hash, so they are kept or left out together, and the estimate has no bias. k grows by one each time the kept
/// hashes fill the capacity again.
/// </remarks>
internal sealed class IdenticalRowTally
{
    internal const int Capacity = 1 << 18;

    readonly Dictionary<ulong, int> _seen = [];
    int _level;
    long _repeats;

    /// <summary>Repeated rows, exact while <see cref="Exact"/>, else estimated from the kept share.</summary>
    public long Identical => _repeats << _level;

    /// <summary>Whether every row was kept, so <see cref="Identical"/> is a count rather than an estimate.</summary>
    public bool Exact => _level == 0;

    public static ulong Hash(int customer, long ticks, double amount, long orderHash)
    {
        Span<long> key = [
            customer,
            ticks,
            // 0 and −0 are one amount, as double equality has them.
            amount == 0 ? 0 : BitConverter.DoubleToInt64Bits(amount),
            orderHash,
        ];
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key));
    }

    public void Add(ulong hash)
    {
        if (_level > 0 && hash >> (64 - _level) != 0)
            return;
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_seen, hash, out bool exists);
        if (exists)
        {
            _repeats++;
            count++;
            return;
        }
        count = 1;
        if (_seen.Count > Capacity)
            Halve();
    }

    /// <summary>Keeps the half of the hashes whose next bit is zero, and the repeats among them.</summary>
    void Halve()
    {
        _level++;
        foreach (var (hash, count) in _seen)
        {
            if (hash >> (64 - _level) != 0)
            {
                _repeats -= count - 1;
                _seen.Remove(hash);
            }
        }
        _seen.TrimExcess();
    }
}
