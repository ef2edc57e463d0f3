namespace CustomerValue.Core.Data;

/// <summary>
/// The order ids seen in a load and the line each was first seen on. A file holds millions of them and they must all
/// stay known until the end, so they are kept as characters in large shared blocks with a hash table of plain
/// structs: no object per id, which would cost several times the memory and make every full garbage collection
/// walk them.
/// </summary>
internal sealed class OrderIdIndex
{
    const int BlockBits = 20;
    const int BlockSize = 1 << BlockBits;
    const int BlockMask = BlockSize - 1;

    readonly List<char[]> _blocks = [];
    int _used = BlockSize;
    int[] _buckets = new int[1 << 10];
    Entry[] _entries = new Entry[1 << 10];
    int _count;
    // Ids too long to share a block (never seen in practice) keep their own strings.
    readonly Dictionary<string, long> _long = new(StringComparer.Ordinal);

    struct Entry
    {
        public int Hash;
        public int Next;
        public int Position;
        public int Length;
        public long Line;
    }

    public int Count => _count + _long.Count;

    /// <summary>
    /// Sizes the table for about <paramref name="expected"/> ids at once: growing by doubling re-buckets every id
    /// seen so far, a cache miss each, which at millions of ids costs as much as adding them.
    /// </summary>
    public void EnsureCapacity(int expected)
    {
        if (expected <= _entries.Length)
            return;
        int size = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)expected));
        Resize(size);
    }

    /// <summary>Adds <paramref name="id"/> as first seen on <paramref name="line"/>; false when it was already there, with its first line.</summary>
    public bool TryAdd(ReadOnlySpan<char> id, long line, out long firstLine)
    {
        if (id.Length > BlockSize / 4)
        {
            var lookup = _long.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(id, out firstLine))
                return false;
            lookup[id] = line;
            return true;
        }

        int hash = string.GetHashCode(id);
        for (int i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0; i = _entries[i].Next - 1)
        {
            ref var entry = ref _entries[i];
            if (entry.Hash == hash && Text(entry).SequenceEqual(id))
            {
                firstLine = entry.Line;
                return false;
            }
        }

        if (_count == _entries.Length)
            Grow();
        int position = Store(id);
        ref var added = ref _entries[_count];
        added.Hash = hash;
        added.Position = position;
        added.Length = id.Length;
        added.Line = line;
        ref var bucket = ref _buckets[hash & (_buckets.Length - 1)];
        added.Next = bucket;
        bucket = ++_count;
        firstLine = line;
        return true;
    }

    ReadOnlySpan<char> Text(in Entry entry) =>
        _blocks[entry.Position >> BlockBits].AsSpan(entry.Position & BlockMask, entry.Length);

    int Store(ReadOnlySpan<char> id)
    {
        if (BlockSize - _used < id.Length)
        {
            if (_blocks.Count == int.MaxValue >> BlockBits)
                throw new InvalidOperationException("Too many order ids to keep in one load.");
            _blocks.Add(new char[BlockSize]);
            _used = 0;
        }
        id.CopyTo(_blocks[^1].AsSpan(_used));
        int position = ((_blocks.Count - 1) << BlockBits) | _used;
        _used += id.Length;
        return position;
    }

    void Grow() => Resize(checked(_entries.Length * 2));

    void Resize(int size)
    {
        Array.Resize(ref _entries, size);
        _buckets = new int[_entries.Length];
        for (int i = 0; i < _count; i++)
        {
            ref var bucket = ref _buckets[_entries[i].Hash & (_buckets.Length - 1)];
            _entries[i].Next = bucket;
            bucket = i + 1;
        }
    }
}
