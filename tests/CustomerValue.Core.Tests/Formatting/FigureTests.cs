using System.Globalization;
using CustomerValue.Core.Formatting;

namespace CustomerValue.Core.Tests.Formatting;

public sealed class FigureTests
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static TheoryData<string, int> Styles()
    {
        var data = new TheoryData<string, int>();
        foreach (var style in new[] { "fixed", "trimmed", "percent", "signed" })
        {
            for (var decimals = 0; decimals <= 4; decimals++)
                data.Add(style, decimals);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void EveryFigureReadsAsDotNetsCustomFormatWouldWriteIt(string style, int decimals)
    {
        var mismatches = new List<string>();
        foreach (var value in Values(seed: 17 + decimals))
        {
            var figure = Make(style, value, decimals);
            var expected = value.ToString(figure.Format, Inv);
            var actual = string.Create(Inv, $"{figure}");
            if (actual != expected && mismatches.Count < 10)
                mismatches.Add($"{value:R} as {figure.Format}: {actual}, .NET {expected}");
        }
        Assert.Empty(mismatches);
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void EverydayValuesTakeTheFastPath(string style, int decimals)
    {
        var random = new Random(decimals);
        var everyday = Enumerable.Range(0, 10_000).Select(i => i % 2 == 0 ? random.NextDouble() : random.NextDouble() * 5000).ToList();

        var fast = everyday.Count(value => Figure.TryScale(value, decimals + (style is "percent" or "signed" ? 2 : 0), out _));

        Assert.True(fast > everyday.Count * 0.99, $"only {fast} of {everyday.Count} values took the fast path");
    }

    [Theory]
    [InlineData(1.005, "0.00", "1.01")]      // the double is 1.00499999999999989…; .NET's 15 digits say 1.00500000000000
    [InlineData(2.675, "0.00", "2.68")]
    [InlineData(0.125, "0.00", "0.13")]      // an exact half rounds away from zero
    [InlineData(0.0001, "+0.#%;−0.#%;0%", "0%")]
    [InlineData(-0.25, "+0.#%;−0.#%;0%", "−25%")]
    [InlineData(0.1, "+0.#%;−0.#%;0%", "+10%")]
    [InlineData(0.30, "0.###", "0.3")]
    [InlineData(-0.001, "0.00", "-0.00")]
    [InlineData(12.0, "0.#", "12")]
    public void TiesAndSignsFollowDotNet(double value, string format, string expected)
    {
        var figure = format switch
        {
            "0.00" => Figure.Money(value),
            "0.###" => Figure.Rate(value),
            "0.#" => Figure.Trimmed(value, 1),
            _ => Figure.SignedPercent(value, 1),
        };

        Assert.Equal(format, figure.Format);
        Assert.Equal(expected, value.ToString(format, Inv));
        Assert.Equal(expected, figure.ToString());
    }

    [Fact]
    public void AFigureIsFormattedIntoTheSentenceWithoutItsOwnString()
    {
        var text = string.Create(Inv, $"value {Figure.Money(138.3212)} × margin {Figure.Rate(0.3)} at {Figure.Percent(0.155, 1)}");

        Assert.Equal("value 138.32 × margin 0.3 at 15.5%", text);
    }

    [Fact]
    public void MoreDecimalsThanAFigureShowsAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Figure.Fixed(1, Figure.MaxDecimals + 1));

    static Figure Make(string style, double value, int decimals) => style switch
    {
        "fixed" => Figure.Fixed(value, decimals),
        "trimmed" => Figure.Trimmed(value, decimals),
        "percent" => Figure.Percent(value, decimals),
        _ => Figure.SignedPercent(value, decimals),
    };

    /// <summary>Everyday values, values on and beside every rounding tie, and the awkward ones.</summary>
    internal static IEnumerable<double> Values(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 40_000; i++)
        {
            yield return random.NextDouble();
            yield return random.NextDouble() * 1000;
            yield return Math.Pow(10, (random.NextDouble() * 20) - 6);
            // Decimals ending in 5: a tie at every rounding position.
            var tie = (random.Next(0, 100_000) * 10 + 5) / Math.Pow(10, random.Next(1, 7));
            yield return tie;
            yield return Math.BitIncrement(tie);
            yield return Math.BitDecrement(tie);
            yield return Math.Round(random.NextDouble() * 500, random.Next(0, 5));
            yield return -random.NextDouble() * 10;
        }
        foreach (var special in new[] { 0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon,
                     double.MaxValue, 1e15, 999_999_999_999_999.9, 1e15 - 0.5, 0.5, 1.5, 2.5, 0.05, 0.005, 0.0005 })
            yield return special;
    }
}
