using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Data;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml validate</c>: loads a transactions file (and optionally a customers file) the way
/// training would, and prints what it found, so a bad source is caught before a model is fit on it.
/// </summary>
public static class ValidateCommand
{
    static readonly Option<string?> TransactionsOption = new("--transactions")
    {
        Description = "Transactions file (contract format unless --source says otherwise); defaults to the path in --source",
    };

    static readonly Option<string?> CustomersOption = new("--customers")
    {
        Description = "Customers file (contract format unless --customers-source says otherwise)",
    };

    static readonly Option<string?> SourceOption = new("--source")
    {
        Description = "Source spec (JSON) mapping the transactions file onto the data contract",
    };

    static readonly Option<string?> CustomersSourceOption = new("--customers-source")
    {
        Description = "Source spec (JSON) mapping the customers file onto the data contract",
    };

    static readonly Option<string?> AsOfOption = new("--as-of")
    {
        Description = "Last day the data covers (yyyy-MM-dd); rows dated after it are counted, not rejected",
    };

    static readonly Option<int> HorizonOption = new("--horizon-days")
    {
        Description = "Without --as-of, the last rows stop the check when they sit more than this many days past the rest (as train and score do with their horizon)",
        DefaultValueFactory = _ => 365,
    };

    static readonly Option<string> OnBadRowOption = new Option<string>("--on-bad-row")
    {
        Description = "fail: stop and list the errors; skip: load the rest and write rejected rows to the quarantine file",
        DefaultValueFactory = _ => "fail",
    }.AcceptOnlyFromAmong("fail", "skip");

    static readonly Option<string?> QuarantineOption = new("--quarantine")
    {
        Description = "Where --on-bad-row skip writes rejected rows (default: next to the input, <name>.rejected.csv)",
    };

    static readonly Option<string?> WriteSourceOption = new("--write-source")
    {
        Description = "Write the source spec the transactions file's header suggests to this file (it must not exist yet), then validate with it",
    };

    static readonly Option<string?> WriteCustomersSourceOption = new("--write-customers-source")
    {
        Description = "Write the source spec the customers file's header suggests to this file (it must not exist yet), then validate with it",
    };

