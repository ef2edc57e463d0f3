using System.Text;

namespace CustomerValue.Core.Formatting;

/// <summary>
/// Writes a double that was rounded to a few decimals (<c>Math.Round(x, 2)</c>) as the shortest text
/// that reads back as the same double — what System.Text.Json and <c>double.ToString()</c> write —
/// without the general shortest-round-trip search.
/// </summary>
/// <remarks>
/// If <c>k / 10^d</c> is the double (k a whole number under 10^15), the decimal k·10^−d has at most 15
/// significant digits, and no two such decimals share a double, so no shorter text reads back as it:
/// k's digits with trailing zeros dropped are the shortest round-trip text. .NET writes numbers from
/// 10^−4 to 10^15 without an exponent. Anything else (more decimals than said, −0, huge or tiny values,
/// NaN) returns false and the caller writes the number the general way.
/// </remarks>
public static class ShortestNumber
{
    static readonly double[] Scales = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    /// <summary>Longest text this writes: a sign, 15 digits and a decimal point.</summary>
    public const int MaxLength = 17;

    /// <param name="decimals">At most this many decimals are expected (0 to 9).</param>
    public static bool TryFormatUtf8(double value, int decimals, Span<byte> destination, out int written)
    {
        written = 0;
        if ((uint)decimals >= (uint)Scales.Length || destination.Length < MaxLength)
            return false;
        if (value == 0)
        {
            if (double.IsNegative(value))
                return false;
            destination[0] = (byte)'0';
            written = 1;
            return true;
        }
        var magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-4 && magnitude < 1e15))
            return false;
        var scale = Scales[decimals];
        var units = Math.Round(magnitude * scale);
        if (!(units < 1e15) || units / scale != magnitude)
            return false;

        Span<char> text = stackalloc char[MaxLength];
        var sign = value < 0 ? 1 : 0;
        if (sign == 1)
            text[0] = '-';
        if (!Figure.TryWriteUnits((long)units, decimals, trimZeros: true, text[sign..], out var digits))
            return false;
        written = Encoding.ASCII.GetBytes(text[..(sign + digits)], destination);
        return true;
    }
}
