using System.Globalization;
using CustomerValue.Modeling.Synthetic;

namespace CustomerValue.Modeling.Tests.Synthetic;

public sealed class CsvLineTests
{
    static string Fixed(double value, int decimals, bool trimZeros = false)
    {
        var line = new CsvLine(stackalloc char[64]);
        line.Fixed(value, decimals, trimZeros);
        return line.Text.ToString();
    }

    [Theory]
    [InlineData(0.0, 2, "0.00")]
    [InlineData(12.5, 2, "12.50")]
    [InlineData(-57.7, 2, "-57.70")]
    [InlineData(1234567.891, 2, "1234567.89")]
    [InlineData(0.004, 2, "0.00")]
    [InlineData(-0.004, 2, "0.00")]
    [InlineData(0.125, 2, "0.13")]
    [InlineData(3.0, 0, "3")]
    [InlineData(-2.0, 0, "-2")]
    [InlineData(0.0254068307971, 10, "0.0254068308")]
    public void FixedWritesRoundedDigitsAndNeverANegativeZero(double value, int decimals, string expected)
    {
        Assert.Equal(expected, Fixed(value, decimals));
    }

    [Theory]
    [InlineData(0.5, 6, "0.5")]
    [InlineData(0.0, 6, "0")]
    [InlineData(0.585, 6, "0.585")]
    [InlineData(0.00000000012, 10, "0.0000000001")]
    public void FixedDropsTrailingZerosWhenAsked(double value, int decimals, string expected)
    {
        Assert.Equal(expected, Fixed(value, decimals, trimZeros: true));
    }

    [Fact]
    public void FixedAgreesWithTheInvariantFormatOnCentAmounts()
    {
        var amounts = Enumerable.Range(0, 20_000).Select(i => Math.Round(i * 0.37 - 3000.0, 2)).ToArray();

        var ours = amounts.Select(a => Fixed(a, 2)).ToArray();

        Assert.Equal(amounts.Select(a => a.ToString("0.00", CultureInfo.InvariantCulture)).ToArray(), ours);
    }

    [Fact]
    public void DateTimeIsIsoWithSeconds()
    {
        var line = new CsvLine(stackalloc char[64]);

        line.DateTime(new DateTime(2024, 3, 5, 14, 2, 9));

        Assert.Equal("2024-03-05T14:02:09", line.Text.ToString());
    }
}
