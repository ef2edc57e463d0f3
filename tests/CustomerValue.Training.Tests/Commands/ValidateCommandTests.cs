using System.Globalization;
using System.Text.Json.Nodes;

namespace CustomerValue.Training.Tests.Commands;

public sealed class ValidateCommandTests : IDisposable
{
    readonly string _temp = Path.Combine(Path.GetTempPath(), "cvml-validate-" + Guid.NewGuid().ToString("N"));

    public ValidateCommandTests() => Directory.CreateDirectory(_temp);

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task ValidateSummarizesTheCdnowSample()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", Cli.Dataset("CDNOW_sample.txt"), "--source", Cli.Spec("cdnow.json"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("6919 rows loaded, 0 rejected, 6919 read", output);
        Assert.Contains("  2357 customers", output);
        Assert.Contains("date range: 1997-01-01 .. 1998-06-30, covering 546 days (78.0 weeks", output);
        Assert.Contains("total amount: 244091.94", output);
        Assert.Contains("same-day repeat purchases: 223", output);
        Assert.Contains("  repeat buyers: 1,139 of 2,357 customers (48.3%) bought on two or more days", output);
        Assert.DoesNotContain("no repeat purchases to learn from", output);
        // A single cohort's purchases fall for good when its acquisition ends: no days are missing.
        Assert.DoesNotContain("far fewer rows", output);
        Assert.DoesNotContain("the last days", output);
    }

    [Fact]
    public async Task AFileThatLoadsNoTransactionStopsValidateTrainAndScoreAlikeSayingWhy()
    {
        // Before, validate passed a header alone (exit 0, "0 rows loaded"), score stopped on "No transactions were read, so
        // there is no last date to score as of." without naming the file, and train on "no transactions were loaded.".
        var header = Path.Combine(_temp, "header.csv");
        File.WriteAllText(header, "customer_id,timestamp,amount\n");
        var rejected = Path.Combine(_temp, "rejected.csv");
        File.WriteAllText(rejected, "customer_id,timestamp,amount\nc1,2025-01-10,n/a\nc2,2025-01-11,\n");
        var model = Path.Combine(Cli.Root, "models", "current");
        string[] Validate(string file) => ["validate", "--transactions", file, "--on-bad-row", "skip", "--quarantine", Path.Combine(_temp, "q.csv")];
        string[] Train(string file) => ["train", "--transactions", file, "--on-bad-row", "skip", "--out", Path.Combine(_temp, "models")];
        string[] Score(string file) => ["score", "--transactions", file, "--on-bad-row", "skip", "--model", model, "--store", Path.Combine(_temp, "s.db")];

        foreach (var (file, why) in new[] { (header, "the file holds no rows"), (rejected, "every one of its 2 rows was rejected or left out") })
        {
            foreach (var command in new[] { Validate(file), Train(file), Score(file) })
            {
                var (exitCode, _, error) = await Cli.RunAsync(command);

                Assert.True(exitCode == ExitCodes.BadInput, $"{command[0]} {Path.GetFileName(file)}: exit {exitCode}, {error}");
                Assert.EndsWith($"{file}: no transactions were loaded: {why}", error.Trim(), StringComparison.Ordinal);
            }
        }
        Assert.False(Directory.Exists(Path.Combine(_temp, "models")));
    }

    [Fact]
    public async Task WriteSourceWritesTheSpecAHeaderSuggestsAndValidatesWithIt()
    {
        var data = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(data, "Order Date,Customer Email,Order Total\n2025-01-10,a@x.com,19.99\n2025-02-11,a@x.com,5.00\n2025-02-12,b@x.com,7.50\n");
        var spec = Path.Combine(_temp, "orders.json");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", data, "--write-source", spec);
        var written = File.ReadAllText(spec);
        var (withItAlone, aloneOutput) = await Cli.RunCombinedAsync("validate", "--source", spec);
        var (again, againOutput) = await Cli.RunCombinedAsync("validate", "--transactions", data, "--write-source", spec);
        var (both, bothOutput) = await Cli.RunCombinedAsync("validate", "--transactions", data, "--source", spec, "--write-source", Path.Combine(_temp, "other.json"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains($"wrote {spec}: the source spec the header of {data} suggests; check it, then give it to train and score with --source {spec}", output);
        Assert.Contains($"transactions: {data} (source spec {spec})", output);
        Assert.Contains("3 rows loaded, 0 rejected, 3 read", output);
        Assert.Equal("""{"kind":"transactions","path":"orders.csv","mapping":{"customer_id":"Customer Email","timestamp":"Order Date","amount":"Order Total"}}""",
            JsonNode.Parse(written)!.ToJsonString());
        // The spec names its file: it is all train, score and validate need.
        Assert.Equal(ExitCodes.Ok, withItAlone);
        Assert.Contains("3 rows loaded, 0 rejected, 3 read", aloneOutput);
        // A spec checked by hand is never overwritten, and a spec given is not guessed over.
        Assert.Equal(ExitCodes.BadInput, again);
        Assert.Contains($"--write-source {spec}: the file exists; remove it or name another", againOutput);
        Assert.Equal(written, File.ReadAllText(spec));
        Assert.Equal(ExitCodes.BadInput, both);
        Assert.Contains("--write-source writes the spec a file's header suggests in place of --source: give one of them", bothOutput);
    }

    [Fact]
    public async Task WriteCustomersSourceWritesTheSpecOfACustomersFilesHeader()
    {
        var data = Path.Combine(_temp, "olist_customers.csv");
        File.WriteAllText(data, "customer_unique_id,customer_zip_code_prefix,customer_city\nu1,01310,sao paulo\nu2,22041,rio de janeiro\n");
        var spec = Path.Combine(_temp, "customers.json");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--customers", data, "--write-customers-source", spec);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains($"check it, then give it to train and score with --customers-source {spec}", output);
        Assert.Equal("""{"kind":"customers","path":"olist_customers.csv","mapping":{"customer_id":"customer_unique_id","postal_code":"customer_zip_code_prefix"}}""",
            JsonNode.Parse(File.ReadAllText(spec))!.ToJsonString());
        Assert.Contains("2 rows loaded", output);
    }

    [Fact]
    public async Task WriteSourceWritesNothingForAHeaderInTheContractsWordsOrOneItCannotRead()
    {
        var contract = Path.Combine(_temp, "contract.csv");
        File.WriteAllText(contract, "customer_id,timestamp,amount\nc1,2025-01-10,19.99\n");
        var unknown = Path.Combine(_temp, "unknown.csv");
        File.WriteAllText(unknown, "a,b,c\n1,2,3\n");
        var spec = Path.Combine(_temp, "spec.json");

        var (contractExit, contractOutput) = await Cli.RunCombinedAsync("validate", "--transactions", contract, "--write-source", spec);
        var (unknownExit, unknownOutput) = await Cli.RunCombinedAsync("validate", "--transactions", unknown, "--write-source", spec);

        Assert.Equal(ExitCodes.Ok, contractExit);
        Assert.Contains($"{spec} not written: the header of {contract} names the data contract's columns, so no source spec is needed", contractOutput);
        Assert.Contains("1 rows loaded", contractOutput);
        Assert.Equal(ExitCodes.BadInput, unknownExit);
        Assert.Contains($"{spec} not written: the header of {unknown} suggests no source spec (the check below says what it lacks)", unknownOutput);
        Assert.Contains("required column is missing", unknownOutput);
        Assert.False(File.Exists(spec));
    }

    [Fact]
    public async Task WithoutACustomersFileTheFirstOrdersPostalCodesThatLostTheirZerosAreNamed()
    {
        // US ZIP codes in a transactions file, a tenth of them below 10000 and written without their leading zero.
        var path = Path.Combine(_temp, "zips.csv");
        var text = new System.Text.StringBuilder("customer_id,timestamp,amount,postal_code\n");
        for (var i = 0; i < 400; i++)
        {
            var zip = i % 10 == 0 ? (1000 + i).ToString(CultureInfo.InvariantCulture) : (10000 + 150 * i).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"C{i},2024-03-{1 + i % 28:00},{20 + i % 50}.00,{zip}\n");
            text.Append(CultureInfo.InvariantCulture, $"C{i},2024-06-{1 + i % 28:00},{30 + i % 40}.00,{zip}\n");
        }
        File.WriteAllText(path, text.ToString());

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);
        var (_, json) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--json");
        var (_, withCustomers) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--customers", Path.Combine(Cli.Root, "data-samples", "synthetic", "customers.csv"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("warning: the first orders' postal codes describe the customers without a customers file, and 40 of the 400 postal codes are digits one or two short of the 5 most have ('1000' beside '01000')", output);
        Assert.Contains("\"postalCodeDigits\": 5", JsonNode.Parse(json)!["transactions"]!["hint"]!.GetValue<string>());
        // With a customers file, that file describes the customers, and the orders' codes are the orders' own.
        Assert.DoesNotContain("the first orders' postal codes", withCustomers);
    }

    [Fact]
    public async Task ValidateNamesADayHoldingTheOrdersAnImportStampedWithItsOwnDate()
    {
        // A shop's 2023 orders imported on 2024-01-01 with that day as their date, then 2024 day by day.
        var path = Path.Combine(_temp, "orders.csv");
        var random = new Random(3);
        File.WriteAllLines(path, ["customer_id,timestamp,amount",
            .. Enumerable.Range(0, 3_650).Select(i => $"c{random.Next(900)},2024-01-01,{10 + i % 50}.00"),
            .. Enumerable.Range(1, 365).SelectMany(d => Enumerable.Range(0, 10).Select(i => string.Create(CultureInfo.InvariantCulture,
                $"c{random.Next(900)},{new DateOnly(2024, 1, 1).AddDays(d):yyyy-MM-dd},{10 + i * 3}.00")))]);

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);
        var (_, json) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("orders.csv: 2024-01-01 holds 3,650 rows, 50.0% of the file and 365 times a usual day's 10: orders imported or migrated with the day of the import as their date, or a date written for missing ones?", output);
        var crowded = JsonNode.Parse(json)!["transactions"]!["crowdedDay"]!;
        Assert.Equal(("2024-01-01", 3_650L, 10L), ((string?)crowded["date"], (long)crowded["rows"]!, (long)crowded["usualRows"]!));
    }

    /// <summary>
    /// A subscriptions export whose customers still there include some set to end at the period's end and some whose
    /// payments are failing: validate counts them with what they pay, says which serving values as leaving or offers a
    /// payment recovery, and lists them in --json.
    /// </summary>
    [Fact]
    public async Task ValidateCountsSubscriptionsOnTheirWayOut()
    {
        var path = Path.Combine(_temp, "subscriptions.csv");
        File.WriteAllLines(path, ["customer,Status,Amount,created,ended", "c1,active,20,2024-01-01,", "c2,non_renewing,30,2024-02-01,",
            "c3,past_due,10,2024-03-01,", "c4,canceled,20,2024-01-01,2024-05-01", "c5,active,40,2024-04-01,"]);
        var spec = Path.Combine(_temp, "subscriptions.json");
        File.WriteAllText(spec, """{ "kind": "customers", "mapping": { "customer_id": "customer", "signup_date": "created", "churn_date": "ended" }, "recurring": { "charge": "Amount" } }""");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--customers", path, "--customers-source", spec);
        var (_, json) = await Cli.RunCombinedAsync("validate", "--customers", path, "--customers-source", spec, "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  warning: column 'Status' says 'non_renewing' of 1 (set to end at the period's end), 'past_due' of 1 (payments failing), of the 4 customers still there, "
            + "paying 40.00 of the 100.00 a month they all pay (40.0%): those set to end at the period's end by 'Status' are valued as customers who have left", output);
        var statuses = JsonNode.Parse(json)!["customers"]!["atRiskStatuses"]!.AsArray();
        Assert.Equal(["non_renewing:1", "past_due:1"], statuses.Select(s => $"{(string?)s!["value"]}:{(int)s["customers"]!}"));
    }

    /// <summary>
    /// A customers file whose US ZIP codes went through a spreadsheet: the codes that began with 0 lost it, and their
    /// postal region is another's. Validate says so, with the spec that reads them whole, and with it says nothing.
    /// </summary>
    [Fact]
    public async Task ValidateNamesPostalCodesThatLostTheirLeadingZeros()
    {
        var path = Path.Combine(_temp, "customers.csv");
        File.WriteAllLines(path, ["customer_id,postal_code", .. Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"c{i},{(i % 10 == 0 ? 1000 + i : 10000 + i * 37)}"))]);
        var spec = Path.Combine(_temp, "customers.json");
        File.WriteAllText(spec, """{ "kind": "customers", "postalCodeDigits": 5 }""");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--customers", path);
        var (_, json) = await Cli.RunCombinedAsync("validate", "--customers", path, "--json");
        var (_, padded) = await Cli.RunCombinedAsync("validate", "--customers", path, "--customers-source", spec);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  warning: 20 of the 200 postal codes are digits one or two short of the 5 most have ('1000' beside '01000')", output);
        Assert.StartsWith("20 of the 200 postal codes", (string?)JsonNode.Parse(json)!["customers"]!["postalCodesShort"]);
        Assert.DoesNotContain("postal codes are digits", padded);
    }

    /// <summary>
    /// Olist's orders thin out from 24 August 2018 (orders not yet delivered when the data was extracted are not in it):
    /// validate names those days and the cutoff whose labels end before them.
    /// </summary>
    [Fact]
    public async Task ValidateNamesTheLastDaysOfAnExportTakenBeforeItsLastOrdersWereIn()
    {
        var transactions = Cli.Dataset(Path.Combine("olist", "transactions.csv"));

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", transactions, "--horizon-days", "180");
        var (_, json) = await Cli.RunCombinedAsync("validate", "--transactions", transactions, "--horizon-days", "180", "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("transactions.csv: the last days, 2018-08-24 .. 2018-09-03 (11 days) hold 356 rows where the same weekdays before held 2,488 (14%): an export taken before the last orders were in", output);
        Assert.Contains("end the labels on the last complete day, 2018-08-23, with --cutoff 2018-02-24 (labels over the 180 days after it)", output);
        var thin = Assert.Single(JsonNode.Parse(json)!["transactions"]!["thinDays"]!.AsArray());
        Assert.Equal(("2018-08-24", "2018-09-03", 356L, true), ((string?)thin!["first"], (string?)thin["last"], (long)thin["rows"]!, (bool)thin["atEnd"]!));
    }

    [Fact]
    public async Task AFileWhoseCustomersEachBuyOnceIsToldTheModelsHaveNoRepeatPurchasesToLearnFrom()
    {
        // An export that writes an id per invoice: every customer is new, however loyal the shoppers were.
        var path = Path.Combine(_temp, "invoices.csv");
        File.WriteAllLines(path, ["customer_id,timestamp,amount", .. Enumerable.Range(0, 300).Select(i => $"I{i},2024-{1 + i % 12:00}-{1 + i % 28:00},{10 + i % 40}.50"),
            "I0,2024-01-01,5.00", "I1,2024-02-02,-3.00"]);

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  repeat buyers: 0 of 300 customers (0.0%) bought on two or more days", output);
        Assert.Contains("warning: with no customer buying on two or more days, the value and churn models have almost no repeat purchases to learn from", output);
    }

    /// <summary>
    /// A subscriptions export read one customer each says how many rows it combined, and names the subscriptions that
    /// never started; an event log read by a hand-written include names the refund events it left out.
    /// </summary>
    [Fact]
    public async Task ValidateSaysWhatItCombinedAndWhatItLeftOut()
    {
        var subscriptions = Path.Combine(_temp, "subscriptions.csv");
        File.WriteAllLines(subscriptions, ["id,customer,Status,Amount,created,ended", "s1,c1,active,20,2024-01-01,", "s2,c1,active,5,2024-03-01,",
            "s3,c2,incomplete_expired,20,2024-02-01,2024-02-02", "s4,c3,canceled,20,2024-01-01,2024-05-01"]);
        var customersSpec = Path.Combine(_temp, "subscriptions.json");
        File.WriteAllText(customersSpec, """{ "kind": "customers", "oneRowPer": "subscription", "mapping": { "customer_id": "customer", "signup_date": "created", "churn_date": "ended" }, "recurring": { "charge": "Amount" } }""");
        var events = Path.Combine(_temp, "events.csv");
        File.WriteAllLines(events, ["event,user,timestamp,value", "page_view,u1,2024-01-05,", "purchase,u1,2024-01-05,40", "refund,u1,2024-01-09,40"]);
        var eventsSpec = Path.Combine(_temp, "events.json");
        File.WriteAllText(eventsSpec, """{ "mapping": { "customer_id": "user", "amount": "value" }, "include": { "event": ["purchase"] } }""");

        var (customersExit, customers) = await Cli.RunCombinedAsync("validate", "--customers", subscriptions, "--customers-source", customersSpec);
        var (eventsExit, loaded) = await Cli.RunCombinedAsync("validate", "--transactions", events, "--source", eventsSpec);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (customersExit, eventsExit));
        Assert.Contains("  3 customers (one row per subscription: the 2 rows of the 1 customer with two or more are combined into one each)", customers);
        Assert.Contains("  recurring: the 1 customer still there (not labelled churned, no churn date) pays 25.00 a month", customers);
        Assert.Contains("  warning: column 'Status' says 'incomplete_expired' of 1 of the 3 customers: subscriptions that never started", customers);
        Assert.Contains("  warning: 1 row the spec's \"include\" left out is a 'refund' event in 'event'", loaded);
    }

    [Fact]
    public async Task ValidateSummarizesTelcoAsACustomersTable()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--customers", Cli.Dataset("Telco-Customer-Churn.csv"), "--customers-source", Cli.Spec("telco.json"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("7043 rows loaded, 0 rejected, 7043 read", output);
        Assert.Contains("churn labels: 1869 churned, 5174 not churned, 0 unlabeled", output);
        Assert.Contains("blank TotalCharges: 11 rows, read as 0", output);
        Assert.Matches(@"TotalCharges\s+numeric\s+0 missing", output);
        // What the stayers pay a month, as the spec reads it: Σ MonthlyCharges of the 5,174 labelled "No".
        Assert.Contains("  recurring: the 5,174 customers still there (not labelled churned, no churn date) pay 316,985.75 a month as the spec reads their charges ('MonthlyCharges'; median 64.43): compare it with what the billing system reports as recurring revenue", output);
    }

    /// <summary>A spec whose recurring charge names a column the file spells otherwise stops validate as it would stop training.</summary>
    [Fact]
    public async Task ValidateStopsOnARecurringChargeColumnTheFileDoesNotHave()
    {
        var table = Path.Combine(_temp, "subscribers.csv");
        File.WriteAllText(Path.Combine(_temp, "subscribers.json"), """{ "mapping": { "churned": "Churn" }, "recurring": { "charge": "monthly_fee", "tenure": "tenure" } }""");
        File.WriteAllLines(table, ["customer_id,tenure,MonthlyFee,Churn", "c1,3,20,yes", "c2,14,35,no"]);

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--customers", table, "--customers-source", Path.Combine(_temp, "subscribers.json"));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("""subscribers.csv: the customers spec's "recurring" charge column 'monthly_fee' is not one of the file's attribute columns (tenure, MonthlyFee).""", output);
    }

    /// <summary>A churn table with a monthly charge and a tenure, read without "recurring": validate says how to value its customers.</summary>
    [Fact]
    public async Task ValidateHintsAtTheRecurringChargeOfAChurnTableWithoutOne()
    {
        var table = Path.Combine(_temp, "telco.csv");
        File.WriteAllLines(table, ["customer_id,tenure,MonthlyCharges,churned", "c1,3,20.5,yes", "c2,14,35,no"]);

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--customers", table);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("""  hint: The columns look like a charge per period and a tenure: a source spec with "recurring": { "charge": "MonthlyCharges", "tenure": "tenure", "period": "month" } values its customers (their bundle's values are 0 without it)""", output);
    }

    /// <summary>A customers file alone without a churn label cannot be trained on: validate says so, and names the column that looks like one.</summary>
    [Fact]
    public async Task ValidateWarnsThatAChurnTableWithoutALabelCannotBeTrainedAndNamesTheLikelyColumn()
    {
        var table = Path.Combine(_temp, "bank.csv");
        File.WriteAllText(Path.Combine(_temp, "bank.json"), """{ "mapping": { "customer_id": "CustomerId" } }""");
        File.WriteAllLines(table, ["CustomerId,Age,Exited", "c1,42,1", "c2,31,0", "c3,55,0"]);

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--customers", table, "--customers-source", Path.Combine(_temp, "bank.json"));
        var (_, json) = await Cli.RunCombinedAsync("validate", "--customers", table, "--customers-source", Path.Combine(_temp, "bank.json"), "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        const string Hint = """The column "Exited" looks like it: a source spec with "mapping": { "churned": "Exited" }""";
        Assert.Contains("warning: no customer has a churn label, and cvml train on this file alone (no --transactions) learns churn from it and stops without one. " + Hint, output);
        Assert.Equal(Hint, (string?)JsonNode.Parse(json)!["customers"]!["churnLabelHint"]);
    }

    [Fact]
    public async Task ValidateNamesTheCustomerAttributesTrainingWouldPassOverAsLikelyLeaks()
    {
        // A CRM export made at the data's end: each customer's net spend over every transaction, the last horizon's included.
        var transactions = Path.Combine(Cli.Root, "data-samples", "synthetic", "transactions.csv");
        var spent = File.ReadLines(transactions).Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(f => f[0], f => double.Parse(f[2], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Sum());
        var customers = Path.Combine(_temp, "customers-with-totals.csv");
        File.WriteAllLines(customers, File.ReadLines(Path.Combine(Cli.Root, "data-samples", "synthetic", "customers.csv"))
            .Select((line, i) => i == 0 ? line + ",total_spent" : line + "," + spent.GetValueOrDefault(line.Split(',')[0]).ToString("0.00", CultureInfo.InvariantCulture)));

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", transactions, "--customers", customers);
        var (_, json) = await Cli.RunCombinedAsync("validate", "--transactions", transactions, "--customers", customers, "--json");
        var screen = JsonNode.Parse(json)!["attributeScreen"]!;

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  attribute screen (as cvml train --horizon-days 365 would: the customers who bought after its earliest fitted cutoff 2024-01-01", output);
        Assert.Contains("    read: loyalty_points, age_band", output);
        Assert.Contains("    passed over: profile attribute 'total_spent' left out as a likely leak", output);
        Assert.Equal(["loyalty_points", "age_band"], screen["read"]!.AsArray().Select(n => (string)n!));
        Assert.Single(screen["notes"]!.AsArray());
    }

    [Fact]
    public async Task ValidateCountsRowsThatRepeatAnEarlierRowExactly()
    {
        // An export without order ids that repeats rows: nothing rejects them, so the count is the analyst's only warning.
        var path = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\nc1,2024-01-05 10:00:00,10\nc1,2024-01-05 10:00:00,10\nc1,2024-01-05 11:00:00,10\nc2,2024-01-05 10:00:00,10\nc1,2024-01-05 10:00:00,10\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  identical rows: 2 (same customer, timestamp, amount and order id as an earlier row", output);
        Assert.DoesNotContain("customers with only returns", output);
    }

    [Fact]
    public async Task ValidateSaysWhichCustomersOnlyReturnedSomethingAndHowTheyAreScored()
    {
        var path = Path.Combine(_temp, "returns.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\nc1,2024-01-05,10\nc2,2024-01-06,-12.5\nc2,2024-02-01,-3\nc3,2024-01-07,8\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);
        var (_, json) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  customers with only returns: 1 (their purchases predate the file: scoring places them as lapsed, with a win-back offer, not as prospects)", output);
        Assert.Equal(1, (long)JsonNode.Parse(json)!["transactions"]!["returnsOnlyCustomers"]!);
    }

    [Fact]
    public async Task ValidateWarnsThatIdsWrittenWithAndWithoutADecimalPointSplitCustomersInTwo()
    {
        // Nothing is rejected, so the warning is the analyst's only sign that 13085 and 13085.0 count as two customers.
        var path = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\n13085.0,2024-01-05,10\n13085,2024-02-01,4.5\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  2 customers", output);
        Assert.Contains("  warning: 1 customer id is written both as a whole number and with a decimal point ('13085' and '13085.0')", output);
    }

    [Fact]
    public async Task ValidateDoesNotCountFurtherLinesOfOneOrderAsSameDayRepeatPurchases()
    {
        // Order o1 has three lines; c1's second order o3 on the same day is the one same-day repeat purchase.
        var path = Path.Combine(_temp, "lines.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount,order_id\nc1,2024-01-05 10:00:00,10,o1\nc1,2024-01-05 10:00:00,4,o1\nc1,2024-01-05 10:00:00,2,o1\n" +
            "c2,2024-01-06 10:00:00,20,o2\nc1,2024-01-05 17:00:00,8,o3\n");
        var spec = Path.Combine(_temp, "lines.json");
        File.WriteAllText(spec, """{ "kind": "transactions", "uniqueOrderIds": false }""");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--source", spec);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  same-day repeat purchases: 3 (transactions on a day the customer had already bought; 2 of them are further lines of an order already seen that day, so 1 is a further order)", output);
        // Orders of 16, 20 and 8 (o1's three lines summed); lines of 10, 4, 2, 20 and 8.
        Assert.Contains("  median order: 16.00 (an order's lines summed; median line 8.00)", output);
    }

    [Fact]
    public async Task ValidateSaysIdenticalLinesOfOneOrderAreFineInAFileOfOrderLines()
    {
        // Two lines of order o1 at the same price: a line-item export holds them by design.
        var path = Path.Combine(_temp, "lines.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount,order_id\nc1,2024-01-05 10:00:00,10,o1\nc1,2024-01-05 10:00:00,10,o1\nc2,2024-01-06 10:00:00,20,o2\n");
        var spec = Path.Combine(_temp, "lines.json");
        File.WriteAllText(spec, """{ "kind": "transactions", "uniqueOrderIds": false }""");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--source", spec);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  identical rows: 1 (same customer, timestamp, amount and order id as an earlier row: in a file of order lines that is two lines of one order at the same amount, which is fine", output);
    }

    [Fact]
    public async Task ValidateNamesTheSpecThatCountsPurchasesWhenMostAmountsAreZero()
    {
        var path = Path.Combine(_temp, "events.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\nc1,2024-01-05,0\nc1,2024-02-05,0\nc2,2024-01-06,0\nc2,2024-03-06,12.5\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("note: at least half of the purchase days have an amount of 0", output);
        Assert.Contains("\"computed\": { \"amount\": { \"factor\": 1 } }", output);
    }

    [Fact]
    public async Task ValidateNamesAStatusColumnWhoseFailedOrdersWouldCountAsPurchases()
    {
        // Stripe's payments export: failed charges carry their amount like paid ones; a product column is no status.
        var path = Path.Combine(_temp, "payments.csv");
        var rows = Enumerable.Range(0, 40).Select(i => $"c{i % 7},2024-01-{1 + i % 28:00},{10 + i},{(i % 10 == 3 ? "Failed" : i % 10 == 5 ? "Refunded" : "Paid")},product {i}");
        File.WriteAllText(path, "customer_id,timestamp,amount,Status,Description\n" + string.Join("\n", rows) + "\n");
        var spec = Path.Combine(_temp, "paid.json");
        File.WriteAllText(spec, """{ "exclude": { "Status": ["Failed", "Refunded"] } }""");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);
        var (_, json) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--json");
        var (_, excluded) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--source", spec);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  warning: column 'Status' says some orders did not go through: 'Failed' (4 rows), 'Refunded' (4 rows); they count as purchases at their amounts unless a source spec leaves them out: \"exclude\": { \"Status\": [\"Failed\", \"Refunded\"] } (its other values: 'Paid' 32)", output);
        Assert.DoesNotContain("'Description'", output);
        var status = Assert.Single(System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("transactions").GetProperty("statusColumns").EnumerateArray());
        Assert.Equal("Status", status.GetProperty("column").GetString());
        // The spec the warning names leaves them out, and the column is then no longer called out.
        Assert.Contains("32 rows loaded, 0 rejected, 8 left out by the spec's \"exclude\"", excluded);
        Assert.DoesNotContain("did not go through", excluded);
    }

    [Fact]
    public async Task ValidateNamesACurrencyColumnWithMoreThanOneCurrency()
    {
        var path = Path.Combine(_temp, "charges.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount,Currency\nc1,2024-01-05,10,usd\nc2,2024-01-06,20,eur\nc3,2024-01-07,30,usd\n");
        var single = Path.Combine(_temp, "charges-usd.csv");
        File.WriteAllText(single, "customer_id,timestamp,amount,Currency\nc1,2024-01-05,10,usd\nc3,2024-01-07,30,usd\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);
        var (_, one) = await Cli.RunCombinedAsync("validate", "--transactions", single);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  warning: column 'Currency' holds 2 currencies, 'usd' (2 rows), 'eur' (1 row), and their amounts are summed as one: convert them to one currency in the export, or keep one with a source spec's \"exclude\": { \"Currency\": [\"eur\"] }", output);
        Assert.DoesNotContain("currencies", one);
    }

    [Fact]
    public async Task ValidateNamesBuyersWhoseProfileIsWrittenInAnotherLetterCase()
    {
        // The shop's orders and its customers export write the same email address two ways.
        var orders = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(orders, "customer_id,timestamp,amount\nann@example.com,2024-01-05,10\nbob@example.com,2024-02-05,20\n");
        var customers = Path.Combine(_temp, "customers.csv");
        File.WriteAllText(customers, "customer_id,channel\nAnn@Example.com,email\nbob@example.com,organic\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", orders, "--customers", customers);
        var (_, json) = await Cli.RunCombinedAsync("validate", "--transactions", orders, "--customers", customers, "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  warning: 1 of them match a customer here but for letter case ('Ann@Example.com' and 'ann@example.com'): ids are compared exactly, so those buyers get no profile; a source spec with \"caseInsensitiveIds\": true for both files reads every id in lower case", output);
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("customers").GetProperty("missingMatchInAnotherCase").GetInt32());
    }

    [Fact]
    public async Task ValidateSaysWhereAnOrderExportsCustomerColumnsAreRead()
    {
        // A shop's order export: the billing zip, country and marketing consent ride on each order, and are not read there.
        var path = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount,Billing Zip,BillingCountry,Accepts Marketing,Financial Status,Lineitem name\nc1,2024-01-05,30,10472,US,yes,paid,Mug\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  note: Billing Zip, BillingCountry, Accepts Marketing describe the customer, and a transactions file is read for its orders: a postal code, channel or device among them can be mapped in its source spec", output);
        Assert.Null(CustomerValue.Training.Commands.ValidateCommand.CustomerColumnsNote(["Financial Status", "Lineitem name", "Usage", "Percentage"]));
    }

    [Fact]
    public async Task ValidateTellsAnOrdersFurtherLinesReadAsZeroFromPurchasesOfNothing()
    {
        // An order export read with blank totals as 0: most rows are 0, yet every purchase day carries its order's total.
        var path = Path.Combine(_temp, "lines.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\nc1,2024-01-05T10:00:00,30\nc1,2024-01-05T10:00:00,0\nc1,2024-01-05T10:00:00,0\n"
            + "c2,2024-01-06T11:00:00,12.5\nc2,2024-01-06T11:00:00,0\nc2,2024-02-01,0\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);
        var (_, json) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  zero amounts: 4 rows: 3 on a day the customer also has a row with an amount, so they add no purchase: further lines of an order whose amount stands on another line, or items given free; 1 on 1 day of their own (a day with nothing else is a purchase day", output);
        Assert.DoesNotContain("at least half of the purchase days", output);
        var transactions = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("transactions");
        Assert.Equal((3, 1), (transactions.GetProperty("zeroAmountRowsBesideAmounts").GetInt32(), transactions.GetProperty("zeroAmountDays").GetInt32()));
    }

    [Fact]
    public async Task ValidateWarnsWhenNoCustomerIsInBothFiles()
    {
        var orders = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(orders, "customer_id,timestamp,amount\nC1,2024-01-05,10\nC2,2024-02-05,20\n");
        var crm = Path.Combine(_temp, "crm.csv");
        File.WriteAllText(crm, "customer_id,device\nX1,ios\nX2,android\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", orders, "--customers", crm);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("warning: no customer is in both files, so their ids are written differently", output);
        Assert.DoesNotContain("holds the ids of", output);
    }

    [Fact]
    public async Task ValidateCountsASubscriptionExportsCustomersWithoutAChurnDateAsStillThere()
    {
        var export = Path.Combine(_temp, "export.csv");
        File.WriteAllText(export, "customer_id,signup_date,churn_date,mrr\nc1,2024-01-05,2024-06-01,19\nc2,2024-02-05,,49\nc3,2024-03-05,,19\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--customers", export);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("churn labels: 1 churned (a churn_date), 2 without one: still customers, as cvml train reads them (the file gives churn dates and no churned column)", output);
    }

    [Fact]
    public async Task ValidateWarnsOfOrdersWhoseTotalRowStandsBesideTheirLines()
    {
        var sales = Path.Combine(_temp, "sales.csv");
        var csv = new System.Text.StringBuilder("Date,Receipt,Line Type,Customer,Total\n");
        for (var r = 1; r <= 12; r++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"2024-01-{r:00},{r},Sale,C{r % 3},{10 + r + 5 + r:0.00}\n2024-01-{r:00},{r},Sale Line,C{r % 3},{10 + r:0.00}\n2024-01-{r:00},{r},Sale Line,C{r % 3},{5 + r:0.00}\n");
        File.WriteAllText(sales, csv.ToString());
        var spec = Path.Combine(_temp, "sales.json");
        File.WriteAllText(spec, """{ "mapping": { "customer_id": "Customer", "timestamp": "Date", "amount": "Total", "order_id": "Receipt" }, "uniqueOrderIds": false }""");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", sales, "--source", spec);
        var (_, json, _) = await Cli.RunAsync("validate", "--transactions", sales, "--source", spec, "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("warning: in 12 of the 12 orders of three rows with amounts or more, one row's amount is the sum of the others'", output);
        Assert.Contains("\"exclude\": { \"Line Type\": [\"Sale\"] }", output);
        var totals = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("transactions").GetProperty("orderTotals");
        Assert.Equal(12, totals.GetProperty("ordersWithTotalRow").GetInt32());
        Assert.Equal("Sale", totals.GetProperty("exclude").GetProperty("value").GetString());
    }

    [Fact]
    public async Task ValidateNamesTheCustomersFilesColumnThatHoldsTheTransactionsIds()
    {
        var orders = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(orders, "customer_id,timestamp,amount\nann@example.com,2024-01-05,10\nbob@example.com,2024-02-05,20\nbob@example.com,2024-03-05,20\n");
        var crm = Path.Combine(_temp, "crm.csv");
        File.WriteAllText(crm, "customer_id,Email,Total Orders\n7001,ann@example.com,1\n7002,bob@example.com,2\n7003,cy@example.com,0\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", orders, "--customers", crm);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("warning: the customers file's column 'Email' holds the ids of 2 customers in the transactions: read it as the id with a source spec for the customers file (--customers-source) with \"mapping\": { \"customer_id\": \"Email\" }", output);
        var (_, json, _) = await Cli.RunAsync("validate", "--transactions", orders, "--customers", crm, "--json");
        var idColumn = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("customers").GetProperty("idColumn");
        Assert.Equal(("Email", 2), (idColumn.GetProperty("column").GetString(), idColumn.GetProperty("matches").GetInt32()));
    }

    [Fact]
    public async Task ValidateCountsTheRowsTheSpecLeavesOut()
    {
        var path = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount,status\nc1,2024-01-05,10,delivered\nc1,2024-02-05,20,canceled\nc2,2024-01-06,5,delivered\n");
        var spec = Path.Combine(_temp, "orders.json");
        File.WriteAllText(spec, """{ "kind": "transactions", "exclude": { "status": ["canceled"] } }""");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--source", spec);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  2 rows loaded, 0 rejected, 1 left out by the spec's \"exclude\", 3 read", output);
    }

    [Fact]
    public async Task ValidateCountsZeroAmountsWhichCountAsPurchasesOnADayOfTheirOwn()
    {
        // A billing export: a failed attempt (0.00) the evening before the charge that went through.
        var path = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\ns1,2024-01-04T23:50:00,0.00\ns1,2024-01-05T00:10:00,9.99\ns2,2024-01-05,9.99\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);
        var (_, json) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  zero amounts: 1 row (a day with nothing else is a purchase day, as a free order is; if they are failed payments, trials or cancelled orders, leave them out of the export, or with a source spec's \"exclude\" on a status column)", output);
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("transactions").GetProperty("zeroAmountRows").GetInt32());
    }

    [Fact]
    public async Task ValidateCallsOutOneCustomerHoldingAnOutsizedShareOfTheRows()
    {
        // Guest checkouts exported under one placeholder id: 200 of 1,200 rows, among 1,001 customers.
        var path = Path.Combine(_temp, "orders.csv");
        var rows = Enumerable.Range(0, 1000).Select(i => $"c{i},2024-01-{1 + i % 28:00},10")
            .Concat(Enumerable.Range(0, 200).Select(i => $"guest,2024-02-{1 + i % 28:00},25"));
        File.WriteAllLines(path, ["customer_id,timestamp,amount", .. rows]);

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  largest customer: guest, 200 rows (16.7%), 5000.00 (33.3% of the net total)", output);
        Assert.Contains("  warning: one customer holds 16.7% of the rows, 167 times the mean customer's: a placeholder id (guest checkouts, 0, unknown)", output);
    }

    [Fact]
    public async Task ValidateNamesARowWhoseAmountIsFarBeyondEveryOtherByLineAndShareOfTheTotal()
    {
        // Subscription charges of 29.00 and 49.00, and one of 1,000,000.00 typed for 100.00.
        var path = Path.Combine(_temp, "charges.csv");
        var rows = Enumerable.Range(0, 1000).Select(i => $"s{i % 100},2024-{1 + (i / 100):00}-{1 + i % 28:00},{(i % 3 == 0 ? 49 : 29)}.00")
            .Append("s7,2024-11-05,1000000.00");
        File.WriteAllLines(path, ["customer_id,timestamp,amount", .. rows]);

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains($"  warning: {path}: 1 row has an amount in column 'amount' more than 100 times the file's 20th largest (49.00), 96.6% of the net total: line 1002: customer s7, 2024-11-05, 1000000.00.", output);
    }

    [Fact]
    public async Task ValidateDoesNotCallOutTheHeaviestBuyerOfARealBase()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--source", Cli.Spec("cdnow.json"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  largest customer: 1901, 56 rows (0.8%), 6552.70 (2.7% of the net total)", output);
        Assert.DoesNotContain("warning: one customer", output);
    }

    [Fact]
    public async Task ValidateAsksWhetherLargeWholeAmountsAreCents()
    {
        var cents = Path.Combine(_temp, "cents.csv");
        File.WriteAllText(cents, "customer_id,timestamp,amount\nc1,2024-01-05,10528\nc2,2024-01-06,4599\nc3,2024-01-06,129900\n");
        var units = Path.Combine(_temp, "units.csv");
        File.WriteAllText(units, "customer_id,timestamp,amount\nc1,2024-01-05,105.28\nc2,2024-01-06,4599\nc3,2024-01-06,1299\n");

        var (_, centsOutput) = await Cli.RunCombinedAsync("validate", "--transactions", cents);
        var (_, unitsOutput) = await Cli.RunCombinedAsync("validate", "--transactions", units);

        Assert.Contains("  note: every amount is a whole number and the median ticket is 10528: if they are cents", centsOutput);
        Assert.DoesNotContain("if they are cents", unitsOutput);
    }

    [Fact]
    public async Task ValidateWarnsWhenSomeTimestampsCarryAnOffsetAndOthersDoNot()
    {
        var mixed = Path.Combine(_temp, "mixed.csv");
        File.WriteAllText(mixed, "customer_id,timestamp,amount\nc1,2024-01-05T23:30:00-03:00,10\nc2,2024-01-05 23:30:00,10\nc3,2024-01-06T02:30:00Z,10\n");
        var utc = Path.Combine(_temp, "utc.csv");
        File.WriteAllText(utc, "customer_id,timestamp,amount\nc1,2024-01-05T23:30:00-03:00,10\nc3,2024-01-06T02:30:00Z,10\n");

        var (_, mixedOutput) = await Cli.RunCombinedAsync("validate", "--transactions", mixed);
        var (_, utcOutput) = await Cli.RunCombinedAsync("validate", "--transactions", utc);

        Assert.Contains("  warning: 2 timestamps carry a UTC offset and were read as UTC, 1 carry none and are kept as written", mixedOutput);
        Assert.DoesNotContain("carry a UTC offset", utcOutput);
    }

    [Fact]
    public async Task ValidateComparesTheCustomersFileWithTheTransactionsCustomers()
    {
        // The customers file lost the ids' leading zeros (a spreadsheet read them as numbers), the transactions file
        // wrote one id as a float (a dataframe column with blanks), one customer is missing and one never ordered.
        var transactions = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(transactions, "customer_id,timestamp,amount\n0042,2024-01-05,10\n0043,2024-01-06,5\nc9,2024-01-07,3\nc8,2024-01-07,3\n12346.0,2024-01-07,3\n");
        var customers = Path.Combine(_temp, "customers.csv");
        File.WriteAllText(customers, "customer_id,signup_date\n42,2024-01-01\n43,2024-01-01\nc9,2024-01-01\nc7,2024-01-01\n12346,2024-01-01\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", transactions, "--customers", customers);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("  with transactions: 1; without (prospects, scored with no history): 4", output);
        Assert.Contains("  customers in the transactions missing here: 4 (0042, 0043, 12346.0, c8; they get no profile", output);
        Assert.Contains("  warning: 3 of them match a customer here once leading zeros and a decimal '.0' are ignored", output);
    }

    [Fact]
    public async Task ValidateExitsWithOneAndListsErrorsAsFileLineColumnReason()
    {
        var path = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\nc1,2024-01-05,10\nc2,2024-01-06,ten\nc3,2024-01-0x,1\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"{path}:3: column 'amount': non-numeric amount 'ten'", output);
        Assert.Contains($"{path}:4: column 'timestamp': unparseable date '2024-01-0x'", output);
        Assert.Contains("2 of 3 rows rejected", output);
    }

    [Fact]
    public async Task WhenEveryRowIsRejectedValidatePointsAtTheSpecRatherThanAtSkipping()
    {
        var path = Path.Combine(_temp, "unix.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\nc1,1707609653,10\nc2,1710016679,5\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("2 of 2 rows rejected; every row was, so the file does not fit how it is read: see the reasons above and the source spec (docs/data.md)", output);
        Assert.Contains("give a source spec with \"dateFormats\": [\"unix-seconds\"]", output);
        Assert.DoesNotContain("--on-bad-row skip", output);
    }

    [Fact]
    public async Task ValidateWithSkipWritesTheDefaultQuarantineFileNextToTheInput()
    {
        var path = Path.Combine(_temp, "orders.csv");
        File.WriteAllText(path, "customer_id,timestamp,amount\nc1,2024-01-05,10\nc2,2024-01-06,ten\n");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", path, "--on-bad-row", "skip");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("1 rows loaded, 1 rejected, 2 read", output);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_temp, "orders.rejected.csv")).Length);
    }

    [Fact]
    public async Task ValidateRejectsABadSpecWithExitCodeOne()
    {
        var spec = Path.Combine(_temp, "bad.json");
        File.WriteAllText(spec, "{ \"delimiter\": ");

        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--transactions", Cli.Dataset("CDNOW_sample.txt"), "--source", spec);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"error: source spec {spec}: invalid JSON", output);
    }

    [Fact]
    public async Task ValidateAsOfCountsLaterRowsWithoutRejectingThem()
    {
        var (exitCode, output) = await Cli.RunCombinedAsync("validate", "--source", Cli.Spec("cdnow.json"), "--as-of", "1997-09-30", "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("\"rowsRejected\": 0", output);
        Assert.Contains("\"rowsAfterAsOf\": 1959", output);
    }
}
