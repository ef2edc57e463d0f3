using System.Buffers;
using System.Text;
using System.Text.Json;
using CustomerValue.Core.Formatting;

namespace CustomerValue.Core.Tests.Formatting;

public sealed class ShortestNumberTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public void RoundedNumbersAreWrittenAsSystemTextJsonWritesThem(int decimals)
    {
        var random = new Random(decimals + 1);
        var mismatches = new List<string>();
        var fast = 0;
        var count = 0;
        Span<byte> buffer = stackalloc byte[ShortestNumber.MaxLength];
        foreach (var raw in FigureTests.Values(seed: decimals).Concat(Enumerable.Range(0, 100_000).Select(_ => (random.NextDouble() - 0.3) * 1e6)))
        {
            if (!double.IsFinite(raw))
                continue;
            var value = Math.Round(raw, decimals);
            count++;
            var expected = SystemTextJson(value);
            if (!ShortestNumber.TryFormatUtf8(value, decimals, buffer, out var written))
                continue;
            fast++;
            var actual = Encoding.ASCII.GetString(buffer[..written]);
            if (actual != expected && mismatches.Count < 10)
                mismatches.Add($"{value:R}: {actual}, System.Text.Json {expected}");
        }
        Assert.Empty(mismatches);
        Assert.True(fast > count * 0.9, $"only {fast} of {count} numbers took the fast path");
    }

    [Theory]
    [InlineData(0.1 + 0.2, 2)]   // 0.30000000000000004 has more than two decimals
    [InlineData(-0.0, 2)]        // written "-0"
    [InlineData(0.00001, 6)]     // written "1E-05"
    [InlineData(1e15, 0)]        // written "1E+15"
    [InlineData(double.NaN, 2)]
    public void NumbersItCannotProveShortestAreLeftToTheGeneralWriter(double value, int decimals)
    {
        Span<byte> buffer = stackalloc byte[ShortestNumber.MaxLength];

        Assert.False(ShortestNumber.TryFormatUtf8(value, decimals, buffer, out _));
    }

    static string SystemTextJson(double value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            writer.WriteNumberValue(value);
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }
}
