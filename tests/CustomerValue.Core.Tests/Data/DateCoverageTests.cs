using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

/// <summary>Days an export missed, or its incomplete last days, against what a business's ordinary weeks look like.</summary>
public sealed class DateCoverageTests
{
    static readonly DateOnly Start = new(2023, 1, 2); // a Monday

    /// <summary>Rows per day from <see cref="Start"/> for <paramref name="days"/> days, as <paramref name="rowsOn"/> gives them.</summary>
    static (DateProfile Profile, DateOnly Last) Profile(int days, Func<DateOnly, int> rowsOn)
    {
        var profile = new DateProfile("orders.csv", "timestamp");
        long line = 1;
        for (var d = 0; d < days; d++)
        {
            var day = Start.AddDays(d);
            for (var r = rowsOn(day); r > 0; r--)
                profile.Add(day, ++line);
        }
        return (profile, Start.AddDays(days - 1));
    }

    /// <summary>A shop closed on Sundays, busier on Saturdays, with a day-to-day wobble that repeats every 11 days.</summary>
    static int Ordinary(DateOnly day) => day.DayOfWeek switch
    {
        DayOfWeek.Sunday => 0,
        DayOfWeek.Saturday => 60,
        _ => 35 + day.DayNumber % 11,
    };

    static DateCoverage Find((DateProfile Profile, DateOnly Last) data) => DateCoverage.Find(data.Profile, Start, data.Last);

    [Fact]
    public void AnOrdinaryBusinessClosedOnSundaysHasNoThinDaysEvenWhenItsDataEndsOnASunday()
    {
        var data = Profile(2 * 364 + 7, Ordinary);

        Assert.Equal(DayOfWeek.Sunday, data.Last.DayOfWeek);
        var coverage = Find(data);

        Assert.Empty(coverage.Runs);
        Assert.Null(coverage.Explain("orders.csv", 90));
    }

    [Fact]
    public void SixWeeksAnExportMissedAreAGapNamedByTheirDatesAndTheRowsTheWeeksBeforeHeld()
    {
        var first = new DateOnly(2024, 6, 3);
        var last = new DateOnly(2024, 7, 14);
        var data = Profile(600, day => day >= first && day <= last ? 0 : Ordinary(day));

        var coverage = Find(data);

        // The run ends on its last open day: the 14th is a Sunday, when the shop is closed anyway.
        var gap = Assert.Single(coverage.Runs);
        Assert.Equal((first, last.AddDays(-1), 0L, false), (gap.First, gap.Last, gap.Rows, gap.AtEnd));
        // Six weeks of 5 weekdays at 35–45 and a Saturday at 60.
        Assert.InRange(gap.Expected, 6 * (5 * 35 + 60), 6 * (5 * 45 + 60));
        Assert.Null(coverage.Tail);
        var note = coverage.Explain("orders.csv", 90)!;
        Assert.Contains("orders.csv: a run of days holds far fewer rows than the same weekdays of the 8 weeks before: 2024-06-03 .. 2024-07-13 (41 days) hold no rows where", note);
        Assert.Contains("export them again", note);
    }

    [Fact]
    public void LastDaysHoldingAFifthOfTheirRowsAreAThinTailWithTheCutoffThatEndsTheLabelsBeforeThem()
    {
        var data = Profile(400, Ordinary);
        var thinFrom = data.Last.AddDays(-9);
        data = Profile(400, day => day >= thinFrom ? Ordinary(day) / 5 : Ordinary(day));

        var coverage = Find(data);

        var tail = Assert.Single(coverage.Runs);
        Assert.True(tail.AtEnd);
        Assert.Equal((thinFrom, data.Last), (tail.First, tail.Last));
        Assert.InRange(tail.Share, 0.15, 0.25);
        var note = coverage.Explain("orders.csv", 90)!;
        Assert.Contains($"orders.csv: the last days, {thinFrom:yyyy-MM-dd} .. {data.Last:yyyy-MM-dd} (10 days) hold", note);
        Assert.Contains($"end the labels on the last complete day, {thinFrom.AddDays(-1):yyyy-MM-dd}, with --cutoff {thinFrom.AddDays(-91):yyyy-MM-dd} (labels over the 90 days after it)", note);
    }

