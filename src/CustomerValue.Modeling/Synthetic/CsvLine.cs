using System.Globalization;

namespace CustomerValue.Modeling.Synthetic;

/// <summary>
/// Builds one CSV line in a caller's buffer. Dates and fixed-point numbers are written digit by
/// digit: at ten million lines, custom format strings were most of the generation time. Output is
/// culture-free by construction.
/// </summary>
internal ref struct CsvLine(Span<char> buffer)
{
    readonly Span<char> buffer = buffer;
    int length;

    public readonly ReadOnlySpan<char> Text => buffer[..length];

    public void Field(string? text)
    {
        text.AsSpan().CopyTo(buffer[length..]);
        length += text?.Length ?? 0;
    }

    public void Char(char c) => buffer[length++] = c;

    public void Comma() => buffer[length++] = ',';

    public void Integer(long value, int minimumDigits = 1)
    {
        if (value < 0)
        {
            Char('-');
            value = -value;
        }

        var digits = Math.Max(minimumDigits, CountDigits((ulong)value));
        for (var i = length + digits - 1; i >= length; i--)
        {
            buffer[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }

        length += digits;
    }

    /// <summary>
    /// value rounded half away from zero to <paramref name="decimals"/> places, all places written,
    /// or trailing zeros dropped when <paramref name="trimZeros"/>. Never writes "-0".
    /// </summary>
    public void Fixed(double value, int decimals, bool trimZeros = false)
    {
        var scale = Pow10[decimals];
        var scaled = Math.Round(value * scale, MidpointRounding.AwayFromZero);
        if (!double.IsFinite(scaled) || Math.Abs(scaled) >= 9e17)
        {
            // Beyond what fixed digits can hold exactly; the invariant round-trip form is still parseable.
            Field(value.ToString("R", CultureInfo.InvariantCulture));
            return;
        }

        var units = (long)scaled;
        if (units < 0)
        {
            Char('-');
            units = -units;
        }

        var whole = units / (long)scale;
        var fraction = units % (long)scale;
        Integer(whole);
        if (decimals == 0)
        {
            return;
        }

        var places = decimals;
        if (trimZeros)
        {
            while (places > 0 && fraction % 10 == 0)
            {
                fraction /= 10;
                places--;
            }

            if (places == 0)
            {
                return;
            }
        }

        Char('.');
        Integer(fraction, places);
    }

    /// <summary>yyyy-MM-dd</summary>
    public void Date(DateOnly date)
    {
        Integer(date.Year, 4);
        Char('-');
        Integer(date.Month, 2);
        Char('-');
        Integer(date.Day, 2);
    }

    /// <summary>yyyy-MM-ddTHH:mm:ss</summary>
    public void DateTime(DateTime time)
    {
        Date(DateOnly.FromDateTime(time));
        Char('T');
        Integer(time.Hour, 2);
        Char(':');
        Integer(time.Minute, 2);
        Char(':');
        Integer(time.Second, 2);
    }

    public void EndLine() => buffer[length++] = '\n';

    static int CountDigits(ulong value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    static readonly double[] Pow10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];
}
