using CustomerValue.Core.Btyd;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Tests.Btyd;

public sealed class SubscriptionCohortsTests
{
    static Transaction Charge(string customer, int year, int month, int day, double amount = 9.99) =>
        new(customer, new DateTime(year, month, day), amount);

    [Fact]
    public void CustomersCountFromTheirFirstChargesMonthThroughTheirLastWithinTheCompleteMonths()
    {
        Transaction[] charges =
        [
            // January's cohort: a stays three months, b one, c skips March and comes back in April (still subscribed).
            Charge("a", 2024, 1, 5), Charge("a", 2024, 2, 5), Charge("a", 2024, 3, 5),
            Charge("b", 2024, 1, 20),
            Charge("c", 2024, 1, 31), Charge("c", 2024, 2, 29), Charge("c", 2024, 4, 30),
            // A refund is no charge; d's only charge is March's.
            Charge("d", 2024, 2, 10, -9.99), Charge("d", 2024, 3, 10),
            // The data ends on 15 May: May is not complete, so the cohorts run to April, and e (first charged in May) is out.
            Charge("e", 2024, 5, 15), Charge("a", 2024, 5, 5, 0),
        ];

        var billing = BillingMonths.Read(charges);
        var (cohorts, through) = (billing.CohortsAtEnd(), billing.LastCompleteMonth);

        Assert.Equal(new DateOnly(2024, 4, 1), through);
        Assert.Equal(["2024-01", "2024-03"], cohorts.Select(c => c.Cohort));
        Assert.Equal([3.0, 2, 2, 1], cohorts[0].Survivors);
        Assert.Equal([1.0, 0], cohorts[1].Survivors);
        Assert.All(cohorts, c => c.Validate());
    }

    [Fact]
    public void AMonthThatEndsTheDataIsCountedWhenItsLastDayIsIn()
    {
        var billing = BillingMonths.Read([Charge("a", 2024, 1, 5), Charge("a", 2024, 2, 29)]);
        var (cohorts, through) = (billing.CohortsAtEnd(), billing.LastCompleteMonth);

        Assert.Equal(new DateOnly(2024, 2, 1), through);
        Assert.Equal([1.0, 1], Assert.Single(cohorts).Survivors);
    }

    [Fact]
    public void TheSubscribersOfAMonthCarryTheirRenewalsAndTheirLatestYearsChargesPerMonth()
    {
        Transaction[] charges =
        [
            // a: monthly since January 2023, 10 a month, 11 from January 2024; b: an annual plan, 120 each January;
            // c: first charged in March 2024; d: skipped March 2024 and was charged again in April; e: left in 2023.
            .. Enumerable.Range(0, 15).Select(k => Charge("a", 2023 + ((k + 0) / 12), (k % 12) + 1, 5, k < 12 ? 10 : 11)),
            Charge("b", 2023, 1, 2, 120), Charge("b", 2024, 1, 2, 120), Charge("b", 2024, 3, 2, 0.5),
            Charge("c", 2024, 3, 9, 20),
            Charge("d", 2024, 1, 7, 15), Charge("d", 2024, 2, 7, 15), Charge("d", 2024, 4, 7, 15),
            Charge("e", 2023, 2, 1, 30),
        ];
        var billing = BillingMonths.Read(charges);
        var march = new DateOnly(2024, 3, 1);

        var asOfMarch = billing.Subscribers(march, laterCharges: false).ToDictionary(s => s.CustomerId);
        var withLater = billing.Subscribers(march, laterCharges: true).Select(s => s.CustomerId).Order().ToList();
        var (payments, paid) = billing.Paid(["a", "d", "x"], march, 1);

        Assert.Equal(["a", "b", "c"], asOfMarch.Keys.Order());
        Assert.Equal(14, asOfMarch["a"].Renewals);
        // The latest year, April 2023 to March 2024: nine months at 10 and three at 11.
        Assert.Equal((9 * 10 + 3 * 11) / 12.0, asOfMarch["a"].Charge, 10);
        Assert.Equal((120 + 0.5) / 12, asOfMarch["b"].Charge, 10);
        Assert.Equal((0, 20.0), (asOfMarch["c"].Renewals, asOfMarch["c"].Charge));
        // Read with the charges after March, d's April charge says d was still there.
        Assert.Equal(["a", "b", "c", "d"], withLater);
        Assert.Equal((1, 15.0), (payments, paid));
        // b's charges are 12 and 2 months apart (median 7); d's 1 and 2 (1.5, a skipped month); c has one.
        Assert.Equal((3, 1), billing.BillingCycles(["a", "b", "d", "c"]));
    }

