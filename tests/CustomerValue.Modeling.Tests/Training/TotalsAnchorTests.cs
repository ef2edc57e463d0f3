using System.Globalization;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>Out of time the level of the totals comes from the label-free model whose ratio of totals held steadiest.</summary>
public sealed class TotalsAnchorTests
{
    const int Horizon = 90;
    static readonly DateOnly Start = new(2023, 1, 1);
    static readonly FeatureOptions Options = new() { HorizonDays = Horizon };

    /// <summary>
    /// Customers who buy every 20 days; each origin's labels are set to twice last period's spend (and purchase days),
    /// so that rule's ratio is 2 at every origin while the historic formula's moves as tenures grow.
    /// </summary>
    static List<CustomerExample> Origin(DateOnly asOf, int customers = 40)
    {
        var rows = new List<CustomerExample>();
        for (var c = 0; c < customers; c++)
        {
            var joined = Start.AddDays(c * 3);
            var history = new List<Transaction>();
            for (var day = joined; day <= asOf; day = day.AddDays(20))
                history.Add(new Transaction($"c{c:000}", day.ToDateTime(TimeOnly.MinValue), 10 + c));
            if (history.Count == 0)
                continue;
            var row = FeatureBuilder.Snapshot(null, history, asOf, Options);
            rows.Add(new CustomerExample(row, new CustomerLabels(2 * row.SpendLastHorizon, 2 * row.PurchaseDaysLastHorizon, false, ChurnLabelSource.Observed)));
        }
        return rows;
    }

    static readonly DateOnly[] Earlier = [new(2023, 6, 1), new(2023, 7, 1), new(2023, 8, 1)];
    static readonly DateOnly Reference = new(2023, 9, 1);

    static FeatureRow Customer(string id, DateOnly asOf, IEnumerable<DateOnly> days) =>
        FeatureBuilder.Snapshot(null, [.. days.Select(d => new Transaction(id, d.ToDateTime(TimeOnly.MinValue), 10))], asOf, Options);

