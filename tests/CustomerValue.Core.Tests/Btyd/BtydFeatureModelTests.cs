using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Btyd;

public sealed class BtydFeatureModelTests
{
    static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    static readonly Lazy<IReadOnlyList<FeatureRow>> CdnowCalibration = new(() =>
        FeatureBuilder.Build(CdnowSample.Transactions(), profiles: null, CalibrationEnd).Rows.Select(r => r.Features).ToList());

    static Transaction Buy(string customerId, string date, double amount) =>
        new(customerId, DateTime.Parse(date, CultureInfo.InvariantCulture), amount);

    [Fact]
    public void FitOnTheCdnowCalibrationSnapshotReproducesThePublishedBgNbdEstimatesInWeeks()
    {
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value, TimeUnit.Weeks);

        Assert.True(model.IsUsable, model.Reason);
        var p = model.Parameters.Transactions;
        Assert.Equal(0.2426, p["r"], 5e-4);
        Assert.Equal(4.4135, p["alpha"], 5e-3);
        Assert.Equal(0.7929, p["a"], 5e-4);
        Assert.Equal(2.4258, p["b"], 5e-3);
        Assert.Equal(-9582.43, model.TransactionModel!.LogLikelihood, 5e-3);
    }

    /// <summary>
    /// Gamma-Gamma reads what customers paid on their purchase days, and a refund is a day of its own: the value over the
    /// horizon, net of returns, carries the share they kept. CDNOW's calibration period with every fifth customer's
    /// first order refunded in full a fortnight later.
    /// </summary>
    [Fact]
    public void SpendOverTheHorizonIsNetOfTheShareOfPurchasesReturned()
    {
        var transactions = CdnowSample.Transactions().Where(t => DateOnly.FromDateTime(t.Timestamp) <= CalibrationEnd).ToList();
        var refunds = transactions.GroupBy(t => t.CustomerId).Where((_, i) => i % 5 == 0)
            .Select(g => g.OrderBy(t => t.Timestamp).First())
            .Where(t => t.Amount > 0 && DateOnly.FromDateTime(t.Timestamp).AddDays(14) <= CalibrationEnd)
            .Select(t => new Transaction(t.CustomerId, t.Timestamp.AddDays(14), -t.Amount))
            .ToList();
        var rows = FeatureBuilder.Build([.. transactions, .. refunds], profiles: null, CalibrationEnd).Rows.Select(r => r.Features).ToList();
        var bought = transactions.Where(t => t.Amount > 0).Sum(t => t.Amount);

        var model = BtydFeatureModel.Fit(rows, TimeUnit.Weeks);
        var plain = BtydFeatureModel.Fit(CdnowCalibration.Value, TimeUnit.Weeks);

        // Within a hair: a refund on a day the customer bought again nets into that day's purchase.
        Assert.Equal(1 - (refunds.Sum(t => -t.Amount) / bought), model.KeptShare, 0.002);
        Assert.InRange(model.KeptShare, 0.8, 0.99);
        var row = rows.First(r => r.Frequency > 2);
        Assert.Equal(model.ExpectedPurchases(row, 273) * model.ExpectedSpendPerPurchase(row) * model.KeptShare, model.ExpectedSpend(row, 273), 1e-9);
        var rebuilt = BtydFeatureModel.FromParameters(JsonSerializer.Deserialize<BtydFeatureParameters>(JsonSerializer.Serialize(model.Parameters))!);
        Assert.Equal(model.ExpectedSpend(row, 273), rebuilt.ExpectedSpend(row, 273));
        // Without returns the share is exactly 1, and the card does not write it.
        Assert.Equal(1, plain.KeptShare);
        Assert.Null(plain.Parameters.KeptShare);
    }

    /// <summary>The card keeps how Gamma-Gamma's customers' repeat purchases and spend correlate, the fit's own figure.</summary>
    [Fact]
    public void TheParametersCarryGammaGammasFrequencySpendCorrelation()
    {
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value, TimeUnit.Weeks);
        var spend = GammaGamma.Fit([.. CdnowCalibration.Value.Select(r => r.ToRepeatSummary(TimeUnit.Weeks)).OfType<RepeatSummary>()]);

        Assert.True(model.IsSpendUsable, model.SpendReason);
        Assert.Equal(spend.FrequencySpendCorrelation, model.Parameters.FrequencySpendCorrelation!.Value, 1e-12);
        var json = JsonSerializer.Serialize(model.Parameters);
        Assert.Equal(model.Parameters.FrequencySpendCorrelation, JsonSerializer.Deserialize<BtydFeatureParameters>(json)!.FrequencySpendCorrelation);
    }

    /// <summary>
    /// A subscription billed monthly: 1,500 customers joining over 18 months, each billed on the same day of every month
    /// until they cancel (2, 5 or 12 % a month). Every customer buys at one rate, so BG/NBD's likelihood has no maximum:
    /// r and α ran to 2.4 and 12 million, the fit stopped short of its tolerance and the model was unusable.
    /// </summary>
    static IReadOnlyList<FeatureRow> MonthlySubscription(int seed = 2)
    {
        var random = new Random(seed);
        var (start, end, cutoff) = (new DateOnly(2022, 1, 1), new DateOnly(2024, 12, 31), new DateOnly(2023, 7, 1));
        var transactions = new List<Transaction>();
        for (var c = 0; c < 3000; c++)
        {
            var joined = start.AddDays(random.Next(end.DayNumber - start.DayNumber - 30));
            var cancel = new[] { 0.02, 0.05, 0.12 }[random.Next(3)];
            // Billed on the joining day of every month, the 28th for those who joined later in a month.
            for (var day = joined; day <= end; day = new DateOnly(day.Year, day.Month, Math.Min(joined.Day, 28)).AddMonths(1))
            {
                transactions.Add(new Transaction($"s{c}", day.ToDateTime(TimeOnly.MinValue), 19.99));
                if (random.NextDouble() < cancel)
                    break;
            }
        }
        return FeatureBuilder.Build(transactions, profiles: null, cutoff).Rows.Select(r => r.Features).Where(f => !f.IsProspect).ToList();
    }

    [Theory]
    [InlineData(BtydModelKind.BgNbd)]
    [InlineData(BtydModelKind.MbgNbd)]
    [InlineData(BtydModelKind.ParetoNbd)]
    public void WhenPurchaseRatesDoNotVaryTheFitIsPenalizedAndSaysSo(BtydModelKind kind)
    {
        var rows = MonthlySubscription();
        var plain = TransactionModels.Fit(kind, [.. rows.Select(r => r.ToRepeatSummary(TimeUnit.Weeks)).OfType<RepeatSummary>()], TimeUnit.Weeks, BtydFitOptions.Default);
        Assert.False(plain.Diagnostics.Converged, $"{string.Join(", ", plain.Parameters)}: {plain.Diagnostics.Message}");

        var model = BtydFeatureModel.Fit(rows, TimeUnit.Weeks, kind);

        Assert.True(model.IsUsable, model.Reason);
        Assert.StartsWith("fitted with an L2 penalty of 1E-06 on its parameters (lifetimes' penalizer_coef); without it: ", model.FitNote, StringComparison.Ordinal);
        Assert.Equal(model.FitNote, model.Parameters.FitNote);
        var r = model.Parameters.Transactions["r"];
        var alpha = model.Parameters.Transactions["alpha"];
        Assert.InRange(r, 1, 1e4);
        // Monthly billing: about 0.23 purchases a week, the rate the runaway fit's ratio held.
        Assert.InRange(r / alpha, 0.18, 0.25);
        Assert.All(rows.Take(200), row => Assert.True(double.IsFinite(model.ProbabilityAlive(row)) && double.IsFinite(model.ExpectedPurchases(row, 180))));
        // Served again from the card's parameters, the note comes with it.
        Assert.Equal(model.FitNote, BtydFeatureModel.FromParameters(model.Parameters).FitNote);
    }

    [Fact]
    public void AFitAcceptedAsConvergedFarOutOnTheRidgeIsPenalizedToo()
    {
        // Another draw of the same base: BG/NBD's plain fit stops at r = 9.2 million, accepted as converged to within
        // floating-point precision; Pareto/NBD's series give NaN that far out.
        var rows = MonthlySubscription(seed: 1);
        var plain = TransactionModels.Fit(BtydModelKind.BgNbd, [.. rows.Select(r => r.ToRepeatSummary(TimeUnit.Weeks)).OfType<RepeatSummary>()], TimeUnit.Weeks, BtydFitOptions.Default);
        Assert.True(plain.Diagnostics.Converged);
        Assert.True(plain.Parameters["r"] > 1e6);

        var model = BtydFeatureModel.Fit(rows, TimeUnit.Weeks);

        Assert.True(model.IsUsable, model.Reason);
        Assert.StartsWith("fitted with an L2 penalty of 1E-06 on its parameters (lifetimes' penalizer_coef); without it: BG/NBD fit stopped, r and alpha growing together (9.23E+06 and ", model.FitNote, StringComparison.Ordinal);
        Assert.InRange(model.Parameters.Transactions["r"], 1, 1e4);
    }

    [Fact]
    public void AFitThatConvergesIsNotPenalized()
    {
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value, TimeUnit.Weeks);

        Assert.Null(model.FitNote);
        Assert.DoesNotContain("fitNote", JsonSerializer.Serialize(model.Parameters), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The CDNOW calibration snapshot with every transaction's amount replaced (a day's transactions add up).</summary>
    static IReadOnlyList<FeatureRow> CdnowWithAmounts(Func<double> amount, bool oneTransactionPerDay = false)
    {
        var transactions = CdnowSample.Transactions();
        if (oneTransactionPerDay)
            transactions = transactions.DistinctBy(t => (t.CustomerId, DateOnly.FromDateTime(t.Timestamp))).ToList();
        return FeatureBuilder.Build(transactions.Select(t => t with { Amount = amount() }).ToList(), profiles: null, CalibrationEnd)
            .Rows.Select(r => r.Features).ToList();
    }

    static FeatureRow WithRepeatSpend(IReadOnlyList<FeatureRow> rows, double meanRepeatSpend) =>
        rows.First(r => r.ToRepeatSummary(TimeUnit.Weeks) is { Frequency: > 0 } s && Math.Abs(s.MeanRepeatSpend - meanRepeatSpend) < 1e-9);

    [Fact]
    public void WhenEveryPurchaseCostsTheSameTheSpendPerPurchaseIsThatAmount()
    {
        // A subscription at one price, or purchase events mapped to an amount of 1: Gamma-Gamma has no maximum here.
        var rows = CdnowWithAmounts(() => 12.5, oneTransactionPerDay: true);

        var model = BtydFeatureModel.Fit(rows, TimeUnit.Weeks);

        Assert.True(model.IsSpendUsable, model.SpendReason);
        Assert.Equal(12.5, model.ConstantSpend!.Value, 1e-12);
        var repeat = WithRepeatSpend(rows, 12.5);
        var once = rows.First(r => r.ToRepeatSummary(TimeUnit.Weeks) is { Frequency: 0 });
        Assert.Equal(12.5, model.ExpectedSpendPerPurchase(repeat), 1e-12);
        Assert.Equal(12.5, model.ExpectedSpendPerPurchase(once), 1e-12);
        Assert.Equal(12.5 * model.ExpectedPurchases(repeat, 273), model.ExpectedSpend(repeat, 273), 1e-9);

        var rebuilt = BtydFeatureModel.FromParameters(JsonSerializer.Deserialize<BtydFeatureParameters>(JsonSerializer.Serialize(model.Parameters))!);
        Assert.Equal(model.ExpectedSpend(repeat, 273), rebuilt.ExpectedSpend(repeat, 273));
    }

    [Fact]
    public void WhenRepeatCustomersSpendWithinATenthOfAPercentOfOneAnotherTheSpendIsTheirMeanTicket()
    {
        // Tickets of 20 ± 0.05: the fit runs towards q → ∞ and stops short of convergence on the way.
        var random = new Random(11);
        var rows = CdnowWithAmounts(() => 20 + (0.1 * (random.NextDouble() - 0.5)), oneTransactionPerDay: true);

        var model = BtydFeatureModel.Fit(rows, TimeUnit.Weeks);

        Assert.True(model.IsSpendUsable, model.SpendReason);
        Assert.Equal(20, model.ConstantSpend!.Value, 0.01);
    }

    [Fact]
    public void WhenEachCustomersTicketsNeverVaryTheSpendPerPurchaseIsTheirOwnTicket()
    {
        // One price per transaction; a day with two transactions costs twice as much. Within a customer the days hardly
        // vary, so the fit runs towards p → ∞, where a repeat customer's expected ticket is their own mean.
        var rows = CdnowWithAmounts(() => 12.5);

        var model = BtydFeatureModel.Fit(rows, TimeUnit.Weeks);

        Assert.True(model.IsSpendUsable, model.SpendReason);
        Assert.Null(model.ConstantSpend);
        Assert.Equal(12.5, model.ExpectedSpendPerPurchase(WithRepeatSpend(rows, 12.5)), 1e-4);
        Assert.Equal(25, model.ExpectedSpendPerPurchase(WithRepeatSpend(rows, 25)), 1e-4);
    }

    [Fact]
    public void SpendThatVariesAcrossCustomersKeepsGammaGamma()
    {
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value, TimeUnit.Weeks);

        Assert.True(model.IsSpendUsable, model.SpendReason);
        Assert.Null(model.ConstantSpend);
        Assert.True(model.SpendModel!.Diagnostics.Converged);
    }

    [Fact]
    public void ParetoNbdOnALargeBaseIsFittedOnASystematicSample()
    {
        // The CDNOW snapshot fifty times over: 117,850 customers.
        var rows = Enumerable.Repeat(CdnowCalibration.Value, 50).SelectMany(r => r).ToList();
        var summaries = rows.Select(r => r.ToRepeatSummary(TimeUnit.Weeks)).OfType<RepeatSummary>().ToList();
        Assert.True(summaries.Count > BtydFeatureModel.ParetoNbdSampleSize);

        var model = BtydFeatureModel.Fit(rows, TimeUnit.Weeks, BtydModelKind.ParetoNbd);
        var sample = BtydFeatureModel.SystematicSample(summaries, BtydFeatureModel.ParetoNbdSampleSize);
        var direct = ParetoNbd.Fit(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sample), TimeUnit.Weeks,
            BtydFitOptions.Default with { ComputeStandardErrors = false });

        Assert.Equal(BtydFeatureModel.ParetoNbdSampleSize, sample.Count);
        Assert.All(direct.Parameters, p => Assert.Equal(p.Value, model.Parameters.Transactions[p.Key], 1e-9 * p.Value));
    }

    [Fact]
    public void ASystematicSampleOfALargeParetoNbdBaseGivesTheFullFitsEstimates()
    {
        // 150,000 customers drawn from Pareto/NBD (r 0.6, α 4 weeks, s 0.8, β 12 weeks) over ages of 10 to 100 weeks.
        var random = new Random(5);
        var customers = new List<RepeatSummary>();
        for (var i = 0; i < 150_000; i++)
        {
            var lambda = MathNet.Numerics.Distributions.Gamma.Sample(random, 0.6, 4.0);
            var lifetime = MathNet.Numerics.Distributions.Exponential.Sample(random, MathNet.Numerics.Distributions.Gamma.Sample(random, 0.8, 12.0));
            var age = 10 + (90 * random.NextDouble());
            double time = 0, last = 0;
            var x = 0;
            while ((time += MathNet.Numerics.Distributions.Exponential.Sample(random, lambda)) < Math.Min(lifetime, age))
            {
                x++;
                last = time;
            }
            customers.Add(new RepeatSummary(x, last, age));
        }
        var options = BtydFitOptions.Default with { ComputeStandardErrors = false };

        var full = ParetoNbd.Fit(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(customers), TimeUnit.Weeks, options);
        var sampled = ParetoNbd.Fit(
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(BtydFeatureModel.SystematicSample(customers, BtydFeatureModel.ParetoNbdSampleSize)),
            TimeUnit.Weeks, options);

        Assert.True(full.Diagnostics.Converged && sampled.Diagnostics.Converged, $"{full.Diagnostics.Message} / {sampled.Diagnostics.Message}");
        Assert.All(full.Parameters, p => Assert.Equal(p.Value, sampled.Parameters[p.Key], 0.05 * p.Value));
        Assert.Equal(0.6, full.Parameters["r"], 0.05 * 0.6);
    }

    [Fact]
    public void FitInDaysScalesOnlyAlphaBySeven()
    {
        // The purchase rate λ ~ Gamma(r, α) per day is λ_week / 7, so α_days = 7 α_weeks; r, a, b do not depend on the unit.
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value, TimeUnit.Days);

        var p = model.Parameters.Transactions;
        Assert.Equal(0.2426, p["r"], 5e-4);
        Assert.Equal(7 * 4.4135, p["alpha"], 7 * 5e-3);
        Assert.Equal(0.7929, p["a"], 5e-4);
        Assert.Equal(2.4258, p["b"], 5e-3);
    }

    [Fact]
    public void GammaGammaOnTheSnapshotReproducesThePublishedSpendEstimates()
    {
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value);

        Assert.True(model.IsSpendUsable, model.SpendReason);
        Assert.Equal(6.25, model.Parameters.Spend["p"], 5e-3);
        Assert.Equal(3.74, model.Parameters.Spend["q"], 5e-3);
        Assert.Equal(15.44, model.Parameters.Spend["gamma"], 1e-2);
    }

    [Fact]
    public void ExpectedPurchasesOfAFeatureRowMatchThePublishedConditionalExpectation()
    {
        // FHL 2005: a customer with x = 2, tₓ = 30.43, T = 38.86 weeks is expected to make 1.226 purchases in the next 39 weeks.
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value);
        var row = CdnowCalibration.Value.Single(r => r.CustomerId == "0001");

        var expected = model.ExpectedPurchases(row, horizonDays: 39 * 7);

        var summary = row.ToRepeatSummary(TimeUnit.Weeks)!.Value;
        Assert.Equal((2, 30.43, 38.86), (summary.Frequency, Math.Round(summary.Recency, 2), Math.Round(summary.Age, 2)));
        Assert.Equal(1.226, expected, 1e-3);
    }

    [Fact]
    public void ExpectedSpendIsExpectedPurchasesTimesGammaGammaConditionalSpend()
    {
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value);
        var row = CdnowCalibration.Value.Single(r => r.CustomerId == "0001");
        var summary = row.ToRepeatSummary(TimeUnit.Weeks)!.Value;

        var spend = model.ExpectedSpend(row, 365);

        var gg = model.SpendModel!;
        Assert.Equal(model.TransactionModel!.ExpectedPurchases(365 / 7.0, summary) * gg.P * (gg.Gamma + 2 * summary.MeanRepeatSpend) / (2 * gg.P + gg.Q - 1), spend, 1e-12);
    }

    [Fact]
    public void OneTimeBuyersSpendAtThePopulationMean()
    {
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value);
        var row = CdnowCalibration.Value.First(r => r.Frequency == 0);

        Assert.Equal(model.SpendModel!.PopulationMeanSpend, model.ExpectedSpendPerPurchase(row), 1e-12);
        Assert.Equal(1.0, model.ProbabilityAlive(row));
    }

    [Fact]
    public void RebuildFromJsonParametersGivesIdenticalOutputs()
    {
        var fitted = BtydFeatureModel.Fit(CdnowCalibration.Value, TimeUnit.Weeks, BtydModelKind.MbgNbd);
        var json = JsonSerializer.Serialize(fitted.Parameters);

        var rebuilt = BtydFeatureModel.FromParameters(JsonSerializer.Deserialize<BtydFeatureParameters>(json)!);

        Assert.Contains("\"Kind\":\"MbgNbd\"", json);
        Assert.Equal(fitted.Parameters.Transactions, rebuilt.Parameters.Transactions);
        var rows = CdnowCalibration.Value;
        Assert.Equal(rows.Select(r => fitted.ProbabilityAlive(r)), rows.Select(r => rebuilt.ProbabilityAlive(r)));
        Assert.Equal(rows.Select(r => fitted.ExpectedPurchases(r, 365)), rows.Select(r => rebuilt.ExpectedPurchases(r, 365)));
        Assert.Equal(rows.Select(r => fitted.ExpectedSpend(r, 365)), rows.Select(r => rebuilt.ExpectedSpend(r, 365)));
    }

    [Fact]
    public void ParetoNbdIsSelectable()
    {
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value, TimeUnit.Weeks, BtydModelKind.ParetoNbd);

        Assert.Equal(BtydModelKind.ParetoNbd, model.TransactionModel!.Kind);
        Assert.Equal(0.5533, model.Parameters.Transactions["r"], 5e-4);
        Assert.Equal(11.667, model.Parameters.Transactions["beta"], 1e-2);
    }

    [Fact]
    public void TooFewRepeatCustomersGiveAnUnusableModelWithNaNOutputs()
    {
        var cutoff = new DateOnly(2024, 6, 30);
        Transaction[] history = [Buy("A", "2024-01-05", 10), Buy("A", "2024-02-05", 12), Buy("B", "2024-03-01", 20)];
        var rows = FeatureBuilder.Build(history, null, cutoff).Rows.Select(r => r.Features).ToList();

        var model = BtydFeatureModel.Fit(rows);

        Assert.False(model.IsUsable);
        Assert.False(model.IsSpendUsable);
        Assert.Equal("1 customers with repeat purchases in the training snapshot; BG/NBD needs at least 20.", model.Reason);
        Assert.True(double.IsNaN(model.ExpectedSpend(rows[0], 365)));
        Assert.True(double.IsNaN(model.ProbabilityAlive(rows[0])));
    }

    [Fact]
    public void UnusableModelRoundTripsThroughItsParameters()
    {
        var model = BtydFeatureModel.Fit([]);

        var rebuilt = BtydFeatureModel.FromParameters(model.Parameters);

        Assert.False(rebuilt.IsUsable);
        Assert.Equal(model.Reason, rebuilt.Reason);
    }

    [Fact]
    public void ProspectsGetNaN()
    {
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value);
        var prospect = CdnowCalibration.Value[0] with { IsProspect = true };

        Assert.True(double.IsNaN(model.ProbabilityAlive(prospect)));
        Assert.True(double.IsNaN(model.ExpectedPurchases(prospect, 365)));
        Assert.True(double.IsNaN(model.ExpectedSpend(prospect, 365)));
    }

    [Fact]
    public void FitThatDoesNotConvergeIsUnusableInsteadOfThrowing()
    {
        var model = BtydFeatureModel.Fit(CdnowCalibration.Value, options: new BtydFitOptions { MaxIterations = 1 });

        Assert.False(model.IsUsable);
        Assert.StartsWith("BG/NBD fit did not converge after 1 iterations", model.Reason);
    }
}
