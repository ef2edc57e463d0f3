using System.Globalization;
using System.Text;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

/// <summary>
/// A churn table with a monthly charge and a tenure (the spec's <c>recurring</c>): its bundle values each customer as the
/// charge over the months they are expected to stay within the horizon. On a generated subscription base whose true
/// churn per month is known, the values sum to what the customers still there are expected to pay, and follow each
/// customer's own churn better than the table's average rate does.
/// </summary>
public sealed class RecurringValueTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "cvml-recurring-" + Guid.NewGuid().ToString("N"));

    public RecurringValueTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A customer of the generated base: their columns, and their true churn per month.</summary>
    sealed record Subscriber(string Id, string Plan, string Region, double Fee, int Months, bool Churned, double TrueChurn);

    /// <summary>
    /// 3,000 subscribers who joined 1 to 60 months ago; a month-to-month plan leaves at 6 % a month, a yearly one at
    /// 1.5 %, half as fast again in the north. A leaver's months are those paid before leaving.
    /// </summary>
    static List<Subscriber> Base()
    {
        var random = new Random(5);
        var regions = new[] { "north", "south", "east" };
        var subscribers = new List<Subscriber>();
        for (var i = 0; i < 3_000; i++)
        {
            var plan = i % 3 == 0 ? "monthly" : "yearly";
            var region = regions[random.Next(3)];
            var churn = (plan == "monthly" ? 0.06 : 0.015) * (region == "north" ? 1.5 : 1);
            var fee = Math.Round((plan == "monthly" ? 30 : 25) + random.NextDouble() * 50, 2);
            var joined = random.Next(1, 61);
            var paid = 1;
            while (random.NextDouble() > churn)
                paid++;
            subscribers.Add(new Subscriber($"s{i:0000}", plan, region, fee, Math.Min(paid, joined), paid < joined, churn));
        }
        return subscribers;
    }

    (TrainingOptions Options, string Spec) Table(IEnumerable<Subscriber> subscribers, string? recurring)
    {
        var csv = new StringBuilder("id,plan,region,MonthlyFee,months,Churn\n");
        foreach (var s in subscribers)
            csv.Append(CultureInfo.InvariantCulture, $"{s.Id},{s.Plan},{s.Region},{s.Fee},{s.Months},{(s.Churned ? "Yes" : "No")}\n");
        var path = Path.Combine(_folder, "subscribers.csv");
        File.WriteAllText(path, csv.ToString());
        var spec = Path.Combine(_folder, "subscribers.json");
        File.WriteAllText(spec, $$"""
            { "kind": "customers", "mapping": { "customer_id": "id", "churned": "Churn" }, "labelValues": { "Yes": true, "No": false }
              {{(recurring is null ? "" : $", \"recurring\": {recurring}")}} }
            """);
        return (new TrainingOptions
        {
            CustomersPath = path, CustomersSourceSpecPath = spec, ModelsDirectory = Path.Combine(_folder, "models"), MaximumTrials = 1, Version = "recurring",
        }, spec);
    }

    /// <summary>Σ over the 12 months of the horizon of the chance to be there to pay that month.</summary>
    /// <summary>A bundle trained, with one trial, on a customers file <paramref name="name"/>.csv read with the spec <paramref name="spec"/>.</summary>
    TrainingResult TrainedOn(string name, string csv, string spec)
    {
        var path = Path.Combine(_folder, name + ".csv");
        File.WriteAllText(path, csv);
        var specPath = Path.Combine(_folder, name + ".json");
        File.WriteAllText(specPath, spec);
        return new ModelTrainer(new TrainingOptions
        {
            CustomersPath = path, CustomersSourceSpecPath = specPath, ModelsDirectory = Path.Combine(_folder, "models"), MaximumTrials = 1, Version = name,
        }).Run();
    }

    /// <summary>A subscription begun up to 1,500 days before <paramref name="end"/>, paid monthly until it churns at <paramref name="churn"/> a month: its signup and the day it left (after <paramref name="end"/> for a stayer).</summary>
    static (DateOnly Signup, DateOnly Left) Subscription(Random random, DateOnly end, double churn)
    {
        var signup = end.AddDays(-random.Next(30, 1_500));
        var paid = 1;
        while (random.NextDouble() > churn)
            paid++;
        return (signup, signup.AddDays((int)Math.Round(paid * 365.25 / 12)));
    }

    static double ExpectedMonths(double churn) => (1 - churn) * (1 - Math.Pow(1 - churn, 12)) / churn;

    [Fact]
    public void AChurnTablesValuesSumToWhatItsRemainingCustomersAreExpectedToPay()
    {
        var subscribers = Base();
        var result = new ModelTrainer(Table(subscribers, """{ "charge": "MonthlyFee", "tenure": "months" }""").Options).Run();
        using var model = ModelFolder.Load(result.BundlePath, ModelBundle.Load);
        var scorer = new CustomerScorer(new LifecycleOptions());
        CustomerScore Score(Subscriber s) => scorer.Score(model.Bundle, FeatureBuilder.SnapshotOfAmounts(
            new CustomerProfile(s.Id)
            {
                Churned = s.Churned,
                Attributes = new Dictionary<string, string>
                {
                    ["plan"] = s.Plan, ["region"] = s.Region,
                    ["MonthlyFee"] = s.Fee.ToString(CultureInfo.InvariantCulture), ["months"] = s.Months.ToString(CultureInfo.InvariantCulture),
                },
            }, [], new DateOnly(2026, 1, 1), model.Bundle.FeatureOptions), explain: false);

        var recurring = result.Card.Recurring!;
        var churned = subscribers.Count(s => s.Churned);
        Assert.Equal(churned, recurring.Churned);
        Assert.Equal(churned / (double)subscribers.Sum(s => s.Months), recurring.ChurnPerPeriod, 12);
        Assert.Contains("Value is 'MonthlyFee' times the months a customer is expected to pay within the horizon (12 months)", recurring.Reading, StringComparison.Ordinal);

        var staying = subscribers.Where(s => !s.Churned).ToList();
        var truth = staying.Select(s => s.Fee * ExpectedMonths(s.TrueChurn)).ToList();
        var predicted = staying.Select(s => Score(s).PredictedValue).ToList();
        // Drift watches the value the bundle now predicts, and not the orders a churn table's customers never have.
        var drift = CustomerValue.Core.Monitoring.DriftBaseline.FromJson(File.ReadAllText(Path.Combine(result.BundlePath, CustomerValue.Core.Monitoring.DriftBaseline.FileName)), "drift");
        Assert.Equal(["predictedValue", "churnProbability"], drift.Predictions.Select(p => p.Name));
        // The card's forecast is serving's answer for the table, the leavers' nothing included.
        Assert.Equal(predicted.Sum(), result.Card.Forecast!.PredictedValue, 0.01 * predicted.Sum());
        Assert.InRange(predicted.Sum() / truth.Sum(), 0.90, 1.10);
        // Each customer's own rate, not the table's: closer to what they are truly expected to pay.
        var flat = staying.Select(s => s.Fee * ExpectedMonths(recurring.ChurnPerPeriod)).ToList();
        double Mae(List<double> values) => values.Zip(truth, (v, t) => Math.Abs(v - t)).Average();
        Assert.True(Mae(predicted) < 0.9 * Mae(flat), $"MAE {Mae(predicted):0.00} against the table's rate {Mae(flat):0.00}");
        // A leaver has gone: nothing more to pay, and the interval says so; what is at stake is winning them back.
        var leaver = subscribers.First(s => s.Churned);
        var left = Score(leaver);
        Assert.Equal((0, 0, 0), (left.PredictedValue, left.ValueP10, left.ValueP90));
        // Churned for certain; won back, they would leave at the rate the churn model gives someone like them.
        Assert.Equal(1, left.ChurnProbability);
        var winBack = recurring.ValueOf(leaver.Fee, Score(leaver with { Churned = false }).ChurnProbability, result.Card.HorizonDays).Value;
        Assert.True(winBack > 0);
        Assert.Equal(winBack, left.WinBackValue, 9);
        Assert.Equal(Math.Round(winBack, 2), left.Lifecycle.ValueAtStake, 9);
        Assert.Equal(LifecycleStage.Recovery, left.Lifecycle.Stage);
        Assert.Equal(winBack, left.ToScoredCustomer().ValueAtStake, 9);
        var stays = Score(staying[0]);
        Assert.InRange(stays.PredictedValue, stays.ValueP10, stays.ValueP90);
        Assert.Empty(stays.Warnings);
        // At risk, a customer of more than a year (the tenure column's months, the table having no signup dates) is offered
        // the loyalty reward, and one of less a retention offer.
        var atRisk = staying.Select(s => (s.Months, Score(s).Lifecycle)).Where(s => s.Lifecycle.Stage == LifecycleStage.Retention).ToList();
        Assert.Contains(atRisk, s => s.Months >= 13);
        Assert.Contains(atRisk, s => s.Months <= 11);
        Assert.All(atRisk.Where(s => s.Months >= 13), s => Assert.Equal(LifecycleActions.LoyaltyReward, s.Lifecycle.Recommendations[0].Action));
        Assert.All(atRisk.Where(s => s.Months <= 11), s => Assert.Equal(LifecycleActions.RetentionOffer, s.Lifecycle.Recommendations[0].Action));
        // Without the charge there is nothing to value, and the answer says which column it needs.
        var uncharged = scorer.Score(model.Bundle, FeatureBuilder.SnapshotOfAmounts(
            new CustomerProfile("new") { Attributes = new Dictionary<string, string> { ["plan"] = "monthly", ["months"] = "3" } },
            [], new DateOnly(2026, 1, 1), model.Bundle.FeatureOptions), explain: false);
        Assert.Equal(0, uncharged.PredictedValue);
        var warning = Assert.Single(uncharged.Warnings, w => w.Code == ScoreWarnings.NoRecurringCharge);
        Assert.Equal("attr_MonthlyFee", warning.Column);
        Assert.EndsWith("values a customer by their charge per month, 'MonthlyFee', which this customer lacks (or is not above 0): predictedValue is 0.", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>The same table without "recurring": no values, and a card note that gives the spec's part for them.</summary>
    [Fact]
    public void AChurnTableTrainedWithoutItsRecurringChargeIsToldHowToValueItsCustomers()
    {
        var card = new ModelTrainer(Table(Base().Take(300), recurring: null).Options).Run().Card;

        Assert.Null(card.Recurring);
        Assert.Null(card.Forecast);
        Assert.Contains(card.Notes, n => n.EndsWith("""subscribers.csv: The columns look like a charge per period and a tenure: a source spec with "recurring": { "charge": "MonthlyFee", "tenure": "months", "period": "month" } values its customers (their bundle's values are 0 without it).""", StringComparison.Ordinal));
    }

    /// <summary>
    /// A subscription export with signup and cancellation dates and no tenure or churned column: the months each customer
    /// paid are counted from the dates (a leaver's to their cancellation, a stayer's to the export's last date, the
    /// default as-of), no date means still a customer, and the values of those who stay sum to what they are expected to pay.
    /// </summary>
    [Fact]
    public void ASubscriptionExportIsValuedFromItsSignupAndCancellationDates()
    {
        var random = new Random(8);
        var end = new DateOnly(2026, 6, 30);
        var month = 365.25 / 12;
        var csv = new StringBuilder("customer_id,signup_date,churn_date,plan,mrr\n");
        var truth = 0.0;
        (string Id, DateOnly Signup, DateOnly Left)? leaver = null;
        for (var i = 0; i < 3_000; i++)
        {
            var plan = i % 3 == 0 ? "monthly" : "yearly";
            var churn = plan == "monthly" ? 0.06 : 0.015;
            var fee = 20 + random.Next(60);
            var signup = end.AddDays(-random.Next(30, 1_800));
            var paid = 1;
            while (random.NextDouble() > churn)
                paid++;
            var left = signup.AddDays((int)Math.Round(paid * month));
            var gone = left < end;
            if (gone)
                leaver ??= ($"s{i:0000}", signup, left);
            else
                truth += fee * ExpectedMonths(churn);
            csv.Append(CultureInfo.InvariantCulture, $"s{i:0000},{signup:yyyy-MM-dd},{(gone ? left.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")},{plan},{fee}\n");
        }
        var path = Path.Combine(_folder, "export.csv");
        File.WriteAllText(path, csv.ToString());
        var spec = Path.Combine(_folder, "export.json");
        File.WriteAllText(spec, """{ "kind": "customers", "recurring": { "charge": "mrr" } }""");

        var result = new ModelTrainer(new TrainingOptions
        {
            CustomersPath = path, CustomersSourceSpecPath = spec, ModelsDirectory = Path.Combine(_folder, "models"), MaximumTrials = 1, Version = "export",
        }).Run();
        using var model = ModelFolder.Load(result.BundlePath, ModelBundle.Load);
        var (id, signedUp, cancelled) = leaver!.Value;
        var last = DateOnly.Parse(File.ReadLines(path).Skip(1).SelectMany(l => l.Split(',')[1..3]).Where(d => d.Length > 0).Max(StringComparer.Ordinal)!, CultureInfo.InvariantCulture);
        var row = FeatureBuilder.SnapshotOfAmounts(new CustomerProfile(id) { SignupDate = signedUp, ChurnDate = cancelled }, [], last, model.Bundle.FeatureOptions);

        // Read forward: the customers still there a churn window (the 365-day horizon) before the last date, labelled by
        // who left by it. Read as one table of leavers and stayers, the same export scored AUC 0.974 (0.651 forward).
        Assert.Equal(last.AddDays(-365), result.Card.Cutoff);
        // Five years of signups hold three churn windows: choices on the middle one, the report on the last.
        Assert.StartsWith("rolling origin, read forward: ", result.Card.Evaluation.Description, StringComparison.Ordinal);
        Assert.InRange(result.Card.Churn.Metrics.Auc, 0.55, 0.85);
        Assert.DoesNotContain(result.Card.Notes, n => n.StartsWith("The churn table gives signup and churn dates", StringComparison.Ordinal));
        Assert.Contains(result.Card.Notes, n => n.Contains("customers without a churn_date are taken as still customers", StringComparison.Ordinal));
        Assert.Contains("of tenure (signup_date to churn_date, or to the as-of date for those who stay)", result.Card.Recurring!.Reading, StringComparison.Ordinal);
        Assert.Contains("for a customer at the churn probability of the customers there a churn window before the end", result.Card.Recurring.Reading, StringComparison.Ordinal);
        // A leaver's days since signup end at their cancellation: the time since then is not tenure.
        Assert.Equal(cancelled.DayNumber - signedUp.DayNumber, row.DaysSinceSignup);
        // They have left: churned for certain, worth nothing unless won back.
        var leaverPrediction = model.Bundle.Predict(row with { GivenChurn = true }, explain: false);
        Assert.Equal((1.0, 0.0), (leaverPrediction.ChurnProbability, leaverPrediction.PredictedValue));
        Assert.InRange(result.Card.Forecast!.PredictedValue / truth, 0.85, 1.15);
        // Back-tested on the customers there a window before the end: valued from held-out probabilities, against what they paid.
        Assert.InRange(result.Card.Recurring.TestPredicted!.Value / result.Card.Recurring.TestPaid!.Value, 0.85, 1.15);
        Assert.Contains($"the customers still there on {last.AddDays(-365):yyyy-MM-dd} were predicted to pay", result.Card.Forecast.Reading, StringComparison.Ordinal);
    }

    /// <summary>
    /// Read forward, a dated churn table's training snapshot holds the customers still there a churn window before its end,
    /// labelled by who left by the end; a table whose customers all signed up within that window cannot be, and is read as
    /// one table of leavers and stayers with the reason.
    /// </summary>
    [Fact]
    public void ADatedChurnTableIsReadForwardFromTheCustomersStillThereAWindowBeforeItsEnd()
    {
        var end = new DateOnly(2025, 12, 31);
        var at = end.AddDays(-365);
        var customers = new List<CustomerProfile>();
        for (var i = 0; i < 60; i++)
        {
            var signup = at.AddDays(-30 - i * 10);
            // A third left before the window (not in the snapshot), a third within it (churned), a third stay.
            DateOnly? left = (i % 3) switch { 0 => at.AddDays(-5), 1 => at.AddDays(100), _ => null };
            customers.Add(new CustomerProfile($"c{i:00}") { SignupDate = signup, ChurnDate = left, Churned = left is null ? false : null });
        }
        customers.Add(new CustomerProfile("late") { SignupDate = at.AddDays(10), Churned = false });
        var table = new CustomerValue.Core.Data.CustomerTable(customers, new CustomerValue.Core.Data.AttributeSchema([]), new CustomerValue.Core.Data.LoadReport("t.csv", CustomerValue.Core.Data.FileKind.Customers));

        var (plan, reason) = EvaluationPlan.Forward(table, end, 365, 5)!.Value;
        var snapshot = FeatureBuilder.Build([], customers, plan!.TestCutoff, new FeatureOptions { HorizonDays = 365, TenureEndsAtChurn = true, OnlyCustomersStillThere = true });
        var recent = customers.Select(c => c with { SignupDate = end.AddDays(-100) }).ToList();
        var oneTable = EvaluationPlan.Forward(new CustomerValue.Core.Data.CustomerTable(recent, new CustomerValue.Core.Data.AttributeSchema([]), new CustomerValue.Core.Data.LoadReport("t.csv", CustomerValue.Core.Data.FileKind.Customers)), end, 365, 5)!.Value;

        Assert.Equal(at, plan.TestCutoff);
        Assert.Equal(end, plan.ServeAsOf);
        Assert.Equal("40 customers were still there on 2024-12-31, a 365-day churn window before 2025-12-31, and 20 of them left within it", reason);
        Assert.Equal(40, snapshot.Rows.Count);
        Assert.Equal(20, snapshot.Rows.Count(r => r.Labels.Churned));
        Assert.All(snapshot.Rows, r => Assert.Equal(at.DayNumber - customers.Single(c => c.CustomerId == r.Features.CustomerId).SignupDate!.Value.DayNumber, r.Features.DaysSinceSignup));
        Assert.Null(oneTable.Plan);
        Assert.StartsWith("0 customers were still there on 2024-12-31", oneTable.Reason, StringComparison.Ordinal);
        Assert.Contains("too few to learn from", oneTable.Reason, StringComparison.Ordinal);
        Assert.Null(EvaluationPlan.Forward(new CustomerValue.Core.Data.CustomerTable([.. customers.Select(c => c with { ChurnDate = null })], new CustomerValue.Core.Data.AttributeSchema([]), new CustomerValue.Core.Data.LoadReport("t.csv", CustomerValue.Core.Data.FileKind.Customers)), end, 365, 5));
    }

    /// <summary>
    /// A subscriptions export that bills monthly and yearly plans, some for several seats, in one amount column: with the
    /// spec's interval and quantity each charge is read per month (a yearly 490 for 3 seats is 122.50 a month), and the
    /// stayers' values sum to what they are expected to pay; read without them, the yearly charges would count as months'.
    /// </summary>
    [Fact]
    public void AnExportOfMonthlyAndYearlyPlansIsValuedPerMonthFromEachRowsInterval()
    {
        var random = new Random(5);
        var end = new DateOnly(2026, 6, 30);
        var csv = new StringBuilder("id,customer,Interval,Amount,Quantity,signup_date,churn_date\n");
        var truth = 0.0;
        for (var i = 0; i < 2_000; i++)
        {
            var yearly = i % 4 == 0;
            var (amount, churn) = yearly ? (490.0, 0.01) : (49.0, 0.04);
            var seats = i % 5 == 0 ? 3 : 1;
            var (signup, left) = Subscription(random, end, churn);
            var gone = left < end;
            if (!gone)
                truth += amount * seats / (yearly ? 12 : 1) * ExpectedMonths(churn);
            csv.Append(CultureInfo.InvariantCulture, $"sub{i:0000},c{i / 2:0000},{(yearly ? "year" : "month")},{amount:0.00},{seats},{signup:yyyy-MM-dd},{(gone ? left.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}\n");
        }
        var result = TrainedOn("stripe", csv.ToString(), """{ "kind": "customers", "mapping": { "customer_id": "id" }, "recurring": { "charge": "Amount", "quantity": "Quantity", "interval": "Interval" } }""");
        using var model = ModelFolder.Load(result.BundlePath, ModelBundle.Load);
        var recurring = result.Card.Recurring!;
        var yearlyRow = FeatureBuilder.SnapshotOfAmounts(new CustomerProfile("new") { SignupDate = end.AddDays(-40), Attributes = new Dictionary<string, string> { ["Interval"] = "Yearly", ["Amount"] = "490", ["Quantity"] = "3" } }, [], end, model.Bundle.FeatureOptions);

        Assert.Equal(("Interval", "Quantity"), (recurring.IntervalColumn, recurring.QuantityColumn));
        Assert.Equal(122.5, recurring.ChargeOf(yearlyRow), 9);
        Assert.StartsWith("Value is 'Amount' × 'Quantity', per 'Interval' times the months a customer is expected to pay within the horizon (12 months), each customer's charge read per month from their 'Interval'. ", recurring.Reading, StringComparison.Ordinal);
        Assert.InRange(result.Card.Forecast!.PredictedValue / truth, 0.85, 1.15);
        Assert.DoesNotContain(result.Card.Notes, n => n.Contains("billing intervals", StringComparison.Ordinal));
    }

    /// <summary>
    /// An export of one row per subscription whose customers hold one to three (a base plan, add-ons begun later, some of
    /// them cancelled while the customer stays), all ending when the customer leaves: read with "oneRowPer":
    /// "subscription", each customer is one, valued at what their running subscriptions charge together over the months
    /// they are expected to stay, and the stayers' values sum to what they are expected to pay.
    /// </summary>
    [Fact]
    public void AnExportOfSeveralSubscriptionsPerCustomerIsValuedOneCustomerEach()
    {
        var random = new Random(11);
        var end = new DateOnly(2026, 6, 30);
        var csv = new StringBuilder("id,customer,Interval,Amount,Quantity,created,ended\n");
        var (truth, subscriptions, customers) = (0.0, 0, 1_500);
        for (var c = 0; c < customers; c++)
        {
            var churn = c % 3 == 0 ? 0.05 : 0.015;
            var (signup, left) = Subscription(random, end, churn);
            var gone = left < end;
            for (var k = 0; k < 1 + random.Next(3); k++)
            {
                var start = k == 0 ? signup : signup.AddDays(random.Next(0, Math.Max(1, (left < end ? left : end).DayNumber - signup.DayNumber)));
                var yearly = random.Next(4) == 0;
                var amount = k == 0 ? (yearly ? 490.0 : 49.0) : (yearly ? 120.0 : 12.0);
                var seats = 1 + random.Next(2);
                // An add-on cancelled while the customer stays ends before they leave.
                DateOnly? ended = gone ? left : k > 0 && random.Next(4) == 0 ? start.AddDays((end.DayNumber - start.DayNumber) / 2) : null;
                if (ended is null)
                    truth += amount * seats / (yearly ? 12 : 1) * ExpectedMonths(churn);
                csv.Append(CultureInfo.InvariantCulture, $"sub{subscriptions++:00000},c{c:0000},{(yearly ? "year" : "month")},{amount:0.00},{seats},{start:yyyy-MM-dd},{ended?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n");
            }
        }
        const string Recurring = """ "recurring": { "charge": "Amount", "quantity": "Quantity", "interval": "Interval" } """;

        var combined = TrainedOn("subscriptions", csv.ToString(), $$"""{ "kind": "customers", "oneRowPer": "subscription", "mapping": { "customer_id": "customer", "signup_date": "created", "churn_date": "ended" }, {{Recurring}} }""");

        var repeated = Assert.ThrowsAny<Exception>(() => TrainedOn("repeated", csv.ToString(), $$"""{ "kind": "customers", "mapping": { "customer_id": "customer", "signup_date": "created", "churn_date": "ended" }, {{Recurring}} }"""));

        Assert.Equal(customers, combined.Card.Recurring!.Customers);
        Assert.InRange(combined.Card.Forecast!.PredictedValue / truth, 0.9, 1.1);
        var combinedRows = combined.Card.Notes.Single(n => n.StartsWith("The customers file holds one row per subscription", StringComparison.Ordinal));
        Assert.Matches(@"the [0-9,]+ rows of the [0-9,]+ customers with two or more are combined into one each", combinedRows);
        Assert.Contains("\"oneRowPer\": \"subscription\" combines each customer's rows into one", repeated.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Subscriptions that never started (Stripe's incomplete_expired) read as customers who left at once: the card names
    /// them with the spec's exclude that leaves them out.
    /// </summary>
    [Fact]
    public void TheCardNamesSubscriptionsThatNeverStarted()
    {
        var random = new Random(3);
        var end = new DateOnly(2026, 6, 30);
        var csv = new StringBuilder("customer,Status,Amount,created,ended\n");
        for (var i = 0; i < 600; i++)
        {
            var (signup, left) = Subscription(random, end, 0.03);
            var (status, ended) = i % 20 == 0 ? ("incomplete_expired", signup.AddDays(1)) : left < end ? ("canceled", left) : ("active", (DateOnly?)null);
            csv.Append(CultureInfo.InvariantCulture, $"c{i:0000},{status},29.00,{signup:yyyy-MM-dd},{ended?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n");
        }

        var card = TrainedOn("never-started", csv.ToString(), """{ "kind": "customers", "mapping": { "customer_id": "customer", "signup_date": "created", "churn_date": "ended" }, "recurring": { "charge": "Amount" } }""").Card;

        Assert.Contains(card.Notes, n => n.EndsWith("""never-started.csv: column 'Status' says 'incomplete_expired' of 30 of the 600 customers: subscriptions that never started (the first payment failed, or is still awaited); read as customers, they count as customers who left at once, or who pay, and raise the churn rate the models learn (lowering the value of those who stay); a source spec with "exclude": { "Status": ["incomplete_expired"] } leaves them out.""", StringComparison.Ordinal));
    }

    /// <summary>
    /// Customers still there whose status says they are on their way out (Chargebee's non_renewing, Stripe's past_due):
    /// the card counts them with what they pay, as no model can learn from a status of the export's day; serving values a
    /// subscription set to end at the period's end as one that has left, with what keeping it would bring at stake.
    /// </summary>
    [Fact]
    public void CustomersWhoseStatusSaysTheyAreLeavingAreCountedAndThoseSetToEndValuedAsLeaving()
    {
        var random = new Random(5);
        var end = new DateOnly(2026, 6, 30);
        var csv = new StringBuilder("customer,Status,Amount,created,ended\n");
        for (var i = 0; i < 600; i++)
        {
            var (signup, left) = Subscription(random, end, 0.03);
            var status = left < end ? "canceled" : i % 25 == 0 ? "non_renewing" : i % 40 == 1 ? "past_due" : "active";
            csv.Append(CultureInfo.InvariantCulture, $"c{i:0000},{status},29.00,{signup:yyyy-MM-dd},{(left < end ? left.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}\n");
        }

        var result = TrainedOn("leaving", csv.ToString(), """{ "kind": "customers", "mapping": { "customer_id": "customer", "signup_date": "created", "churn_date": "ended" }, "recurring": { "charge": "Amount" } }""");
        var card = result.Card;

        var note = Assert.Single(card.Notes, n => n.Contains("leaving.csv: column 'Status' says 'non_renewing' of ", StringComparison.Ordinal));
        Assert.Matches(@"'non_renewing' of [0-9]+ \(set to end at the period's end\), 'past_due' of [0-9]+ \(payments failing\), of the [0-9,]+ customers still there, paying [0-9,.]+ of the [0-9,.]+ a month they all pay", note);
        Assert.Contains("those set to end at the period's end by 'Status' are valued as customers who have left, with what keeping them would bring at stake (Retention, a retention offer); "
            + "those whose payments are failing by 'Status' are valued as others are, and offered a payment recovery first (Retention)", note, StringComparison.Ordinal);
        // Serving reads the status the models never do: a cancelled subscription is worth nothing more, and keeping it is at stake.
        Assert.Equal("Status", card.Recurring!.EndingColumn);
        Assert.Equal(["non_renewing"], card.Recurring.EndingValues!);
        Assert.Equal(("Status", "past_due"), (card.Recurring.FailingColumn, Assert.Single(card.Recurring.FailingValues!)));
        Assert.DoesNotContain(card.Features, f => f.Name == FeatureColumns.Attribute("Status"));
        using var model = ModelFolder.Load(result.BundlePath, ModelBundle.Load);
        var scorer = new CustomerScorer(new LifecycleOptions());
        CustomerScore Score(string status) => scorer.Score(model.Bundle, FeatureBuilder.SnapshotOfAmounts(
            new CustomerProfile("c") { SignupDate = end.AddDays(-200), Attributes = new Dictionary<string, string> { ["Status"] = status, ["Amount"] = "29.00" } },
            [], end, model.Bundle.FeatureOptions), explain: false);
        var (leaving, staying) = (Score("Non_Renewing "), Score("active"));
        Assert.Equal((0, 0, 0, 1), (leaving.PredictedValue, leaving.ValueP10, leaving.ValueP90, leaving.ChurnProbability));
        Assert.True(staying.PredictedValue > 0);
        Assert.Equal(staying.PredictedValue, leaving.WinBackValue, 9);
        Assert.Equal((LifecycleStage.Retention, LifecycleActions.RetentionOffer), (leaving.Lifecycle.Stage, leaving.Lifecycle.Recommendations[0].Action));
        Assert.StartsWith("leaving: set to end at the period's end", leaving.Lifecycle.StageReason, StringComparison.Ordinal);
        // Payments failing: valued as any other, and the payment to recover comes first.
        var failing = Score("PAST_DUE");
        Assert.Equal((staying.PredictedValue, staying.ChurnProbability), (failing.PredictedValue, failing.ChurnProbability));
        Assert.Equal((LifecycleStage.Retention, LifecycleActions.PaymentRecovery), (failing.Lifecycle.Stage, failing.Lifecycle.Recommendations[0].Action));
    }

    /// <summary>
    /// A Chargebee-shaped export bills quarterly plans as 3 of the unit "month" (billing_period beside billing_period_unit):
    /// with the spec's intervalCount a quarterly 90 is 30 a month, and the stayers' values sum to what they are expected
    /// to pay; read per one interval, each quarterly charge would count as a month's, three times what it is.
    /// </summary>
    [Fact]
    public void QuarterlyPlansBilledAsThreeMonthsAreValuedPerMonthFromTheIntervalCount()
    {
        var random = new Random(7);
        var end = new DateOnly(2026, 6, 30);
        var csv = new StringBuilder("subscription.id,customer.id,subscription.plan_unit_price,subscription.billing_period,subscription.billing_period_unit,subscription.created_at,subscription.cancelled_at\n");
        var truth = 0.0;
        for (var i = 0; i < 2_000; i++)
        {
            var (amount, months, churn) = (i % 3) switch { 0 => (90.0, 3, 0.02), 1 => (35.0, 1, 0.04), _ => (300.0, 12, 0.01) };
            var (signup, left) = Subscription(random, end, churn);
            var gone = left < end;
            if (!gone)
                truth += amount / months * ExpectedMonths(churn);
            var (count, unit) = months == 12 ? (1, "year") : (months, "month");
            csv.Append(CultureInfo.InvariantCulture, $"sub{i:0000},c{i:0000},{amount:0.00},{count},{unit},{signup:yyyy-MM-dd},{(gone ? left.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}\n");
        }
        var result = TrainedOn("chargebee", csv.ToString(), """{ "kind": "customers", "mapping": { "customer_id": "customer.id", "signup_date": "subscription.created_at", "churn_date": "subscription.cancelled_at" }, "recurring": { "charge": "subscription.plan_unit_price", "interval": "subscription.billing_period_unit", "intervalCount": "subscription.billing_period" } }""");
        using var model = ModelFolder.Load(result.BundlePath, ModelBundle.Load);
        var recurring = result.Card.Recurring!;
        var quarterly = FeatureBuilder.SnapshotOfAmounts(new CustomerProfile("new")
        {
            SignupDate = end.AddDays(-40),
            Attributes = new Dictionary<string, string> { ["subscription.billing_period_unit"] = "month", ["subscription.billing_period"] = "3", ["subscription.plan_unit_price"] = "90" },
        }, [], end, model.Bundle.FeatureOptions);

        Assert.Equal("subscription.billing_period", recurring.IntervalCountColumn);
        Assert.Equal(30, recurring.ChargeOf(quarterly), 9);
        Assert.StartsWith("Value is 'subscription.plan_unit_price', per 'subscription.billing_period' × 'subscription.billing_period_unit' times the months", recurring.Reading, StringComparison.Ordinal);
        Assert.InRange(result.Card.Forecast!.PredictedValue / truth, 0.85, 1.15);
    }

    /// <summary>
    /// A Recurly-shaped export writes the plan's amount in cents: with the spec's factor of 0.01 the bundle values its
    /// customers in currency units, in training and in serving; without it every value would be 100 times too large.
    /// </summary>
    [Fact]
    public void AnAmountInCentsIsValuedInCurrencyUnitsWithTheSpecsFactor()
    {
        var random = new Random(9);
        var end = new DateOnly(2026, 6, 30);
        var csv = new StringBuilder("account_code,unit_amount_in_cents,plan_interval_length,plan_interval_unit,activated_at,canceled_at\n");
        var truth = 0.0;
        for (var i = 0; i < 1_500; i++)
        {
            var (cents, churn) = i % 2 == 0 ? (2_900, 0.04) : (4_900, 0.02);
            var (signup, left) = Subscription(random, end, churn);
            var gone = left < end;
            if (!gone)
                truth += cents / 100.0 * ExpectedMonths(churn);
            csv.Append(CultureInfo.InvariantCulture, $"acc{i:0000},{cents},1,months,{signup:yyyy-MM-dd},{(gone ? left.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}\n");
        }
        var result = TrainedOn("recurly", csv.ToString(), """{ "kind": "customers", "mapping": { "customer_id": "account_code", "signup_date": "activated_at", "churn_date": "canceled_at" }, "recurring": { "charge": "unit_amount_in_cents", "factor": 0.01, "interval": "plan_interval_unit", "intervalCount": "plan_interval_length" } }""");
        using var model = ModelFolder.Load(result.BundlePath, ModelBundle.Load);
        var recurring = model.Bundle.Card.Recurring!;
        var row = FeatureBuilder.SnapshotOfAmounts(new CustomerProfile("new")
        {
            SignupDate = end.AddDays(-40),
            Attributes = new Dictionary<string, string> { ["unit_amount_in_cents"] = "2900", ["plan_interval_length"] = "1", ["plan_interval_unit"] = "months" },
        }, [], end, model.Bundle.FeatureOptions);

        Assert.Equal(0.01, recurring.ChargeFactor);
        Assert.Equal(29, recurring.ChargeOf(row), 9);
        Assert.InRange(result.Card.Forecast!.PredictedValue / truth, 0.85, 1.15);
    }

    /// <summary>
    /// A dated churn table with customers still there two churn windows before its end is tested out of time (fitted a
    /// window earlier, reported on the last window); with three, its choices are made on the window before the last
    /// (rolling origin), as transactions are. Customer folds only when asked for, or when the earlier windows hold too few.
    /// </summary>
    [Fact]
    public void ADatedChurnTableWithSeveralWindowsIsTestedOutOfTime()
    {
        var end = new DateOnly(2025, 12, 31);
        var customers = new List<CustomerProfile>();
        for (var i = 0; i < 400; i++)
        {
            var signup = end.AddDays(-1_500 + i * 3);
            // A third leave after 200 days, a third after 500, a third stay: every window has leavers and stayers.
            DateOnly? left = (i % 3) switch { 0 => signup.AddDays(200), 1 => signup.AddDays(500), _ => null };
            customers.Add(new CustomerProfile($"c{i:000}") { SignupDate = signup, ChurnDate = left < end ? left : null, Churned = left < end ? null : false });
        }
        var table = new CustomerValue.Core.Data.CustomerTable(customers, new CustomerValue.Core.Data.AttributeSchema([]), new CustomerValue.Core.Data.LoadReport("t.csv", CustomerValue.Core.Data.FileKind.Customers));
        var test = end.AddDays(-365);
        var fit = test.AddDays(-365);

        var rolling = EvaluationPlan.Forward(table, end, 365, 5)!.Value.Plan!;
        var outOfTime = EvaluationPlan.Forward(table, end, 365, 5, EvaluationMethod.OutOfTime)!.Value.Plan!;
        var folds = EvaluationPlan.Forward(table, end, 365, 5, EvaluationMethod.KFold)!.Value.Plan!;
        var twoWindows = new CustomerValue.Core.Data.CustomerTable([.. customers.Where(c => c.SignupDate > end.AddDays(-900))], table.Schema, table.Report);
        var auto = EvaluationPlan.Forward(twoWindows, end, 365, 5)!.Value.Plan!;
        var refused = Assert.Throws<InvalidDataException>(() => EvaluationPlan.Forward(twoWindows, end, 365, 5, EvaluationMethod.RollingOrigin));

        Assert.Equal((EvaluationPlan.RollingOrigin, fit.AddDays(-365), fit, fit, test, end), (rolling.Method, rolling.TrainCutoff, rolling.ValidationCutoff, rolling.TestFitCutoff, rolling.TestCutoff, rolling.ServeAsOf));
        Assert.Equal((EvaluationPlan.OutOfTime, fit, (DateOnly?)null, test, end), (outOfTime.Method, outOfTime.TrainCutoff, outOfTime.ValidationCutoff, outOfTime.TestCutoff, outOfTime.ServeAsOf));
        Assert.Equal((EvaluationPlan.KFold, (DateOnly?)null, test), (folds.Method, folds.TrainCutoff, folds.TestCutoff));
        Assert.Equal((EvaluationPlan.OutOfTime, fit), (auto.Method, auto.TrainCutoff));
        Assert.Contains("a validation window before it as well would need more customers: ", auto.Description, StringComparison.Ordinal);
        Assert.Contains("too few to learn from", auto.Description, StringComparison.Ordinal);
        Assert.StartsWith("Rolling-origin evaluation of a dated churn table judges its choices a churn window before the test window: ", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A subscription export younger than a churn window cannot be read forward: it is read as one table, and the card says why and what its figures measure.</summary>
    [Fact]
    public void ADatedChurnTableTooYoungToReadForwardIsReadAsOneTableAndTheCardSaysSo()
    {
        var random = new Random(4);
        var end = new DateOnly(2026, 6, 30);
        var csv = new StringBuilder("customer_id,signup_date,churn_date,plan\n");
        for (var i = 0; i < 300; i++)
        {
            var signup = end.AddDays(-random.Next(30, 300));
            var left = random.NextDouble() < 0.4 ? signup.AddDays(random.Next(1, end.DayNumber - signup.DayNumber)) : (DateOnly?)null;
            csv.Append(CultureInfo.InvariantCulture, $"s{i:000},{signup:yyyy-MM-dd},{left?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)},{(i % 2 == 0 ? "a" : "b")}\n");
        }
        var path = Path.Combine(_folder, "young.csv");
        File.WriteAllText(path, csv.ToString());

        var result = new ModelTrainer(new TrainingOptions { CustomersPath = path, ModelsDirectory = Path.Combine(_folder, "models"), MaximumTrials = 1, Version = "young" }).Run();

        var note = Assert.Single(result.Card.Notes, n => n.StartsWith("The churn table gives signup and churn dates", StringComparison.Ordinal));
        Assert.StartsWith("The churn table gives signup and churn dates, and is read as one table of leavers and stayers, not forward (0 customers were still there on ", note, StringComparison.Ordinal);
        Assert.Contains("a shorter --churn-days or --horizon-days moves the date later", note, StringComparison.Ordinal);
        Assert.Null(result.Card.ChurnReadForward);
    }

    [Fact]
    public void ARecurringColumnThatIsMissingOrNotANumberStopsTraining()
    {
        var subscribers = Base().Take(200);

        var missing = Assert.Throws<InvalidDataException>(() => new ModelTrainer(Table(subscribers, """{ "charge": "Fee", "tenure": "months" }""").Options).Run());
        var text = Assert.Throws<InvalidDataException>(() => new ModelTrainer(Table(subscribers, """{ "charge": "MonthlyFee", "tenure": "plan" }""").Options).Run());
        var spelling = Assert.Throws<InvalidDataException>(() => new ModelTrainer(Table(subscribers, """{ "charge": "monthlyfee", "tenure": "months" }""").Options).Run());
        var undated = Assert.Throws<InvalidDataException>(() => new ModelTrainer(Table(subscribers, """{ "charge": "MonthlyFee" }""").Options).Run());

        Assert.EndsWith("""the customers spec's "recurring" charge column 'Fee' is not one of the file's attribute columns (plan, region, MonthlyFee, months).""", missing.Message, StringComparison.Ordinal);
        Assert.Contains("""the customers spec's "recurring" tenure column 'plan' is not numeric""", text.Message, StringComparison.Ordinal);
        Assert.EndsWith("""the customers spec's "recurring" charge column 'monthlyfee' is spelled 'MonthlyFee' in the file: name it so.""", spelling.Message, StringComparison.Ordinal);
        Assert.Contains("""the customers spec's "recurring" gives no "tenure" column, so the periods each customer paid are counted from their signup_date, and no customer has one.""", undated.Message, StringComparison.Ordinal);
    }
}
