using System.Globalization;
using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class DateParserTests
{
    [Theory]
    [InlineData("2024-02-11T00:00:53")]
    [InlineData("2024-02-29 23:59:59")]
    [InlineData("2024-02-11T07:05")]
    [InlineData(" 2024-12-31T12:00:00 ")]
    [InlineData("2024-02-11T00:00:53Z")]
    [InlineData("2024-02-11T23:30:00+02:00")]
    [InlineData("2024-02-11T00:00:53.250")]
    [InlineData("2023-02-29T10:00:00")]
    [InlineData("2024-02-11T24:00:00")]
    [InlineData("2024-02-11T10:60:00")]
    [InlineData("2024-02-11T10:00:60")]
    [InlineData("2024-02-11X10:00:00")]
    [InlineData("2024-02-11T1a:00:00")]
    public void IsoDateTimesParseExactlyAsTheFormatListDoes(string text)
    {
        var expectedParsed = DateTime.TryParseExact(text.Trim(), DateParser.IsoFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out var expected);

        var parsed = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: false).TryParse(text, out var actual);

        Assert.Equal((expectedParsed, expected, expected.Kind), (parsed, actual, actual.Kind));
    }

    [Fact]
    public void DayResolutionKeepsOnlyTheDateOfAnIsoDateTime()
    {
        var parser = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: true);

        Assert.True(parser.TryParse("2024-02-11T21:15:07", out var value));

        Assert.Equal(new DateTime(2024, 2, 11), value);
    }
}
