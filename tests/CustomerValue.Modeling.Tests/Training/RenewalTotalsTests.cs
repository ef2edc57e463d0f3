using CustomerValue.Core.Domain;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Training;
using Xunit.Abstractions;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// Monthly billing: its totals come from its renewals (sBG on the monthly cohorts as they stood at each origin), where
/// BTYD reads the regular charges as a purchase rate.
/// </summary>
public sealed class RenewalTotalsTests(ITestOutputHelper output) : IDisposable
{
    readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cvml-renewals-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Subscribers joining over the period at 9.99, 19.99 or 29.99 a month, cancelling at 3, 8 or 20 % a month (or at <paramref name="rates"/>).</summary>
    static List<Transaction> Billing(int customers, DateOnly from, DateOnly to, int seed, double[]? rates = null)
    {
        var random = new Random(seed);
        rates ??= [0.03, 0.08, 0.2];
        var charges = new List<Transaction>();
        for (var c = 0; c < customers; c++)
        {
            var day = from.AddDays(random.Next(to.DayNumber - from.DayNumber - 30));
            var price = new[] { 9.99, 19.99, 29.99 }[random.Next(3)];
            var cancel = rates[random.Next(rates.Length)];
            for (var (first, n) = (day, 1); day <= to; day = first.AddMonths(n++))
            {
                charges.Add(new Transaction($"s{c}", day.ToDateTime(TimeOnly.MinValue), price));
                if (random.NextDouble() < cancel)
                    break;
            }
        }
        return charges;
    }

    /// <summary>The card of <c>cvml train</c> on <paramref name="charges"/> written as a transactions file, with fixed settings.</summary>
    ModelCard Train(IEnumerable<Transaction> charges, string version)
    {
        var path = Path.Combine(_folder, version + ".csv");
        File.WriteAllLines(path, ["customer_id,timestamp,amount", .. charges.Select(t => FormattableString.Invariant($"{t.CustomerId},{t.Timestamp:yyyy-MM-dd},{t.Amount}"))]);
        return new ModelTrainer(new TrainingOptions
        {
            TransactionsPath = path,
            ModelsDirectory = Path.Combine(_folder, version),
            Hyperparameters = new TreeHyperparameters(60, 8, 0.1, 20),
            Version = version,
        }).Run().Card;
    }

    static (double Spend, int Payments) Actual(IEnumerable<Transaction> charges, DateOnly origin, int days)
    {
        var known = charges.Where(t => DateOnly.FromDateTime(t.Timestamp) <= origin).Select(t => t.CustomerId).ToHashSet();
        var window = charges.Where(t => known.Contains(t.CustomerId) && DateOnly.FromDateTime(t.Timestamp) is var d && d > origin && d <= origin.AddDays(days)).ToList();
        return (window.Sum(t => t.Amount), window.Count);
    }

