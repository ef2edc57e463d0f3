using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Models;

public sealed class NextOrderTimingTests
{
    static readonly Lazy<IReadOnlyList<FeatureRow>> Cdnow = new(() =>
        FeatureBuilder.Build(CdnowSample.Transactions(), profiles: null, new DateOnly(1997, 9, 30)).Rows.Select(r => r.Features).ToList());

    static readonly Lazy<BtydFeatureModel> BgNbd = new(() => BtydFeatureModel.Fit(Cdnow.Value, TimeUnit.Weeks, BtydModelKind.BgNbd));

    [Fact]
    public void AMonthlySubscriberChargedFiveDaysAgoIsExpectedAtTheNextChargeNotWithinThreeWeeks()
    {
        // Twelve charges 30 days apart (a day either way), the last five days ago, surely still there.
        var days = ByRhythm(meanGap: 30, sdGap: 1, gaps: 12, recencyDays: 5, alive: 0.98, baseVariation: 0.01);

        Assert.NotNull(days);
        Assert.InRange(days!.Value, 24, 27);
    }

    [Fact]
    public void AGapLastingLongerThanUsualBringsTheDateCloserAndTheChanceOfBeingGoneCanPushItPastTheHorizon()
    {
        var justBought = ByRhythm(30, 3, 6, recencyDays: 2, alive: 0.95, baseVariation: 0.05)!.Value;
        var halfway = ByRhythm(30, 3, 6, recencyDays: 15, alive: 0.95, baseVariation: 0.05)!.Value;

        Assert.True(halfway < justBought, $"{halfway} vs {justBought}");
        Assert.Null(ByRhythm(30, 3, 6, recencyDays: 2, alive: 0.45, baseVariation: 0.05));
        // A gap of a year is not closed within 90 days.
        Assert.Null(ByRhythm(365, 20, 4, recencyDays: 10, alive: 0.95, baseVariation: 0.05, horizonDays: 90));
    }

    [Fact]
    public void FewGapsAreShrunkTowardTheBasesSpreadSoTwoEqualGapsDoNotMakeACustomerARegular()
    {
        // Two gaps of exactly 30 days in a base of irregular buyers: the wait is spread as the base's are, so the 50 % day
        // lies before the next "due" day; in a base of subscribers it lies at it.
        var irregularBase = ByRhythm(30, 0, 2, recencyDays: 5, alive: 0.99, baseVariation: 1)!.Value;
        var regularBase = ByRhythm(30, 0, 2, recencyDays: 5, alive: 0.99, baseVariation: 0.01)!.Value;

        Assert.True(irregularBase < regularBase - 1, $"{irregularBase} vs {regularBase}");
        Assert.InRange(regularBase, 24, 27);
    }

    [Fact]
    public void TheBasesSpreadWeighsEachCustomerByTheirGapsAndIsAPoissonCustomersWhenNobodyHasARhythm()
    {
        var template = Cdnow.Value.First(r => !r.IsProspect && r.Frequency >= 2);
        FeatureRow Customer(int gaps, double mean, double sd) => template with { Frequency = gaps, MeanDaysBetweenPurchases = mean, StdDaysBetweenPurchases = sd };

        // Squared coefficients of variation 0.25 over 2 gaps and 0.01 over 8: (2 × 0.25 + 8 × 0.01) / 10.
        var variation = NextOrderTiming.BaseVariation([Customer(2, 40, 20), Customer(8, 30, 3), Customer(1, 30, 10), template with { IsProspect = true }]);

        Assert.Equal(0.058, variation, 12);
        Assert.Equal(NextOrderTiming.PoissonVariation, NextOrderTiming.BaseVariation([Customer(1, 30, 0)]));
    }

    [Fact]
    public void CustomersWithoutARhythmToReadAndBundlesThatDateByBtydGetBtydsDate()
    {
        var btyd = BgNbd.Value;
        var once = Cdnow.Value.First(r => !r.IsProspect && r.Frequency == 1);
        var regular = Cdnow.Value.First(r => !r.IsProspect && r.Frequency >= 4);

        Assert.Equal(btyd.DaysToNextPurchase(once, 273), NextOrderTiming.DaysToNextOrder(NextOrderTiming.Rhythm, btyd, once, 273, btyd.ProbabilityAlive(once), 1));
        Assert.Equal(btyd.DaysToNextPurchase(regular, 273), NextOrderTiming.DaysToNextOrder(NextOrderTiming.Btyd, btyd, regular, 273, btyd.ProbabilityAlive(regular), 1));
        Assert.Equal(btyd.DaysToNextPurchase(regular, 273), NextOrderTiming.DaysToNextOrder(null, btyd, regular, 273, btyd.ProbabilityAlive(regular), 1));
        Assert.Null(NextOrderTiming.DaysToNextOrder(NextOrderTiming.Rhythm, null, regular, 273, 0.9, 1));
    }

    [Theory]
    [InlineData(10.0, 12, 2)]      // both within the horizon
    [InlineData(9.2, 12, 2)]       // the date is the day rounded up
    [InlineData(null, 30, 60)]     // no date: the horizon's end
    [InlineData(50.0, null, 40)]   // no order: the horizon's end
    [InlineData(null, null, 0)]
    [InlineData(120.0, 70, 20)]    // a date past the horizon counts as its end
    public void DaysOffCapBothTheDateAndTheOrderAtTheHorizon(double? date, int? actual, double expected) =>
        Assert.Equal(expected, NextOrderTiming.DaysOff(date, actual, 90));

    static double? ByRhythm(double meanGap, double sdGap, int gaps, int recencyDays, double alive, double baseVariation, double horizonDays = 180) =>
        NextOrderTiming.ByRhythm(meanGap, sdGap, gaps, recencyDays, alive, horizonDays, baseVariation);
}
