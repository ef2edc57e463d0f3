using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace CustomerValue.Core.Data;

/// <summary>
/// The order ids seen in a load and the line each was first seen on. A file holds millions of them and they must all
/// stay known until the end, so they are kept as plain numbers in large arrays: no object per id, which would cost
/// several times the memory and make every full garbage collection walk them.
/// </summary>
/// <remarks>
/// Each slot of an open-addressing table holds the low 32 bits of an id's 64-bit hash beside the id's number (0, 1, 2…
/// in the order the ids came), and the id's first line and 16 more bits of its hash are kept by number, so a new id
/// (nearly every row) costs one read of one slot.
/// <para>
/// When the source can read a line again (<see cref="RowReader.Reread"/>: a CSV file), the texts are not kept at all:
/// two different ids agree on all 48 bits kept about once in 280 trillion comparisons, so a match is nearly always a
/// duplicate: the first line's id is read back from the file and compared (and, for the first few thousand ids that
/// matched, kept for their next match). With only the 32 bits of the slot, the 10.4 million ids of the generated
/// 1M-customer file held about 12,600 pairs of different ids with equal hashes, each costing a read of the file; the
/// checks thread spent 0.4 of its 3.5 CPU seconds on them (perf, <c>cvml score</c> on that file). About 14 bytes per id
/// there (slots, lines and the extra bits, 190 MB) against 32 when every text was kept beside its line (350 MB, the
/// largest single piece of a <c>cvml score</c> run's peak). Otherwise (Parquet, a query) each text is kept as UTF-8 in
/// large shared blocks.
/// </para>
/// <para>
/// The one slot read still misses the cache on nearly every row: the slots of ten million ids take 128 MB and a new id
/// lands anywhere in them. A loader that knows the ids of the rows ahead (<see cref="PreparsedRows"/> hashes them on
/// its reading thread) calls <see cref="Prefetch"/> for a row a few ahead, so the slot is on its way while the rows
/// before it are checked: about 1.1 CPU seconds less on the 10.4-million-row generated file (runs alternating with
/// and without).
/// </para>
/// </remarks>
internal sealed class OrderIdIndex
{
    const int BlockBits = 20;
    const int BlockSize = 1 << BlockBits;
    const int BlockMask = BlockSize - 1;
    /// <summary>A kept text: its length in UTF-8 bytes (2), then the text.</summary>
    const int EntryHeader = 2;
    /// <summary>Ids longer than this many characters (never seen in practice) keep their own strings.</summary>
    const int LongId = 8 * 1024;
    const int ChunkBits = 16;
    const int ChunkSize = 1 << ChunkBits;
    /// <summary>A line this large or larger (four billion lines) is kept in <see cref="_farLines"/>.</summary>
    const uint FarLine = uint.MaxValue;
    /// <summary>
    /// Texts read again that are kept for the next match of the same id (an order id repeated many times). Bounded: a
    /// file appended to itself matches every id once, and keeping them all would cost more than keeping no texts saves.
    /// </summary>
    const int TextsKept = 4096;

    readonly Func<long, string>? _textOnLine;
    readonly List<byte[]> _blocks = [];
    int _used = BlockSize;
    ulong[] _slots = new ulong[1 << 10];
    int _count;
    // By id number, in chunks so that growing never copies them.
    readonly List<uint[]> _lines = [];
    readonly List<ushort[]> _highHashes = [];
    readonly List<int[]> _textAt = [];
    readonly Dictionary<int, long> _farLines = [];
    readonly Dictionary<int, string> _reread = [];
    readonly Dictionary<string, long> _long = new(StringComparer.Ordinal);

    /// <param name="textOnLine">
    /// The trimmed order id of the row on a line, read again from the source; null to keep every id's text instead.
    /// </param>
    public OrderIdIndex(Func<long, string>? textOnLine = null) => _textOnLine = textOnLine;

    public int Count => _count + _long.Count;

    /// <summary>
    /// Sizes the index for about <paramref name="expected"/> ids at once: growing by doubling re-slots every id seen
    /// so far, which at millions of ids costs as much as adding them.
    /// </summary>
    public void EnsureCapacity(int expected)
    {
        // The estimate comes from the first rows; a little room saves doubling for a file whose rows grow longer.
        expected = (int)Math.Min(Array.MaxLength, expected + (long)expected / 8);
        if (expected > MaxLoad(_slots.Length))
            ResizeSlots(SlotsFor(expected));
    }

    /// <summary>Adds <paramref name="id"/> as first seen on <paramref name="line"/>; false when it was already there, with its first line.</summary>
    public bool TryAdd(ReadOnlySpan<char> id, long line, out long firstLine) => TryAdd(id, Hash(id), line, out firstLine);