    [Fact]
    public void AThinTailOfDataTooShortForTheLabelsAfterACutoffGetsTheLongestShorterHorizonThatLeavesNinetyDaysOfHistory()
    {
        // 200 days: a cutoff 365 days before the tail would fall before the data starts (an event log of a few months).
        var thinFrom = Start.AddDays(190);
        var data = Profile(200, day => day >= thinFrom ? Ordinary(day) / 5 : Ordinary(day));

        var note = Find(data).Explain("events.csv", 365)!;

        Assert.Contains($"the 190 days from {Start:yyyy-MM-dd} to it are too short for 365 days of labels after a cutoff with 90 days of history before it", note);
        // 190 - 90 = 100 days of history at most before the cutoff: a 90-day horizon leaves 100, a 180-day one none.
        Assert.Contains($"--horizon-days 90 --cutoff {thinFrom.AddDays(-91):yyyy-MM-dd}", note);
        Assert.DoesNotContain("--cutoff " + thinFrom.AddDays(-366).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), note);
    }

    [Fact]
    public void AThinTailOfDataShorterThanAnyHorizonAfterNinetyDaysOfHistoryOffersNoCutoff()
    {
        var thinFrom = Start.AddDays(90);
        var data = Profile(100, day => day >= thinFrom ? Ordinary(day) / 5 : Ordinary(day));

        var note = Find(data).Explain("events.csv", 30)!;

        Assert.Contains("Export again once they are complete: to end the labels on the last complete day", note);
        Assert.Contains("too short for even 7 days of labels after a cutoff with 90 days of history before it", note);
        Assert.DoesNotContain("--cutoff", note);
    }

    [Fact]
    public void AClosureEveryYearAtTheSameWeeksIsNoGapAndAClosureInTheOnlyYearIs()
    {
        static bool Closed(DateOnly day) => day.Month == 12 && day.Day is >= 24 and <= 31;

        var twoYears = Find(Profile(2 * 364 + 60, day => Closed(day) ? 0 : Ordinary(day)));
        var oneYear = Find(Profile(364 + 60, day => Closed(day) ? 0 : Ordinary(day)));

        Assert.Empty(twoYears.Runs);
        var closure = Assert.Single(oneYear.Runs);
        // From the first to the last open day closed: the 24th and the 31st are Sundays.
        Assert.Equal((new DateOnly(2023, 12, 25), new DateOnly(2023, 12, 30)), (closure.First, closure.Last));
        Assert.Contains("If the business was closed, nothing is wrong.", oneYear.Explain("orders.csv", 90));
    }

    [Fact]
    public void AFileStartingWeeksBeforeTheFirstOfTwoChristmasClosuresShowsTheSecondAsRecurring()
    {
        // As Online Retail II: from 1 December, closed from 23 December to 3 January each year, ending a year later.
        static bool Closed(DateOnly day) => (day.Month == 12 && day.Day >= 23) || (day.Month == 1 && day.Day <= 3);
        var first = new DateOnly(2022, 12, 1);
        var profile = new DateProfile("orders.csv", "timestamp");
        long line = 1;
        for (var day = first; day <= new DateOnly(2024, 12, 9); day = day.AddDays(1))
        {
            for (var r = Closed(day) ? 0 : Ordinary(day); r > 0; r--)
                profile.Add(day, ++line);
        }

        Assert.Empty(DateCoverage.Find(profile, first, new DateOnly(2024, 12, 9)).Runs);
    }

    [Fact]
    public void AYoungBusinessGrowingFromNothingAndASmallOneMissingAFewDaysAreNotReported()
    {
        // Rows grow from 0 to 80 a day over the first months.
        var growing = Find(Profile(300, day => Math.Min(80, (day.DayNumber - Start.DayNumber) / 2)));
        // Three rows a day, and a week without any: 21 rows, within a small business's noise.
        var small = Find(Profile(300, day => day >= new DateOnly(2023, 6, 5) && day < new DateOnly(2023, 6, 12) ? 0 : 3));

        Assert.Empty(growing.Runs);
        Assert.Empty(small.Runs);
    }

    [Fact]
    public void ACohortWhoseAcquisitionEndsDropsForGoodAndThatIsNoGap()
    {
        // First purchases until the end of March, then the cohort's repeat purchases alone, at a fifth of the level.
        var cohort = Find(Profile(500, day => day < new DateOnly(2023, 4, 1) ? Ordinary(day) : Ordinary(day) / 5));

        Assert.Empty(cohort.Runs);
    }

    [Fact]
    public void AThinTailAfterTheLabelsOfAnExplicitCutoffIsNamedAsReadOnlyByTheLatestSnapshot()
    {
        var data = Profile(400, day => day >= Start.AddDays(390) ? 0 : Ordinary(day));

        var note = Find(data).Explain("orders.csv", 90, labelsEnd: Start.AddDays(380))!;

        Assert.Contains($"the labels end on {Start.AddDays(380):yyyy-MM-dd}, before them, so only the snapshot as of the data's end", note);
        Assert.DoesNotContain("--cutoff", note);
    }

    [Fact]
    public void OneDayHoldingAFifthOfTheFileIsAnImportStampedWithItsOwnDate()
    {
        // A year of old orders imported on 2023-06-01 with that day as their date, then the shop as usual.
        var import = new DateOnly(2023, 6, 1);
        var coverage = Find(Profile(400, day => day < import ? 0 : day == import ? 3_000 : Ordinary(day)));

        var crowded = coverage.Crowded!;
        Assert.Equal((import, 3_000L), (crowded.Date, crowded.Rows));
        Assert.InRange(crowded.Share, 0.2, 0.3);
        Assert.Contains("orders.csv: 2023-06-01 holds 3,000 rows, ", coverage.Explain("orders.csv", 90));
        Assert.Contains("orders imported or migrated with the day of the import as their date, or a date written for missing ones?", coverage.Explain("orders.csv", 90));
    }

    [Fact]
    public void SaleDaysAndMonthlyBillingRunsAreNotCrowdedDays()
    {
        // Black Friday at eight times a usual day; a subscription business billing everyone on the first of the month.
        var sale = Find(Profile(400, day => day == new DateOnly(2023, 11, 24) ? 8 * Ordinary(day) : Ordinary(day)));
        var billing = Find(Profile(400, day => day.Day == 1 ? 2_000 : 5));

        Assert.Null(sale.Crowded);
        Assert.Null(billing.Crowded);
    }

    [Fact]
    public void RowsOutsideTheBulkAreNotLookedAt()
    {
        var data = Profile(300, Ordinary);
        data.Profile.Add(new DateOnly(2099, 1, 1), 1_000_000);

        Assert.Empty(DateCoverage.Find(data.Profile, Start, data.Last).Runs);
    }
}
