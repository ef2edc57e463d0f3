using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Writes strings as a <see cref="Utf8JsonWriter"/> with the default encoder escapes them, faster when they
/// hold a few characters that need escaping: the writer's own escaping, once it meets one (our reasons'
/// "×" and "−"), costs more than the rest of the answer's strings together.
/// </summary>
/// <remarks>
/// The default encoder escapes character by character: each ASCII character has one fixed form, which
/// this class asks a writer for once, and every other character of the basic multilingual plane becomes
/// <c>\uXXXX</c>. Strings holding anything else (surrogates), and writers with a configured encoder, are
/// written by the writer itself.
/// </remarks>
internal sealed class JsonStringWriter
{
    /// <summary>Longer strings are left to the writer rather than take a large stack buffer.</summary>
    const int MaxFastLength = 1024;

    /// <summary>The escaped form of each ASCII character; null for one written as it is.</summary>
    readonly byte[]?[] _ascii = new byte[]?[128];

    readonly bool _enabled;

    public JsonStringWriter(JsonWriterOptions options)
    {
        _enabled = options.Encoder is null;
        if (!_enabled)
            return;
        var buffer = new ArrayBufferWriter<byte>();
        for (var c = 0; c < 128; c++)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, options))
                writer.WriteStringValue(((char)c).ToString());
            var written = buffer.WrittenSpan[1..^1];
            if (written.Length != 1 || written[0] != c)
                _ascii[c] = written.ToArray();
        }
    }

    public void Write(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null || !_enabled || value.Length > MaxFastLength || !TryWrite(writer, name, value))
            writer.WriteString(name, value);
    }

    bool TryWrite(Utf8JsonWriter writer, JsonEncodedText name, string value)
    {
        Span<byte> text = stackalloc byte[(value.Length * 6) + 2];
        var at = 0;
        text[at++] = (byte)'"';
        foreach (var c in value)
        {
            if (c < 128)
            {
                if (_ascii[c] is { } escaped)
                {
                    escaped.CopyTo(text[at..]);
                    at += escaped.Length;
                }
                else
                {
                    text[at++] = (byte)c;
                }
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
            else
            {
                text[at++] = (byte)'\\';
                text[at++] = (byte)'u';
                at += Hex(c, text[at..]);
            }
        }
        text[at++] = (byte)'"';
        writer.WritePropertyName(name);
        writer.WriteRawValue(text[..at], skipInputValidation: true);
        return true;
    }

    static int Hex(char c, Span<byte> destination)
    {
        const string digits = "0123456789ABCDEF";
        destination[0] = (byte)digits[c >> 12];
        destination[1] = (byte)digits[(c >> 8) & 0xF];
        destination[2] = (byte)digits[(c >> 4) & 0xF];
        destination[3] = (byte)digits[c & 0xF];
        return 4;
    }
}