    [Fact]
    public void ARenewalForecastLandsNearWhatTheSubscribersPaidAndDropsThoseGoneBeyondTheGraceOfTheirOwnInterval()
    {
        var charges = Billing(1500, new DateOnly(2022, 1, 1), new DateOnly(2024, 12, 31), seed: 4);
        var origin = new DateOnly(2023, 12, 31);
        IEnumerable<Transaction> Through(List<Transaction> all, DateOnly day) => all.Where(t => DateOnly.FromDateTime(t.Timestamp) <= day);

        var totals = new RenewalTotals(day => Through(charges, day), 365);
        var spend = totals.At(origin, TotalsQuantity.Spend);
        var purchases = totals.At(origin, TotalsQuantity.Purchases);
        var (paid, payments) = Actual(charges, origin, 365);
        // One more subscriber charged a large sum a month, last 40 days before the origin: the renewal due 9 days before it
        // never came, past the grace, so they are gone; another whose renewal is 3 days late may still pay.
        List<Transaction> Plus(int daysBefore) => [.. charges, new("late", origin.AddDays(-daysBefore).ToDateTime(TimeOnly.MinValue), 100_000)];
        var gone = new RenewalTotals(day => Through(Plus(40), day), 365).At(origin, TotalsQuantity.Spend);
        var late = new RenewalTotals(day => Through(Plus(34), day), 365).At(origin, TotalsQuantity.Spend);
        // A yearly plan last charged five months before the origin is not gone: it renews at its own interval.
        List<Transaction> yearly = [.. charges, .. new[] { 29, 17, 5 }.Select(months => new Transaction("yearly", origin.AddMonths(-months).ToDateTime(TimeOnly.MinValue), 100_000))];
        var renewing = new RenewalTotals(day => Through(yearly, day), 365).At(origin, TotalsQuantity.Spend);

        output.WriteLine($"spend {spend:0.##} against {paid:0.##}, purchases {purchases:0.#} against {payments}; with the gone subscriber {gone:0.##}, the late one {late:0.##}, the yearly one {renewing:0.##}");
        Assert.InRange(spend / paid - 1, -0.08, 0.08);
        Assert.InRange(purchases / payments - 1, -0.08, 0.08);
        Assert.InRange(gone, spend * 0.99, spend * 1.01);
        Assert.True(late > spend + 100_000, $"the late subscriber's next renewal was not counted ({late:0.##} against {spend:0.##})");
        Assert.InRange(renewing - spend, 50_000, 100_000);
    }

    /// <summary>
    /// The renewals' spend over a year after the origin, month by month: the shares fall as the subscribers leave, sum to 1,
    /// and each month's share of the renewals' total lands near what the subscribers known then paid in it.
    /// </summary>
    [Fact]
    public void TheRenewalsFallAcrossTheHorizonsMonthsAsTheSubscribersLeave()
    {
        var charges = Billing(3000, new DateOnly(2022, 1, 1), new DateOnly(2024, 12, 31), seed: 7);
        var origin = new DateOnly(2023, 12, 31);
        var totals = new RenewalTotals(day => charges.Where(t => DateOnly.FromDateTime(t.Timestamp) <= day), 365);

        var shares = totals.MonthShares(origin)!;
        var spend = totals.At(origin, TotalsQuantity.Spend);
        var months = CustomerValue.Core.Features.FeatureBuilder.HorizonMonths(origin, 365);
        var known = charges.Where(t => DateOnly.FromDateTime(t.Timestamp) <= origin).Select(t => t.CustomerId).ToHashSet();
        var paid = months.Select(m => charges.Where(t => known.Contains(t.CustomerId) && DateOnly.FromDateTime(t.Timestamp) is var d && d >= m.From && d <= m.To).Sum(t => t.Amount)).ToArray();

        output.WriteLine(string.Join(", ", months.Select((m, i) => $"{m.From:yyyy-MM} {spend * shares[i]:0} against {paid[i]:0}")));
        Assert.Equal(months.Count, shares.Length);
        Assert.Equal(1, shares.Sum(), 9);
        Assert.True(shares.Zip(shares.Skip(1)).Count(p => p.First > p.Second) >= 9, "the months' shares do not fall as the subscribers leave");
        Assert.All(shares.Select((s, i) => spend * s / paid[i] - 1), e => Assert.InRange(e, -0.1, 0.1));
    }

    /// <summary>
    /// Every subscriber cancelling at the same 6 % a month: sBG runs to its no-heterogeneity boundary (γ and δ without bound)
    /// and stops short of its tolerance there. That is the plain geometric the data show, and the renewals' total stands.
    /// </summary>
    [Fact]
    public void OneCancellationRateForEveryoneIsThePlainGeometricAndTotalsTheRenewals()
    {
        // Of seeds 1 to 8, this one's fit stops short of the tolerance on the ridge (the others converge out there).
        var charges = Billing(2000, new DateOnly(2022, 1, 1), new DateOnly(2024, 12, 31), seed: 3, rates: [0.06]);
        var origin = new DateOnly(2023, 12, 31);

        var spend = new RenewalTotals(day => charges.Where(t => DateOnly.FromDateTime(t.Timestamp) <= day), 365).At(origin, TotalsQuantity.Spend);
        var (paid, _) = Actual(charges, origin, 365);

        output.WriteLine($"spend {spend:0.##} against {paid:0.##}");
        Assert.InRange(spend / paid - 1, -0.08, 0.08);
    }

