using System.Globalization;

namespace CustomerValue.Core.Formatting;

/// <summary>
/// A number to put into a sentence, formatted exactly as one of .NET's custom numeric formats would
/// format it (invariant culture) but without parsing the format string on every call: money
/// <c>0.00</c>, rates <c>0.###</c>, shares <c>0.#%</c>, trends <c>+0.#%;−0.#%;0%</c>. Interpolate it
/// (<c>$"value {Figure.Money(v)}"</c>): the interpolation handler formats it in place, with no string per figure.
/// </summary>
/// <remarks>
/// .NET rounds a double to 15 significant digits, then half away from zero to the format's decimals.
/// The fast path scales the value to whole units of the last decimal and rounds once; that is the same
/// answer unless the scaled value lies so close to a half unit that the 15-digit step could tip it, or
/// the value is negative, too large for 15 digits or not finite. Those (rare) values take .NET's own
/// formatting, so the output is always identical (FigureTests compares millions of values).
/// </remarks>
public readonly struct Figure : ISpanFormattable
{
    /// <summary>Powers of ten up to 10^18, exact as doubles up to 10^22.</summary>
    static readonly double[] Scales = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18];

    /// <summary>Most decimals a figure may show.</summary>
    public const int MaxDecimals = 9;

    readonly double _value;
    readonly FigureStyle _style;
    readonly byte _decimals;

    Figure(double value, FigureStyle style, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, MaxDecimals);
        _value = value;
        _style = style;
        _decimals = (byte)decimals;
    }

    /// <summary>Exactly <paramref name="decimals"/> decimals: <c>0.00</c> for 2, <c>0</c> for 0.</summary>
    public static Figure Fixed(double value, int decimals) => new(value, FigureStyle.Fixed, decimals);

    /// <summary>Up to <paramref name="decimals"/> decimals, trailing zeros dropped: <c>0.###</c> for 3.</summary>
    public static Figure Trimmed(double value, int decimals) => new(value, FigureStyle.Trimmed, decimals);

    /// <summary>A share as a percentage with up to <paramref name="decimals"/> decimals: <c>0.#%</c> for 1.</summary>
    public static Figure Percent(double value, int decimals) => new(value, FigureStyle.Percent, decimals);

    /// <summary>
    /// A change as a signed percentage: <c>+0.#%;−0.#%;0%</c> for 1 (a minus sign, U+2212, and plain
    /// <c>0%</c> for anything that rounds to zero).
    /// </summary>
    public static Figure SignedPercent(double value, int decimals) => new(value, FigureStyle.SignedPercent, decimals);

    /// <summary>Money: <c>0.00</c>.</summary>
    public static Figure Money(double value) => Fixed(value, 2);

    /// <summary>Probabilities, margins and rates: <c>0.###</c>.</summary>
    public static Figure Rate(double value) => Trimmed(value, 3);

    /// <summary>The .NET custom format this figure is equivalent to.</summary>
    public string Format => Formats[(int)_style][_decimals];

    static readonly string[][] Formats =
    [
        Enumerable.Range(0, MaxDecimals + 1).Select(d => d == 0 ? "0" : "0." + new string('0', d)).ToArray(),
        Enumerable.Range(0, MaxDecimals + 1).Select(d => d == 0 ? "0" : "0." + new string('#', d)).ToArray(),
        Enumerable.Range(0, MaxDecimals + 1).Select(d => (d == 0 ? "0" : "0." + new string('#', d)) + "%").ToArray(),
        Enumerable.Range(0, MaxDecimals + 1).Select(d =>
        {
            var body = d == 0 ? "0" : "0." + new string('#', d);
            return $"+{body}%;−{body}%;0%";
        }).ToArray(),
    ];

    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <remarks>Always invariant: the format and provider arguments of the interpolation are ignored.</remarks>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        Span<char> buffer = stackalloc char[64];
        return TryFormat(buffer, out var written, default, null) ? new string(buffer[..written]) : _value.ToString(Format, CultureInfo.InvariantCulture);
    }

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var percent = _style is FigureStyle.Percent or FigureStyle.SignedPercent;
        if (!TryScale(_value, _decimals + (percent ? 2 : 0), out var units))
            return _value.TryFormat(destination, out charsWritten, Format, CultureInfo.InvariantCulture);

        charsWritten = 0;
        if (_style == FigureStyle.SignedPercent)
        {
            // The zero section: a change that rounds to nothing has no sign.
            if (units == 0)
                return Append(destination, ref charsWritten, "0%");
            if (!Append(destination, ref charsWritten, "+"))
                return false;
        }
        var trim = _style != FigureStyle.Fixed;
        if (!TryWriteUnits(units, _decimals, trim, destination[charsWritten..], out var digits))
        {
            charsWritten = 0;
            return false;
        }
        charsWritten += digits;
        return !percent || Append(destination, ref charsWritten, "%");
    }

    /// <summary>
    /// <paramref name="value"/> × 10^<paramref name="decimals"/> rounded half away from zero, when that is
    /// surely what .NET's custom formatting rounds to; false for values .NET itself must format.
    /// </summary>
    internal static bool TryScale(double value, int decimals, out long units)
    {
        units = 0;
        // Negative values (and −0, which .NET writes "-0.00") are rare in our sentences: .NET formats them.
        if (!(value >= 0) || double.IsNegative(value) || decimals >= Scales.Length)
            return false;
        var scaled = value * Scales[decimals];
        // Below 10^15 every digit up to the last decimal is among .NET's 15 significant ones.
        if (!(scaled < 1e15))
            return false;
        var whole = Math.Floor(scaled);
        var fraction = scaled - whole;
        // The 15-digit rounding moves the value by at most 5e-15 of it, the scaling by one rounding:
        // close to a half unit either could decide the direction, so leave those to .NET.
        if (Math.Abs(fraction - 0.5) <= (scaled * 1e-14) + 1e-9)
            return false;
        units = (long)whole + (fraction > 0.5 ? 1 : 0);
        return true;
    }

    /// <summary>Writes <paramref name="units"/> / 10^<paramref name="decimals"/>, optionally without trailing zeros.</summary>
    internal static bool TryWriteUnits(long units, int decimals, bool trimZeros, Span<char> destination, out int written)
    {
        written = 0;
        var scale = (long)Scales[decimals];
        var whole = units / scale;
        var fraction = units - (whole * scale);
        var shown = decimals;
        if (trimZeros)
        {
            while (shown > 0 && fraction % 10 == 0)
            {
                fraction /= 10;
                shown--;
            }
        }
        if (!whole.TryFormat(destination, out written, default, CultureInfo.InvariantCulture))
            return false;
        if (shown == 0)
            return true;
        if (destination.Length < written + 1 + shown)
            return false;
        destination[written] = '.';
        for (var i = written + shown; i > written; i--)
        {
            destination[i] = (char)('0' + (fraction % 10));
            fraction /= 10;
        }
        written += 1 + shown;
        return true;
    }

    static bool Append(Span<char> destination, ref int written, string text)
    {
        if (!text.AsSpan().TryCopyTo(destination[written..]))
            return false;
        written += text.Length;
        return true;
    }

    enum FigureStyle : byte
    {
        Fixed,
        Trimmed,
        Percent,
        SignedPercent,
    }
}