    static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print the summary as JSON",
    };

    /// <summary>
    /// A customer holding this share of the rows and this many times the mean customer's rows is called out. A heavy
    /// buyer of a real base stays well below both together (CDNOW: 0.8 % of the rows, 19 times the mean; the master
    /// file 73 times); one account among consumers does not (Olist with 4 % of its orders under one id: 3,600 times).
    /// </summary>
    const double LargestCustomerShare = 0.01;

    /// <summary>A median ticket of whole numbers from here may be cents (10,528 for Olist's 105.28).</summary>
    const double CentsMedianTicket = 1_000;
    const double LargestCustomerTimesMean = 100;

    static readonly JsonSerializerOptions JsonOutput = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <param name="clock">Where "today" comes from: rows dated after it are rejected as future dates.</param>
    public static Command Create(TimeProvider clock)
    {
        var command = new Command("validate", "Check a data source against the data contract and summarize it")
        {
            TransactionsOption, CustomersOption, SourceOption, CustomersSourceOption, QueryOptions.Transactions, QueryOptions.Customers,
            AsOfOption, HorizonOption, OnBadRowOption, QuarantineOption, WriteSourceOption, WriteCustomersSourceOption, JsonOption,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(parseResult, clock, cancellationToken)));
        return command;
    }

    static int Run(ParseResult parseResult, TimeProvider clock, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        bool json = parseResult.GetValue(JsonOption);
        var result = new Dictionary<string, object?>();
        try
        {
            var asOf = ParseAsOf(parseResult.GetValue(AsOfOption));
            // As scoring stops on it: a day that has not begun has no customers to describe.
            if (new LoadOptions { AsOf = asOf, Clock = clock }.AsOfProblem() is { } notADay)
                throw new InputException($"--as-of: {notADay}");
            var policy = parseResult.GetValue(OnBadRowOption) == "skip" ? BadRowPolicy.Skip : BadRowPolicy.Fail;
            // A spec written from a header is validated as if it had been given.
            var notes = json ? error : output;
            var sourcePath = WriteSuggestedSpec(parseResult, WriteSourceOption, SourceOption, TransactionsOption, FileKind.Transactions, notes, result, "sourceWritten");
            var customersSourcePath = WriteSuggestedSpec(parseResult, WriteCustomersSourceOption, CustomersSourceOption, CustomersOption, FileKind.Customers, notes, result, "customersSourceWritten");
            var transactionsSpec = SourceSpec.WithQuery(LoadSpec(sourcePath, FileKind.Transactions, "--source"),
                FileKind.Transactions, parseResult.GetValue(QueryOptions.Transactions));
            var customersSpec = SourceSpec.WithQuery(LoadSpec(customersSourcePath, FileKind.Customers, "--customers-source"),
                FileKind.Customers, parseResult.GetValue(QueryOptions.Customers));
            var transactionsPath = parseResult.GetValue(TransactionsOption) ?? transactionsSpec?.ResolvePath();
            var customersPath = parseResult.GetValue(CustomersOption) ?? customersSpec?.ResolvePath();
            if (transactionsPath is null && customersPath is null)
                throw new InputException("give --transactions and/or --customers (or a --source spec that names its file)");
            var quarantine = parseResult.GetValue(QuarantineOption);
            if (quarantine is not null && transactionsPath is not null && customersPath is not null)
                throw new InputException("--quarantine names one file; with both --transactions and --customers, leave it out and each gets <name>.rejected.csv");

            var horizon = parseResult.GetValue(HorizonOption);
            if (horizon < 1)
                throw new InputException($"--horizon-days {horizon} is not a number of days (1 or more)");
            DateOutliers? outliers = null, early = null;
            TransactionSummary? summary = null;
            LoadReport? transactionsReport = null;
            if (transactionsPath is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Without a customers file the first orders' postal codes, device and channel describe the customers, as training reads them.
                var options = new LoadOptions { AsOf = asOf, OnBadRow = policy, QuarantinePath = quarantine, Clock = clock, TallyUnusedColumns = true, DescribeCustomers = customersPath is null };
                var stream = new TransactionLoader(transactionsSpec, options).Stream(transactionsPath);
                summary = TransactionSummary.Of(stream, orderLines: transactionsSpec is { UniqueOrderIds: false });
                transactionsReport = stream.Report;
                outliers = stream.Report!.Dates is { Rows: > 0 } dates ? DateOutliers.Find(dates, horizon) : null;
                early = stream.Report!.Dates is { Rows: > 0 } allDates ? DateOutliers.FindEarly(allDates, horizon) : null;
                // Within the bulk: the days between it and a mistyped year are no gap of the business's.
                var coverage = outliers is not null && early is not null ? DateCoverage.Find(stream.Report!.Dates!, early.Bulk.First, outliers.Bulk.Last) : null;
                result["transactions"] = Describe(stream.Report!, summary, outliers, early, coverage);
                if (!json)
                    PrintTransactions(output, stream.Report!, summary, outliers, sourcePath, orderLines: transactionsSpec is { UniqueOrderIds: false });
                if (!json && early is { Found: true })
                    output.WriteLine($"  warning: {early.NoteEarly(SourceAddress.DisplayName(transactionsPath))}".Replace("\n", "\n  ", StringComparison.Ordinal));
                if (!json && coverage?.Explain(SourceAddress.DisplayName(transactionsPath), horizon) is { } thin)
                    output.WriteLine($"  warning: {thin}".Replace("\n", "\n  warning: ", StringComparison.Ordinal));
            }
            if (customersPath is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var options = new LoadOptions { AsOf = asOf, OnBadRow = policy, QuarantinePath = quarantine, Clock = clock };
                var table = new CustomerLoader(customersSpec, options).Load(customersPath);
                if (customersSpec?.Recurring?.ProblemIn(table.Schema) is { } recurringProblem)
                    throw new InputException($"{SourceAddress.DisplayName(customersPath)}: {recurringProblem}");
                var overlap = summary is null ? null : CustomerOverlap.Of(summary.CustomerIds, table);
                result["customers"] = Describe(table, overlap);
                if (!json)
                    PrintCustomers(output, table, overlap, customersSourcePath, customersSpec?.Recurring);
                // Far rows stop training as they stop this command; the screen would judge the wrong dates.
                if (table.Schema.Attributes.Count > 0 && !(outliers is { Found: true } && asOf is null))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (screen, notRun) = Screen(parseResult, transactionsPath, customersPath, sourcePath, customersSourcePath, horizon, policy, clock);
                    result["attributeScreen"] = screen is null ? new { notRun } : new { screen.Read, screen.Notes, screen.JudgedOn };
                    if (!json)
                        PrintScreen(output, screen, notRun);
                }
            }
            if (json)
                output.WriteLine(JsonSerializer.Serialize(result, JsonOutput));
            // With an explicit as-of date nothing is taken from the data's end, so far rows are only reported.
            if (outliers is { Found: true } && asOf is null)
            {
                error.WriteLine($"error: {outliers.Explain(SourceAddress.DisplayName(transactionsPath!), "--as-of")}");
                return ExitCodes.BadInput;
            }
            // Training and scoring stop on a file that loads no transaction; so does its check.
            if (transactionsReport is { RowsLoaded: 0 } empty)
            {
                error.WriteLine($"error: {empty.NothingLoaded()}");
                return ExitCodes.BadInput;
            }
            return ExitCodes.Ok;
        }
        catch (DataLoadException e)
        {
            if (json)
            {
                result["error"] = Describe(e.Report);
                output.WriteLine(JsonSerializer.Serialize(result, JsonOutput));
            }
            PrintErrors(error, e.Report);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is SourceSpecException or InputException or IOException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// The attribute screen <c>cvml train</c> would run on these files at this horizon (likely leaks and identifiers it
    /// passes over), or why it could not be run: a history too short for the horizon is training's to report.
    /// </summary>
    static (AttributeScreenSummary? Screen, string? NotRun) Screen(ParseResult parseResult, string? transactionsPath, string customersPath,
        string? sourcePath, string? customersSourcePath, int horizon, BadRowPolicy policy, TimeProvider clock)
    {
        try
        {
            var screen = ModelTrainer.ScreenAttributes(new TrainingOptions
            {
                TransactionsPath = transactionsPath,
                CustomersPath = customersPath,
                SourceSpecPath = sourcePath,
                CustomersSourceSpecPath = customersSourcePath,
                TransactionsQuery = parseResult.GetValue(QueryOptions.Transactions),
                CustomersQuery = parseResult.GetValue(QueryOptions.Customers),
                HorizonDays = horizon,
                OnBadRow = policy,
                Clock = clock,
                ModelsDirectory = Path.GetTempPath(),
            });
            return (screen, null);
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message);
        }
    }

    static void PrintScreen(TextWriter output, AttributeScreenSummary? screen, string? notRun)
    {
        if (screen is null)
        {
            output.WriteLine($"  attribute screen: not run ({notRun})");
            return;
        }
        output.WriteLine($"  attribute screen ({screen.JudgedOn}):");
        output.WriteLine(screen.Read.Count == 0 ? "    no attribute would be read" : $"    read: {string.Join(", ", screen.Read)}");
        foreach (var note in screen.Notes)
            output.WriteLine($"    passed over: {note}");
    }

    static DateOnly? ParseAsOf(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new InputException($"--as-of '{text}' is not a date like 1998-06-30");

    /// <summary>
    /// With <paramref name="writeOption"/>, writes the spec the header of <paramref name="fileOption"/>'s file suggests and
    /// returns its path, saying so on <paramref name="notes"/>; else (or when the header names the contract's columns, or
    /// suggests nothing, which loading the file then reports) the path <paramref name="specOption"/> gave.
    /// </summary>
    static string? WriteSuggestedSpec(ParseResult parseResult, Option<string?> writeOption, Option<string?> specOption, Option<string?> fileOption,
        FileKind kind, TextWriter notes, Dictionary<string, object?> result, string resultKey)
    {
        var specPath = parseResult.GetValue(specOption);
        if (parseResult.GetValue(writeOption) is not { } target)
            return specPath;
        if (specPath is not null)
            throw new InputException($"{writeOption.Name} writes the spec a file's header suggests in place of {specOption.Name}: give one of them");
        if (parseResult.GetValue(fileOption) is not { } dataPath)
            throw new InputException($"{writeOption.Name} needs {fileOption.Name}: the file whose header it reads");
        if (SourceAddress.IsPostgres(dataPath))
            throw new InputException($"{writeOption.Name} reads a file's header; a query's columns are named in the query itself");
        if (File.Exists(target) || Directory.Exists(target))
            throw new InputException($"{writeOption.Name} {target}: the file exists; remove it or name another (a spec checked by hand is not overwritten)");
        var suggested = SuggestedSpec.For(dataPath, kind, out var fitsContract);
        var file = SourceAddress.DisplayName(dataPath);
        if (suggested is null)
        {
            notes.WriteLine(fitsContract
                ? $"{target} not written: the header of {file} names the data contract's columns, so no source spec is needed"
                : $"{target} not written: the header of {file} suggests no source spec (the check below says what it lacks)");
            return null;
        }
        try
        {
            File.WriteAllText(target, suggested.ToFile(dataPath, target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{writeOption.Name} {target}: cannot be written: {e.Message}");
        }
        result[resultKey] = target;
        var next = kind == FileKind.Transactions ? "--source" : "--customers-source";
        notes.WriteLine($"wrote {target}: the source spec the header of {file} suggests{suggested.Note}; check it, then give it to train and score with {next} {target}");
        return target;
    }

    static SourceSpec? LoadSpec(string? path, FileKind kind, string option)
    {
        if (path is null)
            return null;
        var spec = SourceSpec.Load(path, kind);
        if (spec.Kind != kind)
            throw new InputException($"{option} {path} describes a {spec.Kind.ToString().ToLowerInvariant()} file; "
                + (kind == FileKind.Transactions ? "pass it with --customers-source" : "pass it with --source"));
        return spec;
    }

    static void PrintTransactions(TextWriter output, LoadReport report, TransactionSummary summary, DateOutliers? outliers, string? spec, bool orderLines)
    {
        output.WriteLine($"transactions: {report.File}{(spec is null ? " (data contract format)" : $" (source spec {spec})")}");
        PrintCounts(output, report);
        output.WriteLine(Invariant($"  {summary.Customers} customers"));
        if (summary.First is { } first && summary.Last is { } last)
            output.WriteLine(Invariant($"  date range: {first:yyyy-MM-dd} .. {last:yyyy-MM-dd}, covering {summary.SpanDays:0.##} days ({summary.SpanWeeks:0.0} weeks{(summary.WholeDays ? ", both ends included" : "")})"));
        if (summary.UtcTimestamps > 0 && summary.UtcTimestamps < summary.Transactions)
            output.WriteLine(Invariant($"  warning: {summary.UtcTimestamps} timestamps carry a UTC offset and were read as UTC, {summary.Transactions - summary.UtcTimestamps} carry none and are kept as written: if those are local times, orders near midnight fall on different days; export one or the other"));
        if (outliers is { Outliers: { } far } && summary.First is not null)
        {
            output.WriteLine(Invariant($"  bulk of the rows: {outliers.Bulk.First:yyyy-MM-dd} .. {outliers.Bulk.Last:yyyy-MM-dd} ({Rows(outliers.Bulk.Rows)})"));
            output.WriteLine(Invariant($"  far beyond the bulk (more than {outliers.GapDays} days after it): {far.First:yyyy-MM-dd} .. {far.Last:yyyy-MM-dd} ({Rows(far.Rows)})"));
        }
        output.WriteLine(Invariant($"  total amount: {summary.TotalAmount:0.00} (net of returns)"));
        output.WriteLine(summary.MedianOrder is { } order
            ? Invariant($"  median order: {order:0.00} (an order's lines summed; median line {summary.MedianTicket:0.00})")
            : Invariant($"  median ticket: {summary.MedianTicket:0.00}"));
        // Cents loaded as currency units make every value and total 100 times too large, and nothing else would say so.
        if (summary.WholeAmounts && summary.MedianTicket >= CentsMedianTicket)
            output.WriteLine(Invariant($"  note: every amount is a whole number and the median ticket is {summary.MedianTicket:0}: if they are cents, a source spec reads them as currency units with \"computed\": {{ \"amount\": {{ \"multiply\": [\"<column>\"], \"factor\": 0.01 }} }}"));
        var repeatShare = summary.Customers > 0 ? (double)summary.RepeatBuyers / summary.Customers : double.NaN;
        if (summary.Customers > 0)
            output.WriteLine(Invariant($"  repeat buyers: {summary.RepeatBuyers:N0} of {summary.Customers:N0} customers ({repeatShare:0.0%}) bought on two or more days"));
        if (repeatShare < TransactionSummary.FewRepeatBuyers)
            output.WriteLine(Invariant($"  warning: with {(summary.RepeatBuyers == 0 ? "no customer" : $"{repeatShare:0.0%} of the customers")} buying on two or more days, the value and churn models have almost no repeat purchases to learn from, and their ranking says little beyond the first order: check that a customer keeps one id across orders (an id per order, invoice or session makes every customer new), or give a longer history"));
        output.WriteLine(Invariant($"  same-day repeat purchases: {summary.SameDayRepeats} (transactions on a day the customer had already bought")
            // In a file of order lines nearly every such row is another line of one order, which is no second purchase.
            + (summary.SameDayOrderLines > 0 && summary.SameDayRepeats - summary.SameDayOrderLines is var orders
                ? Invariant($"; {summary.SameDayOrderLines} of them are further lines of an order already seen that day, so {orders} {(orders == 1 ? "is a further order" : "are further orders")})")
                : ")"));
        output.WriteLine(Invariant($"  identical rows: {summary.IdenticalRows}")
            + (summary.IdenticalRows == 0 ? ""
                // In a file of order lines, two lines of one order at one price are identical and both belong there.
                : orderLines ? " (same customer, timestamp, amount and order id as an earlier row: in a file of order lines that is two lines of one order at the same amount, which is fine; only if the export repeated rows do they count twice)"
                : " (same customer, timestamp, amount and order id as an earlier row: if the export repeated them, they count twice)"));
        if (summary.LargestCustomer is var (largestId, largestRows, largestAmount))
        {
            double rowShare = (double)largestRows / summary.Transactions;
            double amountShare = summary.TotalAmount > 0 ? (double)(largestAmount / summary.TotalAmount) : 0;
            output.WriteLine(Invariant($"  largest customer: {largestId}, {largestRows} rows ({rowShare:0.0%}), {largestAmount:0.00} ({amountShare:0.0%} of the net total)"));
            double timesMean = largestRows / ((double)summary.Transactions / summary.Customers);
            if (rowShare >= LargestCustomerShare && timesMean >= LargestCustomerTimesMean)
                output.WriteLine(Invariant($"  warning: one customer holds {rowShare:0.0%} of the rows, {timesMean:0} times the mean customer's: a placeholder id (guest checkouts, 0, unknown) would be scored as one customer, and one account this size moves every total a model is judged on; check it, or leave it out of the file (if '{largestId}' means no customer, a source spec with \"nullValues\": [\"{largestId}\"] rejects its rows as missing customer id)"));
        }
        if (report.Amounts?.Explain(summary.TotalAmount) is { } farAmounts)
            output.WriteLine($"  warning: {farAmounts}");
        // With rejected rows the hint, which holds this note, is printed after them.
        if (report.IdsWrittenTwoWaysNote is { } twoWays && report.QuarantinePath is null)
            output.WriteLine($"  warning: {twoWays}");
        if (report.IdsInAnotherCaseNote is { } otherCase && report.QuarantinePath is null)
            output.WriteLine($"  warning: {otherCase}");
        if (report.SpreadsheetDigits?.Explain() is { } digits && report.QuarantinePath is null)
            output.WriteLine($"  warning: {digits}");
        if (report.PostalCodesNote is { } postal && report.QuarantinePath is null)
            output.WriteLine($"  warning: the first orders' postal codes describe the customers without a customers file, and {char.ToLowerInvariant(postal[0])}{postal[1..]}");
        output.WriteLine(Invariant($"  returns: {summary.Returns} rows, {summary.ReturnedAmount:0.00}"));
        if (summary.ZeroAmountRows > 0)
            output.WriteLine(ZeroAmountsLine(summary));
        // Free orders are real, but when they are most purchase days the file is more likely events without values, and
        // every value model would learn from nothing. Lines of 0 beside an order's amount on the same day are no such days.
        if (summary.ZeroAmountDays * 2 >= summary.CustomerDays && summary.CustomerDays > 0)
            output.WriteLine("  note: at least half of the purchase days have an amount of 0, so value models have little to learn from: if the file holds purchase events without values, a source spec with \"computed\": { \"amount\": { \"factor\": 1 } } counts each as 1 (docs/data.md)");
        output.WriteLine(Invariant($"  customers with negative net spend: {report.NegativeNetCustomers.Count}")
            + (report.NegativeNetCustomers.Count == 0 ? "" : " (" + string.Join(", ", report.NegativeNetCustomers.Take(10).Select(c => Invariant($"{c.CustomerId} {c.NetAmount:0.00}")))
                + (report.NegativeNetCustomers.Count > 10 ? ", …" : "") + ")"));
        if (report.ReturnsOnlyCustomers > 0)
            output.WriteLine(Invariant($"  customers with only returns: {report.ReturnsOnlyCustomers} (their purchases predate the file: scoring places them as lapsed, with a win-back offer, not as prospects)"));
        if (report.IgnoredColumns.Count > 0)
        {
            output.WriteLine($"  unused columns: {string.Join(", ", report.IgnoredColumns)}");
            if (CustomerColumnsNote(report.IgnoredColumns) is { } customerColumns)
                output.WriteLine($"  note: {customerColumns}");
        }
        foreach (var status in report.StatusColumns)
            output.WriteLine($"  warning: {status.Explain()}");
        if (report.OrderTotals is { } orderTotals)
            output.WriteLine($"  warning: {orderTotals.Explain()}");
        if (report.ReturnsHolder is { } holder)
            output.WriteLine($"  warning: {holder.Explain()}");
        foreach (var refunds in report.RefundKinds)
            output.WriteLine($"  warning: {refunds.Explain()}");
        if (report.RefundEventsLeftOutNote is { } refundEvents)
            output.WriteLine($"  warning: {refundEvents}");
        if (report.Currencies is { } currencies)
            output.WriteLine($"  warning: {currencies.Explain()}");
        PrintBlanksAndQuarantine(output, report);
    }

    /// <summary>
    /// The rows of 0, told apart by day: alone on a customer's day they make a purchase day, as a free order does (or a
    /// failed payment would); beside a row with an amount they add nothing, as an order's further lines read as 0 do.
    /// </summary>
    internal static string ZeroAmountsLine(TransactionSummary summary)
    {
        const string OwnDay = "a day with nothing else is a purchase day, as a free order is; if they are failed payments, trials or cancelled orders, leave them out of the export, or with a source spec's \"exclude\" on a status column";
        const string Beside = "on a day the customer also has a row with an amount, so they add no purchase: further lines of an order whose amount stands on another line, or items given free";
        var beside = summary.ZeroAmountRowsBesideAmounts;
        var alone = summary.ZeroAmountRows - beside;
        return beside == 0 ? Invariant($"  zero amounts: {summary.ZeroAmountRows} {RowWord(summary.ZeroAmountRows)} ({OwnDay})")
            : alone == 0 ? Invariant($"  zero amounts: {summary.ZeroAmountRows} {RowWord(summary.ZeroAmountRows)}, every one {Beside}")
            : Invariant($"  zero amounts: {summary.ZeroAmountRows} rows: {beside} {Beside}; {alone} on {summary.ZeroAmountDays} {(summary.ZeroAmountDays == 1 ? "day" : "days")} of their own ({OwnDay})");
    }

    static string RowWord(long n) => n == 1 ? "row" : "rows";

    /// <summary>Words in a column name that say it describes the customer rather than the order.</summary>
    static readonly string[] CustomerWords =
        ["zip", "postal", "postcode", "plz", "cep", "country", "city", "state", "province", "region", "gender", "age", "birth",
         "marketing", "newsletter", "signup", "segment", "loyalty"];

    /// <summary>
    /// A transactions file's unused columns that describe the customer (an order export's billing zip, country or
    /// marketing consent): a transactions file carries no profile, so say where those columns are read from.
    /// </summary>
    internal static string? CustomerColumnsNote(IReadOnlyList<string> unused)
    {
        var describing = unused.Where(column => ColumnWords.Of(column).Any(word => CustomerWords.Contains(word))).ToList();
        return describing.Count == 0 ? null
            : $"{string.Join(", ", describing)} {(describing.Count == 1 ? "describes" : "describe")} the customer, and a transactions file is read for its orders: " +
              "a postal code, channel or device among them can be mapped in its source spec (\"postal_code\", \"channel\", \"device\"), and without a customers file each customer's are those of their first purchase; " +
              "a customers file (--customers, one row per customer: customer_id, postal_code, channel, device, newsletter, signup_date and any further columns as attributes) " +
              "carries the rest into the models, where they describe new customers too (docs/data.md)";
    }

    /// <param name="recurring">The spec's recurring charge: no hint to add one, and a warning when the file mixes billing intervals it does not read.</param>
    static void PrintCustomers(TextWriter output, CustomerTable table, CustomerOverlap? overlap, string? spec, RecurringCharge? recurring)
    {
        var report = table.Report;
        output.WriteLine($"customers: {report.File}{(spec is null ? " (data contract format)" : $" (source spec {spec})")}");
        PrintCounts(output, report);
        output.WriteLine(Invariant($"  {report.Customers} customers") + (report.CombinedRows > 0 ? " " + CombinedNote(report) : ""));
        if (overlap is not null)
        {
            output.WriteLine(Invariant($"  with transactions: {overlap.Matched}; without (prospects, scored with no history): {overlap.WithoutTransactions}"));
            output.WriteLine(Invariant($"  customers in the transactions missing here: {overlap.MissingHere.Count}")
                + (overlap.MissingHere.Count == 0 ? ""
                    : $" ({string.Join(", ", overlap.MissingHere.Take(5))}{(overlap.MissingHere.Count > 5 ? ", …" : "")}; they get no profile: attributes missing)"));
            if (overlap.Matched == 0 && overlap.MissingHere.Count > 0 && table.Customers.Count > 0)
                output.WriteLine("  warning: no customer is in both files, so their ids are written differently: cvml train stops on this, and cvml score would score every row here as a prospect and every buyer without a profile");
            if (overlap.IdColumn is { } idColumn)
                output.WriteLine($"  warning: {CustomerProfiles.IdColumnHint(idColumn)}");
            if (overlap.MatchWithoutLeadingZeros > 0)
                output.WriteLine(Invariant($"  warning: {overlap.MatchWithoutLeadingZeros} of them match a customer here once leading zeros and a decimal '.0' are ignored ('0042', '42' and '42.0'): ids are compared exactly, so one of the files wrote them as numbers (a spreadsheet drops the zeros; a dataframe column of ids with blanks in it is written as 42.0, which a source spec with \"wholeNumberIds\": true for that file reads as 42)"));
            if (overlap.MatchInAnotherCase > 0)
                output.WriteLine(Invariant($"  warning: {overlap.MatchInAnotherCase} of them match a customer here but for letter case ('Ann@Example.com' and 'ann@example.com'): ids are compared exactly, so those buyers get no profile; a source spec with \"caseInsensitiveIds\": true for both files reads every id in lower case"));
        }
        output.WriteLine(overlap is null && table.ChurnDatesOnly
            ? Invariant($"  churn labels: {table.Churned} churned (a {ContractFields.ChurnDate}), {table.Unlabeled} without one: still customers, as cvml train reads them (the file gives churn dates and no {ContractFields.Churned} column)")
            : Invariant($"  churn labels: {table.Churned} churned, {table.NotChurned} not churned, {table.Unlabeled} unlabeled"));
        if (overlap is null && table.Customers.Count > 0 && !table.HasChurnLabels)
            output.WriteLine("  warning: no customer has a churn label, and cvml train on this file alone (no --transactions) learns churn from it and stops without one"
                + (table.ChurnLabelHint() is { Length: > 0 } hint ? $". {hint}" : ""));
        if (overlap is null && recurring is null && table.RecurringHint() is { Length: > 0 } valuing)
            output.WriteLine($"  hint: {valuing}");
        if (table.NeverStartedNote() is { } neverStarted)
            output.WriteLine($"  warning: {neverStarted}");
        if (table.StrippedZerosNote() is { } zeros)
            output.WriteLine($"  warning: {zeros}");
        if (table.AtRiskStatusNote(recurring) is { } atRisk)
            output.WriteLine($"  warning: {atRisk}");
        if (recurring?.MixedIntervals(table) is { } mixed)
            output.WriteLine($"  warning: {mixed}");
        if (recurring?.UnreadIntervalCount(table) is { } count)
            output.WriteLine($"  warning: {count}");
        if (recurring is not null && RecurringLine(recurring, table) is { } paying)
            output.WriteLine(paying);
        PrintBlanksAndQuarantine(output, report);
        output.WriteLine(Invariant($"  attributes ({table.Schema.Attributes.Count}):"));
        int width = table.Schema.Attributes.Select(a => a.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var a in table.Schema.Attributes)
            output.WriteLine(Invariant($"    {a.Name.PadRight(width)}  {(a.Type == AttributeType.Numeric ? "numeric    " : "categorical")}  {a.Missing} missing{(a.Inferred ? "" : " (type set by spec)")}"));
    }

    /// <summary>How the rows of a file of one row per subscription became its customers, in brackets.</summary>
    internal static string CombinedNote(LoadReport report) =>
        Invariant($"(one row per subscription: the {report.CombinedRows + report.CombinedCustomers:N0} rows of the {report.CombinedCustomers:N0} {(report.CombinedCustomers == 1 ? "customer" : "customers")} with two or more are combined into one each)");

    /// <summary>
    /// What the customers still there pay per billing period as the spec reads their charges: the figure a billing
    /// system's dashboard shows as monthly recurring revenue, so a charge read per the wrong interval (a yearly plan as
    /// a month's, a quarterly one per month, cents as currency units) shows as a total several times too large.
    /// </summary>
    internal static string? RecurringLine(RecurringCharge recurring, CustomerTable table)
    {
        var staying = table.Customers.Where(c => c.Churned != true && c.ChurnDate is null).ToList();
        if (staying.Count == 0)
            return null;
        var charges = staying.Select(c => recurring.ChargeOf(c.Attributes)).ToList();
        var read = charges.Where(c => double.IsFinite(c) && c > 0).ToList();
        var period = RecurringCharge.NameOf(recurring.Period);
        return Invariant($"  recurring: the {staying.Count:N0} {(staying.Count == 1 ? "customer still there (not labelled churned, no churn date) pays" : "customers still there (not labelled churned, no churn date) pay")} {read.Sum():N2} a {period} as the spec reads their charges ({recurring.Description}")
            + (read.Count > 0 ? Invariant($"; median {MathNet.Numerics.Statistics.Statistics.Median(read):N2}") : "")
            + "): compare it with what the billing system reports as recurring revenue"
            + (read.Count < staying.Count ? Invariant($"; {staying.Count - read.Count:N0} of them have no charge above 0 the spec can read, and are valued at 0") : "");
    }

    static void PrintCounts(TextWriter output, LoadReport report)
    {
        output.WriteLine(Invariant($"  {report.RowsLoaded} rows loaded, {report.RowsRejected} rejected, ")
            + (report.RowsExcluded > 0 ? Invariant($"{report.RowsExcluded} left out by the spec's {report.LeftOutBy}, ") : "")
            + Invariant($"{report.RowsRead} read"));
        if (report.AsOf is { } asOf)
            output.WriteLine(Invariant($"  as of {asOf:yyyy-MM-dd}: {report.RowsAfterAsOf} rows dated after it ({(report.Kind == FileKind.Transactions ? "training takes its labels from them, scoring leaves them out" : "a signup or churn date after it")})"));
    }

    static void PrintBlanksAndQuarantine(TextWriter output, LoadReport report)
    {
        foreach (var blank in report.BlankValues)
            output.WriteLine(Invariant($"  blank {blank.Column}: {blank.Count} rows, read as {(blank.Rule == BlankValueRule.Zero ? "0" : "missing")}"));
        if (report.QuarantinePath is { } quarantine)
        {
            output.WriteLine(Invariant($"  {report.RowsRejected} rejected rows written to {quarantine}"));
            foreach (var e in report.Errors)
                output.WriteLine($"    {e}");
            if (report.Hint is { } hint)
                output.WriteLine($"  {hint.Replace(Environment.NewLine, Environment.NewLine + "  ", StringComparison.Ordinal)}");
        }
    }

    static void PrintErrors(TextWriter error, LoadReport report)
    {
        foreach (var e in report.Errors)
            error.WriteLine(e.ToString());
        if (report.RowsRejected > 0)
            error.WriteLine(Invariant($"{report.RowsRejected} of {report.RowsRead} rows rejected{(report.RowsRejected > report.Errors.Count ? $" (first {report.Errors.Count} shown)" : "")}; ")
                // Every row rejected: skipping would load nothing, so the way out is the spec, which the reasons above name.
                + (report.RowsRejected >= report.RowsRead ? "every row was, so the file does not fit how it is read: see the reasons above and the source spec (docs/data.md)"
                    : report.SwappedDates > 0 ? "skipping them would load the rest misdated: see below"
                    : "--on-bad-row skip loads the rest and quarantines these"));
        if (report.Hint is { } hint)
            error.WriteLine(hint);
    }

    static Dictionary<string, object?> Describe(LoadReport report, TransactionSummary summary, DateOutliers? outliers, DateOutliers? early, DateCoverage? coverage)
    {
        var result = Describe(report);
        if (coverage is not null)
        {
            result["thinDays"] = coverage.Runs.Select(r => new
            {
                first = r.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), last = r.Last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                rows = r.Rows, expectedRows = Math.Round(r.Expected, 1), atEnd = r.AtEnd,
            }).ToList();
            result["crowdedDay"] = coverage.Crowded is { } crowded
                ? new { date = crowded.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows = crowded.Rows, share = Math.Round(crowded.Share, 4), usualRows = crowded.UsualRows }
                : null;
        }
        if (outliers is not null)
        {
            result["bulk"] = Describe(outliers.Bulk);
            result["outliers"] = outliers.Outliers is { } far ? Describe(far) : null;
            result["outlierRows"] = NamedRows(outliers);
            result["outlierGapDays"] = outliers.GapDays;
        }
        if (early is not null)
        {
            result["earlyOutliers"] = early.Outliers is { } head ? Describe(head) : null;
            result["earlyOutlierRows"] = NamedRows(early);
        }
        result["firstDate"] = summary.First?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        result["lastDate"] = summary.Last?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        result["spanDays"] = summary.SpanDays;
        result["spanWeeks"] = Math.Round(summary.SpanWeeks, 4);
        result["totalAmount"] = summary.TotalAmount;
        result["medianTicket"] = summary.MedianTicket;
        if (summary.MedianOrder is { } medianOrder)
            result["medianOrder"] = medianOrder;
        result["sameDayRepeatPurchases"] = summary.SameDayRepeats;
        result["sameDayOrderLines"] = summary.SameDayOrderLines;
        result["identicalRows"] = summary.IdenticalRows;
        result["wholeAmounts"] = summary.WholeAmounts;
        result["utcTimestamps"] = summary.UtcTimestamps;
        result["largestCustomer"] = summary.LargestCustomer is var (id, rows, amount) ? new { Id = id, Rows = rows, Amount = amount } : null;
        result["statusColumns"] = report.StatusColumns.Select(c => new Dictionary<string, object?>
        {
            ["column"] = c.Column,
            ["notThrough"] = c.NotThroughValues.Select(v => new { value = v.Value, rows = v.Rows }).ToList(),
            ["values"] = c.Values.Select(v => new { value = v.Value, rows = v.Rows }).ToList(),
        }).ToList();
        result["currencies"] = report.Currencies is { } currencies
            ? new { column = currencies.Column, values = currencies.Values.Select(v => new { value = v.Value, rows = v.Rows }).ToList() }
            : null;
        result["orderTotals"] = report.OrderTotals is { } totals
            ? new
            {
                ordersChecked = totals.OrdersChecked, ordersWithTotalRow = totals.OrdersWithTotalRow, amountInTotalRows = totals.AmountInTotalRows,
                exclude = totals.Exclude is { } e ? new { column = e.Column, value = e.Value } : null,
            }
            : null;
        result["refundKinds"] = report.RefundKinds.Select(k => new { column = k.Column, value = k.Value, positiveRows = k.PositiveRows, negativeRows = k.NegativeRows }).ToList();
        result["returnsHolder"] = report.ReturnsHolder is { } holder
            ? new
            {
                customerId = holder.CustomerId, column = holder.CustomerColumn, returns = holder.Returns, allReturns = holder.AllReturns, returnedAmount = holder.ReturnedAmount,
                otherParty = holder.OtherParty is var (column, named, sampled) ? new { column, named, sampled } : null,
            }
            : null;
        result["zeroAmountRows"] = summary.ZeroAmountRows;
        result["zeroAmountRowsBesideAmounts"] = summary.ZeroAmountRowsBesideAmounts;
        result["zeroAmountDays"] = summary.ZeroAmountDays;
        result["returns"] = summary.Returns;
        result["returnedAmount"] = summary.ReturnedAmount;
        result["negativeNetCustomers"] = report.NegativeNetCustomers;
        result["returnsOnlyCustomers"] = report.ReturnsOnlyCustomers;
        result["unusedColumns"] = report.IgnoredColumns;
        return result;
    }

    static IEnumerable<object> NamedRows(DateOutliers found) =>
        found.Named.Select(r => new { r.File, r.Line, r.Column, Date = r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

    static Dictionary<string, object?> Describe(CustomerTable table, CustomerOverlap? overlap)
    {
        var result = Describe(table.Report);
        if (overlap is not null)
        {
            result["withTransactions"] = overlap.Matched;
            result["withoutTransactions"] = overlap.WithoutTransactions;
            result["missingFromCustomers"] = overlap.MissingHere.Count;
            result["missingFromCustomersFirst"] = overlap.MissingHere.Take(20);
            result["missingMatchWithoutLeadingZeros"] = overlap.MatchWithoutLeadingZeros;
            result["missingMatchInAnotherCase"] = overlap.MatchInAnotherCase;
            if (overlap.IdColumn is { } idColumn)
                result["idColumn"] = new Dictionary<string, object?> { ["column"] = idColumn.Column, ["matches"] = idColumn.Matches };
        }
        result["churned"] = table.Churned;
        result["notChurned"] = table.NotChurned;
        result["unlabeled"] = table.Unlabeled;
        // A file alone is a churn table to train on, and without a label it cannot be: the column that looks like one.
        if (overlap is null && table.Customers.Count > 0 && !table.HasChurnLabels)
            result["churnLabelHint"] = table.ChurnLabelHint() is { Length: > 0 } hint ? hint : null;
        result["postalCodesShort"] = table.StrippedZerosNote();
        result["atRiskStatuses"] = table.AtRiskStatuses().Select(s => new { column = s.Column, value = s.Value, meaning = s.Meaning, customers = s.Customers }).ToList();
        result["attributes"] = table.Schema.Attributes.Select(a => new
        {
            a.Name, Type = a.Type.ToString().ToLowerInvariant(), a.Present, a.Missing, a.Inferred,
        });
        return result;
    }

    static object Describe(DateSpan span) => new
    {
        First = span.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Last = span.Last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        span.Rows,
    };

    static Dictionary<string, object?> Describe(LoadReport report) => new()
    {
        ["file"] = report.File,
        ["rowsRead"] = report.RowsRead,
        ["rowsLoaded"] = report.RowsLoaded,
        ["rowsRejected"] = report.RowsRejected,
        ["rowsExcluded"] = report.RowsExcluded,
        ["customers"] = report.Customers,
        ["combinedRows"] = report.CombinedRows,
        ["asOf"] = report.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["rowsAfterAsOf"] = report.AsOf is null ? null : report.RowsAfterAsOf,
        ["blankValues"] = report.BlankValues.Select(b => new { b.Column, b.Count, Rule = b.Rule.ToString().ToLowerInvariant() }),
        ["quarantine"] = report.QuarantinePath,
        ["errors"] = report.Errors.Select(e => new { e.File, e.Line, e.Column, e.Reason, e.Raw }),
        ["hint"] = report.Hint,
    };

    static string Rows(long count) => count == 1 ? "1 row" : Invariant($"{count} rows");

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    sealed class InputException(string message) : Exception(message);

    /// <summary>How the customers file and the transactions' customers line up; ids compare exactly, as the loaders keep them.</summary>
    sealed record CustomerOverlap(int Matched, int WithoutTransactions, IReadOnlyList<string> MissingHere, int MatchWithoutLeadingZeros, int MatchInAnotherCase)
    {
        /// <summary>A column of the customers file that holds more of the buyers' ids than its customer_id (<see cref="CustomerProfiles.IdColumn"/>).</summary>
        public (string Column, int Matches)? IdColumn { get; init; }

        public static CustomerOverlap Of(IReadOnlySet<string> transactionCustomers, CustomerTable table)
        {
            var profiles = table.Customers.Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal);
            int matched = profiles.Count(transactionCustomers.Contains);
            var missing = transactionCustomers.Where(id => !profiles.Contains(id)).Order(StringComparer.Ordinal).ToList();
            // A spreadsheet that read the ids as numbers turns 0042 into 42, and a dataframe whose id column has blanks
            // (a float column) writes 42 as 42.0, in one file only: say so rather than leave the analyst with thousands
            // of customers who silently lost their profiles.
            var unpadded = profiles.Where(id => !transactionCustomers.Contains(id)).Select(AsNumber).ToHashSet(StringComparer.Ordinal);
            int zeros = missing.Count(id => unpadded.Contains(AsNumber(id)));
            // An email typed with capitals in one system and without in the other: each file alone looks fine.
            var otherCase = profiles.Where(id => !transactionCustomers.Contains(id)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            int cased = missing.Count(otherCase.Contains);
            return new CustomerOverlap(matched, profiles.Count - matched, missing, zeros, cased)
            {
                IdColumn = missing.Count > 0 ? CustomerProfiles.IdColumn(table.Customers, transactionCustomers.Contains) : null,
            };
        }

        /// <summary>The id as a number would print it: no leading zeros, no decimal point followed by zeros only.</summary>
        static string AsNumber(string id)
        {
            int point = id.IndexOf('.');
            if (point > 0 && id.AsSpan(point + 1) is { Length: > 0 } decimals && !decimals.ContainsAnyExcept('0'))
                id = id[..point];
            return id.TrimStart('0') is { Length: > 0 } rest ? rest : "0";
        }
    }
}
