using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Modeling.Reporting;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml retention</c>: fits sBG (Fader &amp; Hardie 2007) and/or BdW (FHLDS 2018) on cohort survivor counts, or on
/// a contract snapshot turned into left-truncated cohorts, pooled and per acquisition channel; prints the estimates,
/// the projected survival and retention-rate curves, DERL and residual value per subscriber, and draws a PNG chart.
/// Exit codes: 0 ok, 1 bad input, 2 a fit did not converge.
/// </summary>
public static class RetentionCommand
{
    static readonly Option<string?> CohortsOption = new("--cohorts")
    {
        Description = "Survivor counts: CSV with columns cohort, period, survivors (period 0 = customers acquired), one row per cohort and period",
    };

    static readonly Option<string?> ContractsOption = new("--contracts")
    {
        Description = "A contract snapshot (the Telco table): one row per customer with a tenure in periods and a churn flag for the last period",
    };

    static readonly Option<string?> TransactionsOption = new("--transactions")
    {
        Description = "A subscription's billing history (contract format unless --source says otherwise): monthly cohorts by first charge, each customer subscribed through the month of their last charge",
    };

    static readonly Option<string?> SourceOption = new("--source")
    {
        Description = "Source spec (JSON) for the --transactions file",
    };

    static readonly Option<string?> GroupColumnOption = new("--group-column")
    {
        Description = "Column naming each cohort's acquisition channel (or other grouping): fits per group and tests whether groups differ",
    };

    static readonly Option<string> TenureColumnOption = new("--tenure-column")
    {
        Description = "--contracts: the tenure column (whole periods, including the last)",
        DefaultValueFactory = _ => "tenure",
    };

    static readonly Option<string> ChurnColumnOption = new("--churn-column")
    {
        Description = "--contracts: the column saying whether the customer left in the last period",
        DefaultValueFactory = _ => "Churn",
    };

    static readonly Option<string> ChurnValueOption = new("--churn-value")
    {
        Description = "--contracts: the churn column's value for a customer who left",
        DefaultValueFactory = _ => "Yes",
    };

    static readonly Option<string> ModelOption = new Option<string>("--model")
    {
        Description = "sbg, bdw or both",
        DefaultValueFactory = _ => "both",
    }.AcceptOnlyFromAmong("sbg", "bdw", "both");

    static readonly Option<int?> HorizonOption = new("--horizon")
    {
        Description = "Periods to project the curves to (default: 5 past the last period observed)",
    };

    static readonly Option<double> DiscountRateOption = new("--discount-rate")
    {
        Description = "Discount rate per period for DERL and residual value",
        DefaultValueFactory = _ => 0.1,
    };

    static readonly Option<double?> PriceOption = new("--price")
    {
        Description = "Price per period: adds the residual value per subscriber (price × DERL)",
    };

    static readonly Option<int> ForecastPeriodsOption = new("--forecast-periods")
    {
        Description = "--transactions: months ahead for the active base's expected payments and charges, and the backtest of the same forecast made that many months before the data's end",
        DefaultValueFactory = _ => 12,
    };

    static readonly Option<string?> ChartOption = new("--chart")
    {
        Description = "Write a PNG of observed and projected survival here",
    };