    /// <summary>The hash <see cref="TryAdd(ReadOnlySpan{char}, long, long, out long)"/> and <see cref="Prefetch"/> take: the same text always gives the same hash.</summary>
    public static long Hash(ReadOnlySpan<char> id) => (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id));

    /// <summary>As <see cref="TryAdd(ReadOnlySpan{char}, long, out long)"/>, with <paramref name="hash"/> = <see cref="Hash"/> of <paramref name="id"/> computed by the caller.</summary>
    public bool TryAdd(ReadOnlySpan<char> id, long hash, long line, out long firstLine)
    {
        if (id.Length > LongId)
        {
            var lookup = _long.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(id, out firstLine))
                return false;
            lookup[id] = line;
            return true;
        }

        int mask = _slots.Length - 1;
        uint low = (uint)hash;
        ushort high = HighBits(hash);
        int slot = (int)low & mask;
        while (_slots[slot] is var taken && taken != 0)
        {
            if ((uint)(taken >> 32) == low)
            {
                int number = (int)(uint)taken - 1;
                if (_highHashes[number >> ChunkBits][number & (ChunkSize - 1)] == high && Matches(number, id))
                {
                    firstLine = LineOf(number);
                    return false;
                }
            }
            slot = (slot + 1) & mask;
        }

        _slots[slot] = (ulong)low << 32 | (uint)(Store(id, line, high) + 1);
        if (_count > MaxLoad(_slots.Length))
            ResizeSlots(checked(_slots.Length * 2));
        firstLine = line;
        return true;
    }

    /// <summary>Starts loading the slot where an id with <paramref name="hash"/> would go; a hint only, it changes nothing.</summary>
    // An unpinned address is fine here: a prefetch of memory the collector has just moved away from does not fault.
    public unsafe void Prefetch(long hash)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0(Unsafe.AsPointer(ref _slots[(int)hash & (_slots.Length - 1)]));
    }

    static ushort HighBits(long hash) => (ushort)((ulong)hash >> 48);

    static int MaxLoad(int slots) => slots / 4 * 3;

    static int SlotsFor(int ids) => (int)Math.Min(1 << 30, BitOperations.RoundUpToPowerOf2((uint)Math.Min(int.MaxValue / 2, ids / 3L * 4 + 4)));

    bool Matches(int number, ReadOnlySpan<char> id)
    {
        if (_textOnLine is { } textOnLine)
        {
            if (!_reread.TryGetValue(number, out var text))
            {
                text = textOnLine(LineOf(number));
                if (_reread.Count < TextsKept)
                    _reread[number] = text;
            }
            return id.SequenceEqual(text);
        }

        int position = _textAt[number >> ChunkBits][number & (ChunkSize - 1)];
        var block = _blocks[position >> BlockBits];
        int at = position & BlockMask;
        int length = BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(at));
        var stored = block.AsSpan(at + EntryHeader, length);
        // Equal hashes with different texts are rare, so decoding the stored text to compare costs nothing that shows.
        if (Encoding.UTF8.GetCharCount(stored) != id.Length)
            return false;
        Span<char> decoded = id.Length <= 256 ? stackalloc char[256] : new char[id.Length];
        decoded = decoded[..Encoding.UTF8.GetChars(stored, decoded)];
        return decoded.SequenceEqual(id);
    }

    long LineOf(int number)
    {
        uint line = _lines[number >> ChunkBits][number & (ChunkSize - 1)];
        return line == FarLine ? _farLines[number] : line;
    }

    /// <summary>Keeps the id's line and high hash bits (and text, when it cannot be read again); returns the id's number.</summary>
    int Store(ReadOnlySpan<char> id, long line, ushort high)
    {
        if (_count == int.MaxValue - 1)
            throw new InvalidOperationException("Too many order ids to keep in one load.");
        int number = _count++;
        if ((number & (ChunkSize - 1)) == 0)
        {
            _lines.Add(new uint[ChunkSize]);
            _highHashes.Add(new ushort[ChunkSize]);
        }
        _highHashes[^1][number & (ChunkSize - 1)] = high;
        if (line >= FarLine)
            _farLines[number] = line;
        _lines[^1][number & (ChunkSize - 1)] = line >= FarLine ? FarLine : (uint)line;
        if (_textOnLine is null)
        {
            if ((number & (ChunkSize - 1)) == 0)
                _textAt.Add(new int[ChunkSize]);
            _textAt[^1][number & (ChunkSize - 1)] = StoreText(id);
        }
        return number;
    }

    int StoreText(ReadOnlySpan<char> id)
    {
        int length = Encoding.UTF8.GetByteCount(id);
        if (BlockSize - _used < length + EntryHeader)
        {
            if (_blocks.Count == int.MaxValue >> BlockBits)
                throw new InvalidOperationException("Too many order ids to keep in one load.");
            _blocks.Add(new byte[BlockSize]);
            _used = 0;
        }
        var entry = _blocks[^1].AsSpan(_used);
        BinaryPrimitives.WriteUInt16LittleEndian(entry, (ushort)length);
        Encoding.UTF8.GetBytes(id, entry[EntryHeader..]);
        int position = ((_blocks.Count - 1) << BlockBits) | _used;
        _used += length + EntryHeader;
        return position;
    }

    // The hashes ride in the slots, so re-slotting reads no line and no text.
    void ResizeSlots(int size)
    {
        var slots = LargeTable.Zeroed<ulong>(size);
        int mask = size - 1;
        foreach (var taken in _slots)
        {
            if (taken == 0)
                continue;
            int slot = (int)((uint)(taken >> 32) & (uint)mask);
            while (slots[slot] != 0)
                slot = (slot + 1) & mask;
            slots[slot] = taken;
        }
        _slots = slots;
    }
}
