using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CustomerValue.Core.Formatting;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// A growing buffer of UTF-8 JSON that values are appended to as a non-indented <see cref="Utf8JsonWriter"/>
/// with a given encoder writes them: <see cref="PredictionResponseWriter"/>'s output, before one copy into
/// the response.
/// </summary>
/// <remarks>
/// Strings go out as their UTF-8 bytes when the encoder finds nothing to escape, as the writer does; the rest,
/// and numbers <see cref="ShortestNumber"/> cannot vouch for, are written by a writer.
/// </remarks>
internal sealed class JsonText
{
    byte[] _buffer = new byte[4096];
    int _length;

    /// <summary>Numbers are written alike by every encoder.</summary>
    static readonly JsonWriterOptions NumberOptions = new() { SkipValidation = true };

    /// <summary>For the rare value written by a <see cref="Utf8JsonWriter"/>.</summary>
    readonly ArrayBufferWriter<byte> _scratch = new(256);

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void Raw(ReadOnlySpan<byte> json)
    {
        json.CopyTo(Room(json.Length));
        _length += json.Length;
    }

    public void Null() => Raw("null"u8);

    public void Integer(int value)
    {
        value.TryFormat(Room(11), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>A number rounded to at most <paramref name="decimals"/> decimals, as the writer writes a double.</summary>
    public void Number(double value, int decimals)
    {
        if (ShortestNumber.TryFormatUtf8(value, decimals, Room(ShortestNumber.MaxLength), out var written))
            _length += written;
        else
            ByWriter(NumberOptions, static (writer, v) => writer.WriteNumberValue(v), value);
    }

    /// <summary>YYYY-MM-DD in quotes, as the serializer writes a DateOnly (years are 1 to 9999).</summary>
    public void Date(DateOnly date)
    {
        var room = Room(12);
        date.Deconstruct(out var year, out var month, out var day);
        room[0] = (byte)'"';
        Digits(room.Slice(1, 4), year);
        room[5] = (byte)'-';
        Digits(room.Slice(6, 2), month);
        room[8] = (byte)'-';
        Digits(room.Slice(9, 2), day);
        room[11] = (byte)'"';
        _length += 12;
    }

    /// <summary>Fills <paramref name="room"/> with <paramref name="value"/>'s last digits, zero-padded.</summary>
    static void Digits(Span<byte> room, int value)
    {
        for (var i = room.Length - 1; i >= 0; i--)
        {
            (value, var digit) = Math.DivRem(value, 10);
            room[i] = (byte)('0' + digit);
        }
    }

    /// <summary>
    /// A string as a writer with <paramref name="options"/> writes it: when the encoder finds nothing to escape,
    /// the writer writes the UTF-8 bytes as they are, which is what this does (both steps vectorized); a string
    /// with something to escape, or with a surrogate, is written by a writer.
    /// </summary>
    public void String(string? value, JsonWriterOptions options)
    {
        if (value is null)
        {
            Null();
            return;
        }
        var room = Room((value.Length * 3) + 2);
        if (value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            var length = Encoding.UTF8.GetBytes(value, room[1..]);
            var encoder = options.Encoder ?? JavaScriptEncoder.Default;
            if (encoder.FindFirstCharacterToEncodeUtf8(room.Slice(1, length)) < 0)
            {
                room[0] = (byte)'"';
                room[length + 1] = (byte)'"';
                _length += length + 2;
                return;
            }
        }
        ByWriter(options, static (writer, v) => writer.WriteStringValue(v), value);
    }

    /// <summary>Free space for at least <paramref name="size"/> bytes at the end; the caller advances the length.</summary>
    Span<byte> Room(int size)
    {
        if (_buffer.Length - _length < size)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
        return _buffer.AsSpan(_length);
    }

    /// <summary>One value as a writer with <paramref name="options"/> writes it (and throws for it).</summary>
    void ByWriter<T>(JsonWriterOptions options, Action<Utf8JsonWriter, T> write, T value)
    {
        _scratch.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_scratch, options))
            write(writer, value);
        Raw(_scratch.WrittenSpan);
    }
}
