using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>The card's test totals by month of the horizon: how a horizon's summed prediction falls across its months.</summary>
public sealed class TotalsByMonthTests
{
    static readonly DateOnly Cutoff = new(1997, 9, 30);
    const int Horizon = 273;

    [Fact]
    public void AReturningCustomersExpectedPurchasesFallSoonerRatherThanLater()
    {
        var rows = FeatureBuilder.Build(CdnowSample.Transactions(), null, Cutoff, new FeatureOptions { HorizonDays = Horizon }).Rows;
        var btyd = BtydFeatureModel.Fit(rows.Select(e => e.Features));
        var repeat = rows.First(e => e.Features.Frequency >= 3).Features;
        var months = FeatureBuilder.HorizonMonths(Cutoff, Horizon);

        var shares = HeldOut.MonthShares(btyd, repeat, Horizon);

        Assert.Equal(months.Count, shares.Length);
        Assert.Equal(1, shares.Sum(), 9);
        // A customer who may drop out buys sooner rather than later: each month's share per day falls.
        var perDay = shares.Select((s, m) => s / (months[m].To.DayNumber - months[m].From.DayNumber + 1)).ToArray();
        for (var m = 1; m < perDay.Length; m++)
            Assert.True(perDay[m] < perDay[m - 1], $"month {m}: {perDay[m]} per day after {perDay[m - 1]}");
    }

    [Fact]
    public void OnCdnowTheBtydTimeProfileSplitsTheHorizonsTotalCloserToTheMonthsActualSpendThanAnEvenSpread()
    {
        // CDNOW's 39 weeks after 1997-09-30: spread evenly, the months' errors ran from −26 % to +29 %, too little early and
        // too much late, as a base whose customers drop out buys less each month.
        var rows = FeatureBuilder.Build(CdnowSample.Transactions(), null, Cutoff, new FeatureOptions { HorizonDays = Horizon, LabelsByMonth = true }).Rows;
        var btyd = BtydFeatureModel.Fit(rows.Select(e => e.Features));
        var predictions = rows.Select(e => double.IsFinite(btyd.ExpectedSpend(e.Features, Horizon)) ? btyd.ExpectedSpend(e.Features, Horizon) : 0).ToArray();
        var withProfile = new HeldOut();
        withProfile.Add(rows, new Predictions(predictions, predictions, predictions));
        withProfile.AddBaselines(new Split(rows, rows), Horizon, btyd);
        var even = new HeldOut();
        even.Add(rows, new Predictions(predictions, predictions, predictions));
        even.AddBaselines(new Split(rows, rows), Horizon, btyd: null);

        var profiled = withProfile.TotalsByMonth(Cutoff, Horizon)!;
        var spread = even.TotalsByMonth(Cutoff, Horizon)!;

        Assert.Equal(predictions.Sum(), profiled.Sum(m => m.Predicted), 6);
        Assert.Equal(spread.Select(m => m.Actual), profiled.Select(m => m.Actual));
        var profiledError = profiled.Sum(m => Math.Abs(m.Predicted - m.Actual));
        var evenError = spread.Sum(m => Math.Abs(m.Predicted - m.Actual));
        Assert.True(profiledError < 0.8 * evenError, $"Σ|monthly error| with the time profile {profiledError:0}, spread evenly {evenError:0}");
    }

    /// <summary>
    /// A customer whose value is not a number weighs nothing in the months' profile: the others still give the shares
    /// (one NaN made the sum of the weights NaN, and the whole profile fell back to an even spread over the days).
    /// </summary>
    [Fact]
    public void AValueThatIsNotANumberWeighsNothingInTheMonthsProfile()
    {
        var rows = FeatureBuilder.Build(CdnowSample.Transactions(), null, Cutoff, new FeatureOptions { HorizonDays = Horizon }).Rows;
        var btyd = BtydFeatureModel.Fit(rows.Select(e => e.Features));
        var values = rows.Select((_, i) => i == 0 ? double.NaN : 1.0).ToArray();

        var shares = HeldOut.MonthProfile(rows, values, btyd, Horizon);

        Assert.All(shares, share => Assert.True(double.IsFinite(share)));
        Assert.Equal(1, shares.Sum(), 9);
        Assert.Equal(HeldOut.MonthProfile(rows, [0.0, .. values.Skip(1)], btyd, Horizon), shares);
    }
}