    [Fact]
    public void AYearlySubscriberIsOneUntilTheirYearEndsAndRenewsOnceAYear()
    {
        Transaction[] charges =
        [
            // yearly: 120 each January 2023 and 2024; lapsed: yearly in 2022 and 2023, not renewed in January 2024;
            // monthly: 10 a month from January 2024.
            Charge("yearly", 2023, 1, 5, 120), Charge("yearly", 2024, 1, 5, 120),
            Charge("lapsed", 2022, 1, 5, 120), Charge("lapsed", 2023, 1, 5, 120),
            .. Enumerable.Range(1, 6).Select(month => Charge("monthly", 2024, month, 3, 10)),
        ];
        var billing = BillingMonths.Read(charges);
        var june = new DateOnly(2024, 6, 1);
        var sbg = new ShiftedBetaGeometric(0.7, 1.2);

        var subscribers = billing.Subscribers(june, laterCharges: false).ToDictionary(s => s.CustomerId);
        var forecast = SubscriberForecast.Of(sbg, [.. subscribers.Values], june, 12);

        // Five months into their year, the yearly subscriber is one; the lapsed one's renewal fell due in January.
        Assert.Equal(["monthly", "yearly"], subscribers.Keys.Order());
        Assert.Equal((12, 5, 1), (subscribers["yearly"].MonthsApart, subscribers["yearly"].MonthsSinceCharge, subscribers["yearly"].DueIn(12)));
        Assert.Equal((1, 0, 12), (subscribers["monthly"].MonthsApart, subscribers["monthly"].MonthsSinceCharge, subscribers["monthly"].DueIn(12)));
        // In the next 12 months: the yearly renewal in January 2025, 24 months after the first charge, 12 after the latest;
        // the monthly ones each month.
        var yearly = sbg.Survival(24) / sbg.Survival(12);
        var monthly = sbg.ExpectedPayments(5, 12);
        Assert.Equal(yearly + monthly, forecast.ExpectedPayments, 10);
        // A yearly payment is the year's charges per month times 12.
        Assert.Equal((yearly * 120) + (monthly * 10), forecast.ExpectedCharges, 8);
    }

    [Fact]
    public void ExpectedPaymentsAreTheSurvivalRatiosOfTheRenewalsAhead()
    {
        var sbg = new ShiftedBetaGeometric(0.7, 1.2);

        var expected = sbg.ExpectedPayments(3, 4);

        Assert.Equal(Enumerable.Range(1, 4).Sum(k => sbg.Survival(3 + k) / sbg.Survival(3)), expected, 12);
        Assert.Equal(0, sbg.ExpectedPayments(3, 0));
        // A yearly plan on the monthly model: two payments, 12 and 24 months on.
        Assert.Equal((sbg.Survival(15) + sbg.Survival(27)) / sbg.Survival(3), sbg.ExpectedPayments(3, 2, every: 12), 12);
    }

    [Fact]
    public void ACustomersLatestChargeCarriesTheMonthsBetweenTheirChargesAndWhatOnePaymentIs()
    {
        Transaction[] charges =
        [
            Charge("annual", 2022, 1, 10, 100), Charge("annual", 2023, 1, 10, 110), Charge("annual", 2024, 1, 10, 120),
            Charge("monthly", 2023, 11, 3, 10), Charge("monthly", 2023, 12, 3, 10), Charge("monthly", 2024, 1, 3, 13),
            Charge("once", 2024, 1, 20, 50),
        ];

        var latest = BillingMonths.Read(charges).LatestCharges().ToDictionary(c => c.CustomerId);

        // 12 months apart; one payment is the year's charges per month (120 over February 2023 to January 2024) times 12.
        Assert.Equal((new DateOnly(2024, 1, 10), 24, 12, 120.0), (latest["annual"].LastCharge, latest["annual"].Renewals, latest["annual"].MonthsApart, latest["annual"].Charge));
        Assert.Equal((2, 1), (latest["monthly"].Renewals, latest["monthly"].MonthsApart));
        Assert.Equal(33 / 3.0, latest["monthly"].Charge, 10);
        Assert.Equal((0, 1, 50.0), (latest["once"].Renewals, latest["once"].MonthsApart, latest["once"].Charge));
    }

    /// <summary>
    /// 2,000 customers billed monthly until they cancel at 2, 5 or 12 % a month: the forecast of what those charged a
    /// year before the data's end would pay over that year, from sBG fitted on the cohorts as they stood then, is within
    /// 10 % of what they paid, and what they paid is counted from the charges themselves.
    /// </summary>
    [Fact]
    public void AYearAheadBacktestOfAMonthlyBillingHistoryLandsNearWhatWasPaid()
    {
        var random = new Random(11);
        var charges = new List<Transaction>();
        for (var c = 0; c < 2000; c++)
        {
            var joined = new DateOnly(2021, 1, 1).AddDays(random.Next(1300));
            var cancel = new[] { 0.02, 0.05, 0.12 }[random.Next(3)];
            for (var day = joined; day <= new DateOnly(2024, 12, 31); day = day.AddMonths(1))
            {
                charges.Add(new Transaction($"s{c}", day.ToDateTime(TimeOnly.MinValue), 19.99));
                if (random.NextDouble() < cancel)
                    break;
            }
        }
        var billing = BillingMonths.Read(charges);

        var (backtest, why) = SubscriberBacktest.Run(RetentionModelKind.Sbg, billing, billing.LastCompleteMonth!.Value, 12);

        Assert.Null(why);
        // The data's last charge falls before 31 December 2024, so November is its last complete month.
        var origin = new DateOnly(2023, 11, 1);
        Assert.Equal(new DateOnly(2024, 11, 1), billing.LastCompleteMonth);
        Assert.Equal(origin, backtest!.Forecast.Month);
        var based = charges.Where(t => t.Timestamp.Year == 2023 && t.Timestamp.Month == 11).Select(t => t.CustomerId).ToHashSet();
        Assert.Equal(based.Count, backtest.Forecast.Subscribers);
        Assert.Equal(charges.Count(t => based.Contains(t.CustomerId) && t.Timestamp > new DateTime(2023, 11, 30) && t.Timestamp < new DateTime(2024, 12, 1)), backtest.Payments);
        Assert.InRange(backtest.PaymentsError, -0.10, 0.10);
        Assert.Equal(backtest.PaymentsError, backtest.ChargesError, 6);
    }
}