    [Fact]
    public void ARuleAnchorGivesWayToBtydWhereItsMixOfNewCustomersMovedAndTheCardSaysSo()
    {
        // Sixty customers since the winter buy about monthly; at the reference origin sixty more have just made their
        // first purchases, a quarter of the latest horizon's spend. By the data's end nobody new has come.
        var reference = new DateOnly(2023, 9, 1);
        var end = new DateOnly(2023, 12, 1);
        var random = new Random(7);
        var histories = new List<List<DateOnly>>();
        for (var c = 0; c < 60; c++)
        {
            var days = new List<DateOnly>();
            for (var day = new DateOnly(2023, 1, 2).AddDays(c); day <= new DateOnly(2024, 3, 1); day = day.AddDays(20 + random.Next(25)))
                days.Add(day);
            histories.Add(days);
        }
        for (var c = 0; c < 60; c++)
            histories.Add([new DateOnly(2023, 7, 10).AddDays(c % 45), .. c % 3 == 0 ? new[] { new DateOnly(2023, 10, 20).AddDays(c % 30) } : []]);
        List<FeatureRow> At(DateOnly asOf) =>
            [.. histories.Select((days, c) => days.Where(d => d <= asOf).ToArray()).Select((days, c) => (days, c)).Where(h => h.days.Length > 0)
                .Select(h => Customer($"c{h.c:000}", asOf, h.days))];
        var (atReference, atEnd) = (At(reference), At(end));
        var btyd = BtydFeatureModel.Fit(atEnd);
        var rule = new TotalsAnchor(ClvCandidates.LastPeriodSpend, 0.8, reference, "totals from last-period-spend")
        {
            ReferenceMix = [TotalsAnchor.NewCustomersShare(ClvCandidates.LastPeriodSpend, atReference, Horizon, TotalsQuantity.Spend, Horizon),
                TotalsAnchor.NewCustomersShare(ClvCandidates.LastPeriodSpend, atReference, Horizon, TotalsQuantity.Spend, 2 * Horizon)],
            BtydRatio = 1.05,
        };

        var total = rule.Total(atEnd, _ => btyd, Horizon);
        var note = rule.MovedNote("The served forecast", atEnd, _ => btyd, Horizon);

        Assert.InRange(rule.ReferenceMix[0], 0.2, 0.6);
        Assert.Equal(rule.ReferenceMix, rule.MixAt(atReference, Horizon));
        Assert.Equal(0, rule.MixAt(atEnd, Horizon)[0]);
        var btydTotal = 1.05 * TotalsAnchor.Sum(ClvCandidates.Btyd, atEnd, _ => btyd, Horizon);
        var ruleTotal = 0.8 * TotalsAnchor.Sum(ClvCandidates.LastPeriodSpend, atEnd, _ => btyd, Horizon);
        Assert.True(btydTotal > 0);
        Assert.Equal(btydTotal, total, 9);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture,
            $"The served forecast's value total ({btydTotal:0.##}) comes from btyd-gamma-gamma, which models each customer's age, at its own ratio at 2023-09-01 (1.050), in place of the steadiest anchor, last-period-spend, which would give {ruleTotal:0.##} ("), note);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{rule.ReferenceMix[0]:0%} of the last-period-spend sum came from customers first seen in the latest 90 days at 2023-09-01, where its Σ actual / Σ predicted was read, and 0% as of 2023-12-01 (acquisition slowed or stopped)"), note);
        // Where the mix held (the reference's own rows), the rule's ratio sets the total; BTYD's anchor never gives way.
        Assert.Equal(0.8 * TotalsAnchor.Sum(ClvCandidates.LastPeriodSpend, atReference, _ => btyd, Horizon), rule.Total(atReference, _ => btyd, Horizon), 9);
        Assert.Null(rule.MovedNote("The test period", atReference, _ => btyd, Horizon));
        Assert.Null((rule with { Candidate = ClvCandidates.Btyd }).MovedNote("The served forecast", atEnd, _ => btyd, Horizon));
        // Without a BTYD model the rule stays, and the note says its total may be off.
        Assert.Equal(ruleTotal, rule.Total(atEnd, _ => null, Horizon), 9);
        Assert.Contains("comes from last-period-spend and may be off", rule.MovedNote("The served forecast", atEnd, _ => null, Horizon), StringComparison.Ordinal);
        // The historic formula rates a new customer over a short tenure: its sum moves with the mix too.
        Assert.InRange(TotalsAnchor.NewCustomersShare(ClvCandidates.Historic, atReference, Horizon, TotalsQuantity.Spend, Horizon), 0.3, 1);
        // A horizon later still nobody new: the latest horizon's share stays 0, but the customers of the two latest, whose
        // later purchases were in the sum at the end, are gone from it: BTYD sets the total again.
        var later = At(new DateOnly(2024, 3, 1));
        var fromEnd = rule with { MeasuredAt = end, ReferenceMix = rule.MixAt(atEnd, Horizon) };
        Assert.Equal((0.0, 0.0), (fromEnd.ReferenceMix[0], fromEnd.MixAt(later, Horizon)[0]));
        Assert.Contains("came from customers first seen in the latest 180 days at 2023-12-01, where its Σ actual / Σ predicted was read, and 0% as of 2024-03-01 (acquisition slowed or stopped)",
            fromEnd.MovedNote("The served forecast", later, _ => btyd, Horizon), StringComparison.Ordinal);
    }

    [Fact]
    public void TheRuleWithTheSteadiestRatioSetsTheTotalsAtItsReferenceRatio()
    {
        var (spend, purchases) = TotalsAnchor.Choose(Earlier.Select(d => (IReadOnlyList<CustomerExample>)Origin(d)), Origin(Reference), _ => null, Horizon);

        Assert.NotNull(spend);
        Assert.Equal(ClvCandidates.LastPeriodSpend, spend.Candidate);
        Assert.Equal(2, spend.Ratio, 9);
        Assert.Equal(Reference, spend.MeasuredAt);
        Assert.Contains("btyd-gamma-gamma: 0 usable origin(s)", spend.Reason, StringComparison.Ordinal);
        Assert.Contains("last-period-spend: sd of log ratio 0.000 over 4 origins", spend.Reason, StringComparison.Ordinal);
        Assert.NotNull(purchases);
        Assert.Equal(TotalsQuantity.Purchases, purchases.Quantity);
        Assert.Equal(2, purchases.Ratio, 9);
        Assert.StartsWith("totals from last-period-purchases", purchases.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWinnersValuesAreScaledToSumToTheAnchoredTotal()
    {
        var later = Origin(new DateOnly(2023, 12, 1));
        var anchor = new TotalsAnchor(ClvCandidates.LastPeriodSpend, 1.5, Reference, "test");
        var winner = later.Select((e, i) => 1.0 + i).ToArray();

        var scale = anchor.ScaleFor(winner, later.Select(e => e.Features), _ => null, Horizon);

        var lastPeriod = later.Sum(e => e.Features.SpendLastHorizon);
        Assert.NotNull(scale);
        Assert.Equal(1.5 * lastPeriod, winner.Sum() * scale!.Value, 6);
    }

    [Fact]
    public void WithoutEnoughOriginsOrBuyersThereIsNoAnchor()
    {
        var twoOrigins = TotalsAnchor.Choose([Origin(Earlier[^1])], Origin(Reference), _ => null, Horizon);
        Assert.Null(twoOrigins.Spend);
        Assert.Null(twoOrigins.Purchases);

        var fewBuyers = TotalsAnchor.Choose(Earlier.Select(d => (IReadOnlyList<CustomerExample>)Origin(d, customers: TotalsAnchor.MinimumBuyers - 1)),
            Origin(Reference, customers: TotalsAnchor.MinimumBuyers - 1), _ => null, Horizon);
        Assert.Null(fewBuyers.Spend);
        Assert.Null(fewBuyers.Purchases);
        Assert.True(double.IsNaN(TotalsAnchor.RatioAt(ClvCandidates.LastPeriodSpend, Origin(Reference, customers: TotalsAnchor.MinimumBuyers - 1), _ => null, Horizon)));
    }

    [Theory]
    // lifetimes' example cohort at 90 days: the historic formula's sd 0.048 against BTYD's 0.056 over four origins.
    [InlineData(0.048, 4, 0.056, 4, ClvCandidates.Btyd)]
    // Olist at 180 days: last period's spend 0.196 over eight origins against BTYD's 0.432 over four.
    [InlineData(0.196, 8, 0.432, 4, ClvCandidates.LastPeriodSpend)]
    // Olist at 90 days: the historic formula 0.097 against BTYD's 0.218, nine origins each.
    [InlineData(0.097, 9, 0.218, 9, ClvCandidates.Historic)]
    // Steadier by 20 % over nine origins is within what nine origins can tell.
    [InlineData(0.080, 9, 0.100, 9, ClvCandidates.Btyd)]
    public void ARuleAnchorsTheTotalsInsteadOfBtydOnlyWhenItIsSteadierByMoreThanItsOriginsCanTell(
        double ruleSpread, int ruleOrigins, double btydSpread, int btydOrigins, string expected)
    {
        var rule = expected == ClvCandidates.LastPeriodSpend ? ClvCandidates.LastPeriodSpend : ClvCandidates.Historic;

        var anchor = TotalsAnchor.Preferred([(ClvCandidates.Btyd, btydSpread, btydOrigins), (rule, ruleSpread, ruleOrigins)]);

        Assert.NotNull(anchor);
        Assert.Equal(expected, anchor.Value.Candidate);
        if (expected == ClvCandidates.Btyd)
            Assert.StartsWith($"which models dropout: {rule}'s Σ actual / Σ predicted was steadier", anchor.Value.Why, StringComparison.Ordinal);
    }

    [Theory]
    // Olist's purchases at 180 days: last period's 0.131 over eight origins against BTYD's 0.137 over four (the test total
    // was +62 % off with BTYD as the anchor, +5 % with last period's purchases).
    [InlineData(0.326, 8, 0.131, 8, 0.137, 4, ClvCandidates.LastPeriodSpend)]
    // Online Retail (a year of a UK wholesaler's invoices) at 90 days, spend: last period's 0.034 against BTYD's 0.045.
    [InlineData(0.060, 4, 0.034, 4, 0.045, 4, ClvCandidates.LastPeriodSpend)]
    // The historic formula steadiest, but not by enough to beat BTYD; last period's spend steadier than BTYD: it anchors.
    [InlineData(0.060, 9, 0.070, 9, 0.080, 9, ClvCandidates.LastPeriodSpend)]
    // lifetimes' example cohort: last period's spend 0.072 is less steady than BTYD's 0.056.
    [InlineData(0.048, 4, 0.072, 4, 0.056, 4, ClvCandidates.Btyd)]
    public void LastPeriodsSpendReadsOnlyTheLatestHorizonAndCompetesWithBtydOnItsSpreadAlone(
        double historic, int historicOrigins, double lastPeriod, int lastPeriodOrigins, double btyd, int btydOrigins, string expected)
    {
        var anchor = TotalsAnchor.Preferred(
            [(ClvCandidates.Btyd, btyd, btydOrigins), (ClvCandidates.Historic, historic, historicOrigins), (ClvCandidates.LastPeriodSpend, lastPeriod, lastPeriodOrigins)]);

        Assert.Equal(expected, anchor!.Value.Candidate);
        if (historic < lastPeriod && expected == ClvCandidates.LastPeriodSpend)
            Assert.Contains("the steadiest but the historic formula's", anchor.Value.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAUsableBtydModelTheSteadiestRuleAnchors()
    {
        var anchor = TotalsAnchor.Preferred([(ClvCandidates.Historic, 0.30, 4), (ClvCandidates.LastPeriodSpend, 0.29, 4)]);

        Assert.Equal(ClvCandidates.LastPeriodSpend, anchor!.Value.Candidate);
        Assert.Null(TotalsAnchor.Preferred([]));
    }
    /// <summary>Monthly origins from January 2022 to <paramref name="last"/>, each with the ratio <paramref name="ratio"/> gives its month's index (0 for January 2022).</summary>
    static List<(DateOnly Date, double Ratio)> Monthly(DateOnly last, Func<int, double> ratio)
    {
        var series = new List<(DateOnly Date, double Ratio)>();
        for (var (date, month) = (new DateOnly(2022, 1, 28), 0); date <= last; (date, month) = (date.AddMonths(1), month + 1))
            series.Add((date, ratio(month)));
        return series;
    }

    [Fact]
    public void ASeasonalRatioIsReadAYearBeforeTheWindowItScalesAndATrendingOneAHorizonBefore()
    {
        // A holiday peak: the ratio comes back with the calendar (a year earlier foretells it, three months earlier does not).
        // Chosen on the origins of the latest ten months; the year before them is read apart.
        static double Seasonal(int month) => 1 + (0.5 * Math.Cos(2 * Math.PI * (month - 10) / 12.0));
        var all = Monthly(new DateOnly(2023, 12, 28), Seasonal);
        var anchor = new TotalsAnchor(ClvCandidates.LastPeriodSpend, all[^1].Ratio, all[^1].Date, "totals from last-period-spend") { Series = all[14..] };

        var seasonal = anchor.ReadAYearBefore(all[..14], Horizon);

        Assert.True(seasonal.YearAgo);
        Assert.Contains("; read a year before the window it scales, as the base's ratio comes back with the calendar: over 10 origins its ratio a year earlier was 0.0% off the origin's own on average, a horizon earlier", seasonal.Reason, StringComparison.Ordinal);
        // A base whose ratio grows 5 % a month: a horizon earlier is nearer.
        var growing = Monthly(new DateOnly(2023, 12, 28), month => Math.Pow(1.05, month));
        var trending = (anchor with { Series = growing[14..] }).ReadAYearBefore(growing[..14], Horizon);
        Assert.False(trending.YearAgo);
        Assert.Contains("; read a horizon before the window it scales: over 10 origins its ratio a year earlier was 79.6% off the origin's own on average, a horizon earlier 15.8% (a year earlier is read when below 0.75 × the other)", trending.Reason, StringComparison.Ordinal);
        // Fewer than three origins with both readings, or a horizon of a year: nothing to choose, the anchor as it was.
        var short1 = anchor with { Series = all[12..14] };
        Assert.Same(short1, short1.ReadAYearBefore(all[..12], Horizon));
        Assert.Same(anchor, anchor.ReadAYearBefore(all[..14], 365));
    }
}