    static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print one JSON object instead of text",
    };

    public static Command Create()
    {
        var command = new Command("retention", "Fit sBG / beta-discrete-Weibull retention models on subscription cohorts and project survival, retention and residual value")
        {
            CohortsOption, ContractsOption, TransactionsOption, SourceOption, GroupColumnOption, TenureColumnOption, ChurnColumnOption, ChurnValueOption,
            ModelOption, HorizonOption, DiscountRateOption, PriceOption, ForecastPeriodsOption, ChartOption, JsonOption,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(parseResult, cancellationToken)));
        return command;
    }

    static int Run(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            var discount = parseResult.GetValue(DiscountRateOption);
            if (!(discount > 0) || !double.IsFinite(discount))
                throw new InputException($"--discount-rate must be a positive number (got {discount.ToString(CultureInfo.InvariantCulture)})");
            var price = parseResult.GetValue(PriceOption);
            if (price is { } p && !double.IsFinite(p))
                throw new InputException("--price must be a finite number");
            var forecastPeriods = parseResult.GetValue(ForecastPeriodsOption);
            if (forecastPeriods < 1)
                throw new InputException($"--forecast-periods must be at least 1 (got {forecastPeriods})");
            var (source, cohorts, notes, billing) = Load(parseResult, ref price);
            var lastObserved = cohorts.Max(c => c.LastPeriod);
            var horizon = parseResult.GetValue(HorizonOption) ?? lastObserved + 5;
            if (horizon < 1)
                throw new InputException($"--horizon must be at least 1 (got {horizon})");
            var kinds = parseResult.GetValue(ModelOption) switch
            {
                "sbg" => new[] { RetentionModelKind.Sbg },
                "bdw" => [RetentionModelKind.Bdw],
                _ => [RetentionModelKind.Sbg, RetentionModelKind.Bdw],
            };
            var grouped = cohorts.All(c => c.Group is not null) && cohorts.Select(c => c.Group).Distinct().Count() > 1;

            var fits = new List<KindFit>();
            foreach (var kind in kinds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                fits.Add(grouped
                    ? new KindFit(kind, GroupedRetention.FitByGroup(kind, cohorts), null)
                    : new KindFit(kind, null, GroupedRetention.Fit(kind, cohorts)));
            }

            var forecasts = billing is null ? [] : fits.Select(f => BaseForecast.Of(f.Kind, f.Single!, billing, forecastPeriods)).ToList();
            var report = new Report(source, cohorts, notes, horizon, lastObserved, discount, price, fits, forecasts);
            if (parseResult.GetValue(JsonOption))
                output.WriteLine(JsonSerializer.Serialize(report.Describe(), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true }));
            else
                report.Print(output);
            if (parseResult.GetValue(ChartOption) is { } chart)
            {
                ReportCharts.SurvivalCurves(report.Curves(), $"Retention: {Path.GetFileName(source)}", chart);
                if (!parseResult.GetValue(JsonOption))
                    output.WriteLine($"chart: {chart}");
            }

            var failed = fits.SelectMany(f => f.Models()).Where(m => !m.Model.Diagnostics.Converged).Select(m => $"{m.Model.Name} ({m.Label})").ToList();
            if (failed.Count == 0)
                return ExitCodes.Ok;
            error.WriteLine($"error: {string.Join(", ", failed)} did not converge; the estimates above are not maximum-likelihood estimates");
            return ExitCodes.GateFailed;
        }
        catch (DataLoadException e)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is InputException or IOException or InvalidDataException or ArgumentException or SourceSpecException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    static (string Source, IReadOnlyList<SurvivorCounts> Cohorts, IReadOnlyList<string> Notes, BillingMonths? Billing) Load(ParseResult parseResult, ref double? price)
    {
        var cohortsPath = parseResult.GetValue(CohortsOption);
        var contractsPath = parseResult.GetValue(ContractsOption);
        var transactionsPath = parseResult.GetValue(TransactionsOption);
        var group = parseResult.GetValue(GroupColumnOption);
        if (new[] { cohortsPath, contractsPath, transactionsPath }.Count(p => p is not null) != 1)
            throw new InputException("give one of --cohorts FILE, --contracts FILE or --transactions FILE");
        if (transactionsPath is not null)
            return FromTransactions(transactionsPath, parseResult.GetValue(SourceOption), group, ref price);
        if (cohortsPath is not null)
            return (cohortsPath, SummaryTableReader.ReadSurvivorCounts(cohortsPath, group), [], null);

        var cohorts = SummaryTableReader.SurvivorCountsFromContracts(contractsPath!, parseResult.GetValue(TenureColumnOption)!,
            parseResult.GetValue(ChurnColumnOption)!, parseResult.GetValue(ChurnValueOption)!, group, out var skipped);
        return (contractsPath!, cohorts,
        [
            "assumed: every row was a subscriber at the start of the last period, tenure counts whole periods since acquisition including the last, and customers who left earlier are not in the file",
            "so customers with tenure t form a cohort first counted after t - 1 renewals and counted again after t (left-truncated at t - 1)",
            Invariant($"{skipped} customers with tenure 0 (no renewal yet) carry no retention information; left out"),
        ], null);
    }

    /// <summary>Monthly cohorts of a billing history (<see cref="BillingMonths"/>), with what was assumed.</summary>
    /// <param name="price">The price per period: <c>--price</c>, or else the median charge, which the notes then name.</param>
    static (string Source, IReadOnlyList<SurvivorCounts> Cohorts, IReadOnlyList<string> Notes, BillingMonths Billing) FromTransactions(string path, string? specPath, string? group, ref double? price)
    {
        if (group is not null)
            throw new InputException("--group-column reads a --cohorts or --contracts file; cohorts of --transactions are not grouped");
        var spec = specPath is null ? null : SourceSpec.Load(specPath);
        if (spec is { Kind: not FileKind.Transactions })
            throw new InputException($"--source {specPath} describes a customers file; --transactions needs a transactions spec");
        var charges = new List<double>();
        var billing = BillingMonths.Read(Charges(new TransactionLoader(spec).Stream(path)));
        var through = billing.LastCompleteMonth;
        var cohorts = billing.CohortsAtEnd();
        if (cohorts.Count == 0)
            throw new InputException(through is null
                ? $"{path}: no charge (a row with a positive amount) to count"
                : $"{path}: no customer's first charge is before {through:yyyy-MM}, the last complete month of the data, so no cohort has a renewal period to show");
        List<string> notes =
        [
            "assumed: a customer joins the cohort of the month of their first charge and is subscribed through the month of their last charge; a month without a charge in between is not a cancellation",
            Invariant($"months are the renewal periods, observed through {through:yyyy-MM} (the last complete month of the data); customers whose first charge is later are left out"),
        ];
        if (price is null)
        {
            // Residual value needs a price per period; the file's own charges give one.
            price = MathNet.Numerics.Statistics.Statistics.Median(charges);
            notes.Add(Invariant($"price per period: the median charge, {price:0.00} (--price sets another)"));
        }
        return (path, cohorts, notes, billing);

        IEnumerable<Transaction> Charges(IEnumerable<Transaction> transactions)
        {
            foreach (var t in transactions)
            {
                if (t.Amount > 0)
                    charges.Add(t.Amount);
                yield return t;
            }
        }
    }

    sealed record KindFit(RetentionModelKind Kind, GroupedRetention? Grouped, RetentionModel? Single)
    {
        public IEnumerable<(string Label, RetentionModel Model)> Models()
        {
            if (Single is not null)
            {
                yield return ("all cohorts", Single);
                yield break;
            }

            yield return ("pooled", Grouped!.Pooled);
            foreach (var (group, model) in Grouped.ByGroup)
                yield return (group, model);
        }
    }

    sealed record Report(string Source, IReadOnlyList<SurvivorCounts> Cohorts, IReadOnlyList<string> Notes, int Horizon, int LastObserved,
        double Discount, double? Price, IReadOnlyList<KindFit> Fits, IReadOnlyList<BaseForecast> Forecasts)
    {
        /// <summary>Observed share of each cohort followed from acquisition, for the table and chart.</summary>
        IEnumerable<(string Label, SurvivorCounts Cohort)> FromAcquisition(string label) =>
            Cohorts.Where(c => c.FirstPeriod == 0 && (label is "all cohorts" or "pooled" ? Cohorts.Count(k => k.FirstPeriod == 0) == 1 : c.Group == label))
                .Select(c => (label, c));

        public void Print(TextWriter output)
        {
            output.WriteLine(Invariant($"cohorts: {Source}: {Cohorts.Count} cohorts, {Cohorts.Sum(c => c.Survivors[0]):0} customers counted, periods {Cohorts.Min(c => c.FirstPeriod)}..{LastObserved}"));
            foreach (var note in Notes)
                output.WriteLine($"note: {note}");
            foreach (var fit in Fits)
            {
                foreach (var (label, model) in fit.Models())
                {
                    var d = model.Diagnostics;
                    output.WriteLine();
                    output.WriteLine(Invariant($"{model.Name} ({label}): {(d.Converged ? "converged" : "DID NOT CONVERGE")} after {d.Iterations} iterations in {d.Elapsed.TotalSeconds:0.000} s ({d.Rows} customers, {d.DistinctRows} cohorts)"));
                    output.WriteLine($"  {"parameter",-10} {"estimate",12} {"std. error",12}");
                    foreach (var (name, value) in model.Parameters)
                        output.WriteLine(Invariant($"  {name,-10} {value,12:0.0000} {model.StandardErrors.GetValueOrDefault(name, double.NaN),12:0.0000}"));
                    output.WriteLine(Invariant($"  log-likelihood {model.LogLikelihood:0.00}"));
                    foreach (var warning in d.Warnings)
                        output.WriteLine($"  warning: {warning}");
                    if (model is ShiftedBetaGeometric { RanToGeometric: true })
                        output.WriteLine("  note: gamma and delta grow without bound: the data show no heterogeneity in churn, every customer churns with about the same probability (a plain geometric); the curve below is that geometric");
                    var observed = FromAcquisition(label).Select(c => c.Cohort).FirstOrDefault();
                    output.WriteLine($"  {"period",6} {"S(t)",8} {"r(t)",8} {"observed",9} {$"DERL@{Discount:0.###}",10}{(Price is null ? "" : $" {"value",10}")}");
                    for (var t = 0; t <= Horizon; t++)
                    {
                        var seen = observed is not null && t < observed.Survivors.Count ? Invariant($"{observed.Survivors[t] / observed.Survivors[0],9:0.000}") : $"{"",9}";
                        var rate = t == 0 ? $"{"",8}" : Invariant($"{model.RetentionRate(t),8:0.000}");
                        var derl = model.DiscountedExpectedResidualLifetime(t, Discount);
                        var value = Price is { } p ? Invariant($" {p * derl,10:0.00}") : "";
                        output.WriteLine(Invariant($"  {t,6} {model.Survival(t),8:0.000} {rate} {seen} {derl,10:0.000}{value}"));
                    }
                }

                if (fit.Grouped is { } g)
                {
                    output.WriteLine();
                    output.WriteLine(Invariant($"{g.Pooled.Name}: groups differ? likelihood ratio {g.LikelihoodRatio:0.00} on {g.DegreesOfFreedom} df, p {(g.PValue < 1e-15 ? "< 1e-15" : Invariant($"= {g.PValue:G3}"))}"));
                }
            }

            foreach (var forecast in Forecasts)
            {
                output.WriteLine();
                forecast.Print(output);
            }

            output.WriteLine();
            output.WriteLine("DERL(t): discounted expected further payments of a subscriber who has made t renewals, the next renewal counted undiscounted (Fader & Hardie 2010)");
        }

        public Dictionary<string, object?> Describe() => new()
        {
            ["source"] = Source,
            ["notes"] = Notes,
            ["cohorts"] = Cohorts.Count,
            ["customers"] = Cohorts.Sum(c => c.Survivors[0]),
            ["discountRate"] = Discount,
            ["price"] = Price,
            ["fits"] = Fits.SelectMany(f => f.Models().Select(m => new Dictionary<string, object?>
            {
                ["model"] = m.Model.Name,
                ["group"] = m.Label,
                ["parameters"] = m.Model.Parameters,
                ["standardErrors"] = m.Model.StandardErrors.ToDictionary(p => p.Key, p => double.IsFinite(p.Value) ? p.Value : (double?)null),
                ["logLikelihood"] = m.Model.LogLikelihood,
                ["converged"] = m.Model.Diagnostics.Converged,
                ["iterations"] = m.Model.Diagnostics.Iterations,
                ["curve"] = Enumerable.Range(0, Horizon + 1).Select(t => new Dictionary<string, object?>
                {
                    ["period"] = t,
                    ["survival"] = m.Model.Survival(t),
                    ["retentionRate"] = t == 0 ? null : m.Model.RetentionRate(t),
                    ["derl"] = m.Model.DiscountedExpectedResidualLifetime(t, Discount),
                    ["residualValue"] = Price is { } p ? p * m.Model.DiscountedExpectedResidualLifetime(t, Discount) : null,
                }),
            })),
            ["baseForecasts"] = Forecasts.Select(f => f.Describe()),
            ["groupTests"] = Fits.Where(f => f.Grouped is not null).Select(f => new Dictionary<string, object?>
            {
                ["model"] = f.Grouped!.Pooled.Name,
                ["likelihoodRatio"] = f.Grouped.LikelihoodRatio,
                ["degreesOfFreedom"] = f.Grouped.DegreesOfFreedom,
                ["pValue"] = f.Grouped.PValue,
            }),
        };

        public IReadOnlyList<SurvivalSeries> Curves()
        {
            var series = new List<SurvivalSeries>();
            var periods = Enumerable.Range(0, Horizon + 1).Select(t => (double)t).ToArray();
            foreach (var fit in Fits)
            {
                foreach (var (label, model) in fit.Models().Where(m => fit.Grouped is null || m.Label != "pooled"))
                {
                    var name = $"{model.Name} {label}";
                    series.Add(new SurvivalSeries(name, periods, periods.Select(t => model.Survival((int)t)).ToArray(), Observed: false));
                    if (fit.Kind == Fits[0].Kind)
                    {
                        foreach (var (_, cohort) in FromAcquisition(label))
                        {
                            series.Add(new SurvivalSeries(name, Enumerable.Range(0, cohort.Survivors.Count).Select(t => (double)t).ToArray(),
                                cohort.Survivors.Select(n => n / cohort.Survivors[0]).ToArray(), Observed: true));
                        }
                    }
                }
            }

            return series;
        }
    }

    /// <summary>
    /// A billing history's active base: the subscribers of the last complete month and what <see cref="Model"/> expects
    /// them to pay over the next months, with the same forecast made that many months earlier against what was paid.
    /// </summary>
    sealed record BaseForecast(RetentionModel Model, SubscriberForecast Forecast, SubscriberBacktest? Backtest, string? NoBacktest, string? CycleWarning)
    {
        public static BaseForecast Of(RetentionModelKind kind, RetentionModel model, BillingMonths billing, int periods)
        {
            var end = billing.LastCompleteMonth!.Value;
            var subscribers = billing.Subscribers(end, laterCharges: true);
            var forecast = SubscriberForecast.Of(model, subscribers, end, periods);
            var (backtest, why) = SubscriberBacktest.Run(kind, billing, end, periods);
            var (repeat, lessOften) = billing.BillingCycles(subscribers.Select(s => s.CustomerId));
            // A few customers who skipped a month are not a plan of their own; a twentieth of the base is.
            var warning = lessOften > 0 && lessOften * 20 >= repeat
                ? Invariant($"warning: {lessOften:N0} of the {repeat:N0} subscribers charged in two months or more are charged less often than monthly (two months or more between charges at the median: annual or quarterly plans?); the forecast renews each at their own interval, but the survival curve is fitted on monthly cohorts, where such a plan's year counts as months subscribed: for a curve per billing cycle, fit each cycle from a file of its own")
                : null;
            return new BaseForecast(model, forecast, backtest, why, warning);
        }

        public void Print(TextWriter output)
        {
            var f = Forecast;
            output.WriteLine(Invariant($"active base ({Model.Name}): {f.Subscribers:N0} subscribers of {f.Month:yyyy-MM} (within their plan's interval: charged that month on a monthly plan, that year on a yearly one) are expected to make {f.ExpectedPayments:N0} payments worth {f.ExpectedCharges:N2} over the {f.Periods} months {BillingMonths.Shift(f.Month, 1):yyyy-MM} .. {BillingMonths.Shift(f.Month, f.Periods):yyyy-MM}, each priced at their charges per month over the latest year"));
            if (Backtest is { } b)
            {
                var o = b.Forecast;
                output.WriteLine(Invariant($"  backtest: fitted on the cohorts through {o.Month:yyyy-MM}, the {o.Subscribers:N0} subscribers of that month were expected to make {o.ExpectedPayments:N0} payments worth {o.ExpectedCharges:N2} in {BillingMonths.Shift(o.Month, 1):yyyy-MM} .. {BillingMonths.Shift(o.Month, o.Periods):yyyy-MM}; they made {b.Payments:N0} worth {b.Charges:N2} ({Percent(b.PaymentsError)} and {Percent(b.ChargesError)})"));
            }
            else
            {
                output.WriteLine($"  {NoBacktest}");
            }
            if (CycleWarning is not null)
                output.WriteLine($"  {CycleWarning}");
        }

        public Dictionary<string, object?> Describe() => new()
        {
            ["model"] = Model.Name,
            ["month"] = Forecast.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            ["periods"] = Forecast.Periods,
            ["subscribers"] = Forecast.Subscribers,
            ["expectedPayments"] = Forecast.ExpectedPayments,
            ["expectedCharges"] = Forecast.ExpectedCharges,
            ["backtest"] = Backtest is { } b
                ? new Dictionary<string, object?>
                {
                    ["month"] = b.Forecast.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    ["subscribers"] = b.Forecast.Subscribers,
                    ["expectedPayments"] = b.Forecast.ExpectedPayments,
                    ["expectedCharges"] = b.Forecast.ExpectedCharges,
                    ["payments"] = b.Payments,
                    ["charges"] = b.Charges,
                    ["paymentsError"] = double.IsFinite(b.PaymentsError) ? b.PaymentsError : null,
                    ["chargesError"] = double.IsFinite(b.ChargesError) ? b.ChargesError : null,
                }
                : null,
            ["noBacktest"] = NoBacktest,
            ["warning"] = CycleWarning,
        };

        static string Percent(double error) => double.IsFinite(error) ? Invariant($"{error:+0.0%;-0.0%;0.0%} off") : "nothing paid to compare";
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    sealed class InputException(string message) : Exception(message);
}