    /// <summary>
    /// Out of time without a validation period the totals' level is the renewals' own: on this base BTYD + Gamma-Gamma at
    /// its own level left the test year's total about 15 % too high (a generated base of the same kind, `cvml train`).
    /// The months of the year come from the renewals too.
    /// </summary>
    [Fact]
    public void OutOfTimeMonthlyBillingIsTotalledByItsRenewals()
    {
        var charges = Billing(2000, new DateOnly(2023, 1, 1), new DateOnly(2025, 6, 30), seed: 5);

        var card = Train(charges, "renewals");

        output.WriteLine($"{card.Evaluation.Method}; value {card.Clv!.Metrics.SumError:P1}: {card.Clv.ScaleReason}");
        output.WriteLine($"purchases {card.Orders!.Metrics.SumError:P1}");
        output.WriteLine($"{card.Clv.MonthSpread?.Reason}: {string.Join(", ", card.Clv.TestTotalsByMonth!.Select(m => $"{m.From:yyyy-MM} {m.Error:P1}"))}");
        Assert.Equal(EvaluationPlan.OutOfTime, card.Evaluation.Method);
        Assert.StartsWith("totals from sbg-renewals fitted at each origin itself, at its own level", card.Clv.ScaleReason, StringComparison.Ordinal);
        Assert.Contains("the purchases are monthly billing", card.Clv.ScaleReason, StringComparison.Ordinal);
        Assert.Contains("totals from sbg-renewal-payments fitted at each origin itself", card.Orders.CandidateReason, StringComparison.Ordinal);
        Assert.InRange(card.Clv.Metrics.SumError, -0.08, 0.08);
        Assert.InRange(card.Orders.Metrics.SumError, -0.08, 0.08);
        // The year's total falls across its months as the renewals fall due (−8.1 % in July to +14.7 % in May by BTYD's timing).
        Assert.StartsWith("spread as the subscribers' renewals fall due", card.Clv.MonthSpread!.Reason, StringComparison.Ordinal);
        Assert.All(card.Clv.TestTotalsByMonth!, m => Assert.InRange(m.Error, -0.08, 0.08));
    }

    /// <summary>
    /// A billing history shorter than two horizons (k-fold): the forecast served from the data's end is the renewals' own
    /// total as of that day, and it lands near what the customers known then paid over the next year, which the file cut
    /// from a longer history holds.
    /// </summary>
    [Fact]
    public void OnCustomerFoldsOfMonthlyBillingTheServedForecastIsTheRenewalsOwn()
    {
        var charges = Billing(2000, new DateOnly(2023, 1, 1), new DateOnly(2025, 6, 30), seed: 6);
        var cut = new DateOnly(2024, 6, 30);

        var card = Train(charges.Where(t => DateOnly.FromDateTime(t.Timestamp) <= cut), "folds");
        var (paid, payments) = Actual(charges, cut, 365);

        output.WriteLine($"{card.Forecast!.Reading} Paid: {paid:N2} in {payments:N0} charges.");
        Assert.Equal(EvaluationPlan.KFold, card.Evaluation.Method);
        Assert.StartsWith("served totals from sbg-renewals fitted on the snapshot as of the data's end (2024-06-30)", card.Clv!.ScaleReason, StringComparison.Ordinal);
        Assert.Contains("its total is the renewals' own (sBG on the billing history's monthly cohorts as of 2024-06-30)", card.Forecast.Reading, StringComparison.Ordinal);
        Assert.InRange(card.Forecast.PredictedValue / paid - 1, -0.08, 0.08);
        Assert.InRange(card.Forecast.ExpectedPurchases / payments - 1, -0.08, 0.08);
    }
}
