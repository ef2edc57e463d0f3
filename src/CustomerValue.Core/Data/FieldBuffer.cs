using System.Text;

namespace CustomerValue.Core.Data;

/// <summary>
/// The fields of a record or a batch of records, end to end in one array that grows by doubling: each field is found
/// again by where it starts and its length, without an array of its own. <see cref="Clear"/> starts over and keeps the
/// array.
/// </summary>
internal sealed class FieldBuffer<T>(int capacity)
{
    T[] _items = new T[capacity];
    int _used;

    public void Clear() => _used = 0;

    /// <summary>Copies <paramref name="items"/> to the end; returns where they start.</summary>
    public int Append(ReadOnlySpan<T> items)
    {
        items.CopyTo(Room(items.Length));
        return Commit(items.Length);
    }

    /// <summary>Room for at least <paramref name="count"/> more items at the end, to be kept with <see cref="Commit"/>.</summary>
    public Span<T> Room(int count)
    {
        if (_used + count > _items.Length)
            Array.Resize(ref _items, Math.Max(_used + count, _items.Length * 2));
        return _items.AsSpan(_used);
    }

    /// <summary>Keeps the first <paramref name="count"/> items written to <see cref="Room"/>; returns where they start.</summary>
    public int Commit(int count)
    {
        var start = _used;
        _used += count;
        return start;
    }

    public ReadOnlySpan<T> Slice(int start, int length) => _items.AsSpan(start, length);
}

internal static class FieldBufferText
{
    /// <summary>Decodes <paramref name="utf8"/> to the end of <paramref name="text"/>; returns where it starts and its length in characters.</summary>
    public static (int Start, int Length) AppendUtf8(this FieldBuffer<char> text, ReadOnlySpan<byte> utf8)
    {
        var length = Encoding.UTF8.GetChars(utf8, text.Room(Encoding.UTF8.GetMaxCharCount(utf8.Length)));
        return (text.Commit(length), length);
    }
}
