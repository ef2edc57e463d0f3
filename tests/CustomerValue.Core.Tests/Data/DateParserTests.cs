using System.Globalization;
using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class DateParserTests
{
    [Fact]
    public void DayResolutionKeepsOnlyTheDateOfAnIsoDateTime()
    {
        var parser = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: true);

        Assert.True(parser.TryParse("2024-02-11T21:15:07", out var value));

        Assert.Equal(new DateTime(2024, 2, 11), value);
    }

    [Fact]
    public void AnOffsetIsConvertedToUtcAndATimeWithoutOneIsKeptAsWritten()
    {
        var parser = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: false);

        Assert.True(parser.TryParse("2024-02-11T23:30:00+02:00", out var withOffset));
        Assert.True(parser.TryParse(" 2024-02-11 23:30 ", out var withoutOffset));

        Assert.Equal((new DateTime(2024, 2, 11, 21, 30, 0), DateTimeKind.Utc), (withOffset, withOffset.Kind));
        Assert.Equal((new DateTime(2024, 2, 11, 23, 30, 0), DateTimeKind.Unspecified), (withoutOffset, withoutOffset.Kind));
    }

    [Theory]
    [InlineData("2024-02-11 23:30:00+00", 23)]
    [InlineData("2024-02-11 23:30:00.123+02", 21)]
    [InlineData("2024-02-11 23:30:00-03", 2)]
    [InlineData("2024-02-11 23:30:00+02:00", 21)]
    [InlineData("2024-02-11 23:30:00Z", 23)]
    [InlineData("2024-02-11T23:30:00+05", 18)]
    public void ASpaceSeparatedTimeWithAnOffsetAsPostgresWritesItIsReadAsUtc(string text, int utcHour)
    {
        // psql and COPY write a timestamptz as "2024-02-11 23:30:00+00": a space, and an offset of hours only.
        var parser = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: false);

        Assert.True(parser.TryParse(text, out var value));

        Assert.Equal(DateTimeKind.Utc, value.Kind);
        Assert.Equal(utcHour, value.Hour);
        Assert.Equal(30, value.Minute);
    }

    [Theory]
    [InlineData("2024-02-11 23:30:00 UTC", 0)]
    [InlineData("2024-02-11 23:30:00.123456 UTC", 123)]
    public void ATimeWithUtcSpelledOutAsBigQueryWritesItIsReadAsUtc(string text, int milliseconds)
    {
        var parser = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: false);

        Assert.True(parser.TryParse(text, out var value));

        Assert.Equal((new DateTime(2024, 2, 11, 23, 30, 0, milliseconds), DateTimeKind.Utc), (value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMillisecond)), value.Kind));
    }

    [Fact]
    public void TheSpecsFormatsAreTriedInOrderWithItsCulture()
    {
        var parser = new DateParser(["dd.MM.yyyy", "yyyyMMdd"], CultureInfo.GetCultureInfo("de-DE"), dayResolution: true);

        Assert.True(parser.TryParseDate("31.03.2024", out var dotted));
        Assert.True(parser.TryParseDate("20240331", out var digits));
        Assert.False(parser.TryParseDate("2024-03-31", out _));

        Assert.Equal((new DateOnly(2024, 3, 31), new DateOnly(2024, 3, 31)), (dotted, digits));
        Assert.Equal("dd.MM.yyyy or yyyyMMdd", parser.Expected);
    }

    [Fact]
    public void RepeatedTextsAndTextsThatNeverRepeatEachReadAsTheirOwnDate()
    {
        // 700 days over 20,000 rows keep the parser's memory of texts on; 10,000 distinct timestamps turn it off.
        var days = Enumerable.Range(0, 20_000).Select(i => new DateTime(2020, 1, 1).AddDays(i * 7 % 700)).ToList();
        var stamps = Enumerable.Range(0, 10_000).Select(i => new DateTime(2024, 1, 1).AddSeconds(i * 37L)).ToList();
        var dayParser = new DateParser(["yyyyMMdd"], CultureInfo.InvariantCulture, dayResolution: true);
        var stampParser = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: false);

        var readDays = days.Select(d => dayParser.TryParse(d.ToString("yyyyMMdd", CultureInfo.InvariantCulture), out var v) ? v : default).ToList();
        var readStamps = stamps.Select(d => stampParser.TryParse(d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), out var v) ? v : default).ToList();

        Assert.Equal(days, readDays);
        Assert.Equal(stamps, readStamps);
        Assert.False(dayParser.TryParse("2024x101", out _));
    }

    [Theory]
    [InlineData("2024-02-29T23:59:59")]
    [InlineData("2024-02-29 00:00:00")]
    [InlineData("2024-02-29")]
    [InlineData("2023-02-29T10:00:00")]
    [InlineData("2024-02-28T24:00:00")]
    [InlineData("2024-02-28T23:60:00")]
    [InlineData("2024-13-01")]
    [InlineData("2024-02-28X10:00:00")]
    [InlineData("2024-02-28T10:00:0x")]
    [InlineData("0000-01-01")]
    public void AnIsoDayOrSecondReadsAsTheFormatListReadsIt(string text)
    {
        var parser = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: false);
        bool listed = DateTime.TryParseExact(text, DateParser.IsoFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out var expected);

        // Twice: the second read comes from the remembered halves.
        var first = (parser.TryParse(text, out var value), value, value.Kind);
        var second = (parser.TryParse(text, out value), value, value.Kind);

        Assert.Equal((listed, expected, expected.Kind), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void RememberedHalvesOfOneTimestampDoNotLeakIntoAnother()
    {
        var parser = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: false);

        parser.TryParse("2024-03-31T14:05:09", out _);
        Assert.True(parser.TryParse("2024-03-30T14:05:09", out var sameTime));
        Assert.True(parser.TryParse("2024-03-31T09:05:14", out var sameDay));

        Assert.Equal((new DateTime(2024, 3, 30, 14, 5, 9), new DateTime(2024, 3, 31, 9, 5, 14)), (sameTime, sameDay));
    }

    [Theory]
    [InlineData("01-MAR-23", "d-MMM-yy", 2023, 3, 1)]
    [InlineData("Mar 1, 2023", "MMM d, yyyy", 2023, 3, 1)]
    [InlineData("14 February 2024", "d MMMM yyyy", 2024, 2, 14)]
    [InlineData("Sep 30, 2024 4:05 PM", "MMM d, yyyy h:mm tt", 2024, 9, 30)]
    [InlineData("Fri, 15 Mar 2024 10:00:00 GMT", "ddd, d MMM yyyy HH:mm:ss 'GMT'", 2024, 3, 15)]
    [InlineData("Jan-05-24", "MMM-d-yy", 2024, 1, 5)]
    [InlineData("05/Jan/2024:10:00:00", "d/MMM/yyyy:HH:mm:ss", 2024, 1, 5)]
    [InlineData("2024-Jan-05", "yyyy-MMM-d", 2024, 1, 5)]
    [InlineData("21/9/16", "d/M/yy", 2016, 9, 21)]
    [InlineData("9-21-16", "M-d-yy", 2016, 9, 21)]
    [InlineData("30.12.98 17:45", "d.M.yy H:mm", 1998, 12, 30)]
    public void ADateWithAMonthNameOrATwoDigitYearIsToldTheFormatThatReadsIt(string text, string format, int year, int month, int day)
    {
        var iso = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: true);
        var suggested = new DateParser([format], CultureInfo.InvariantCulture, dayResolution: true);

        Assert.False(iso.TryParse(text, out _));
        Assert.EndsWith($"; for dates like this give a source spec with \"dateFormats\": [\"{format}\"]", iso.Unparseable(text));
        Assert.True(suggested.TryParse(text, out var read));
        Assert.Equal(new DateTime(year, month, day), read.Date);
    }

    [Fact]
    public void ATwoDigitYearThatCannotTellDayFromMonthIsOfferedBothOrders() =>
        Assert.EndsWith(
            "; for dates like this give a source spec with \"dateFormats\": [\"d/M/yy\"] (day first; [\"M/d/yy\"] if the month comes first)",
            new DateParser(null, CultureInfo.InvariantCulture, dayResolution: true).Unparseable("2/8/16"));
}
