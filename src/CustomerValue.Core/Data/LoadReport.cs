using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Data;

/// <summary>
/// What a load read, kept, rejected and left out. <see cref="RowsRead"/> = <see cref="RowsLoaded"/> +
/// <see cref="RowsRejected"/> + <see cref="RowsExcluded"/> always: no row goes missing without a trace.
/// </summary>
public sealed class LoadReport
{
    internal LoadReport(string file, FileKind kind) => (File, Kind) = (file, kind);

    public string File { get; }

    /// <summary>
    /// Why training, scoring and their check stop on a source that loaded no row: <c>orders.csv: no transactions were
    /// loaded: the file holds no rows</c> (a header alone), the query returned none, or every row was rejected or left out.
    /// </summary>
    public string NothingLoaded() => RowsRead == 0
        ? $"{File}: no {Subject} were loaded: {(File.StartsWith("postgres:", StringComparison.Ordinal) ? "the query returned no rows" : "the file holds no rows")}"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{File}: no {Subject} were loaded: every one of its {RowsRead:N0} rows was rejected or left out");

    string Subject => Kind == FileKind.Customers ? "customers" : "transactions";

    public FileKind Kind { get; }

    /// <summary>Data rows read (the header and blank lines are not rows).</summary>
    public long RowsRead { get; internal set; }
    public long RowsLoaded { get; internal set; }
    public long RowsRejected { get; internal set; }

    /// <summary>Rows the source spec's <c>exclude</c> or <c>include</c> left out (a canceled order, an event that is no purchase): neither loaded nor bad.</summary>
    public long RowsExcluded { get; internal set; }

    /// <summary>The spec's keys that leave rows out, as messages name them: <c>"exclude"</c>, <c>"include"</c> or both.</summary>
    public string LeftOutBy { get; init; } = "\"exclude\"";

    /// <summary><see cref="LeftOutBy"/> for a spec.</summary>
    public static string LeftOutByOf(SourceSpec spec) =>
        spec.Include is not { Count: > 0 } ? "\"exclude\"" : spec.Exclude is { Count: > 0 } ? "\"exclude\" and \"include\"" : "\"include\"";

    /// <summary>The first <see cref="LoadOptions.ListedErrors"/> errors; <see cref="RowsRejected"/> counts them all.</summary>
    public IReadOnlyList<RowError> Errors => ErrorList;
    internal List<RowError> ErrorList { get; } = [];

    /// <summary>
    /// The source spec the header suggests when it does not fit the spec the file was read with (the contract's, without
    /// one); the error message gives it too. Null otherwise.
    /// </summary>
    public SuggestedSpec? SuggestedSpec { get; internal set; }

    /// <summary>The quarantine CSV written under <see cref="BadRowPolicy.Skip"/>, or null if no row was rejected.</summary>
    public string? QuarantinePath { get; internal set; }

    /// <summary>Distinct customer ids among the loaded rows.</summary>
    public int Customers { get; internal set; }

    /// <summary>Transactions files: customers whose loaded amounts sum below zero (more returned than bought), most negative first.</summary>
    public IReadOnlyList<CustomerNet> NegativeNetCustomers { get; internal set; } = [];

    /// <summary>
    /// Transactions files: customers whose every loaded row is a return (a negative amount): their purchases predate the
    /// file, and scoring places them as lapsed rather than as prospects (docs/lifecycle.md).
    /// </summary>
    public long ReturnsOnlyCustomers { get; internal set; }

    /// <summary>Blank values among the loaded rows, per source column, with the rule that was applied.</summary>
    public IReadOnlyList<BlankValueCount> BlankValues { get; internal set; } = [];

    /// <summary>Source columns the contract does not use (transactions files); customers files keep them as attributes.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; internal set; } = [];

    /// <summary>Last day the data covers, when the load was given one.</summary>
    public DateOnly? AsOf { get; internal set; }

    /// <summary>
    /// Loaded rows dated after <see cref="AsOf"/> (customers files: a signup or churn date after it). They are not
    /// bad, only later than the date asked about.
    /// </summary>
    public long RowsAfterAsOf { get; internal set; }

    /// <summary>
    /// Transactions files: whether each customer's loaded rows stand together (the file is grouped, or sorted, by
    /// customer). Any order loads and gives the same features; grouped files read faster, since a row's customer is
    /// first compared with the previous row's. Null for customers files.
    /// </summary>
    public bool? GroupedByCustomer { get; internal set; }

    /// <summary>Transactions files: the loaded rows' dates, for checks on the whole range (<see cref="DateOutliers"/>).</summary>
    public DateProfile? Dates { get; internal set; }

    /// <summary>Transactions files: the loaded rows' largest amounts, to name one far beyond the rest (<see cref="AmountProfile"/>).</summary>
    public AmountProfile? Amounts { get; internal set; }

    /// <summary>
    /// Transactions files: loaded rows with the customer, timestamp, amount and order id of an earlier loaded row.
    /// Counted exactly up to about 260,000 distinct rows, estimated beyond (<see cref="IdenticalRowsExact"/>). Purchases
    /// whose order id was checked for repeats (unique order ids) cannot repeat one and are not counted.
    /// </summary>
    public long IdenticalRows { get; internal set; }

    /// <summary>Whether <see cref="IdenticalRows"/> counts every row, rather than estimating from a share of them chosen by hash.</summary>
    public bool IdenticalRowsExact { get; internal set; } = true;

    /// <summary>From this share of the loaded rows, repeats are more than a shop's identical purchases made at one moment.</summary>
    public const double IdenticalRowsNoteShare = 0.05;

    /// <summary>
    /// The same for a file of order lines (order ids that repeat, <c>"uniqueOrderIds": false</c>), where two lines of one
    /// order at one amount (two items at one price) repeat each other and belong there, and for a file whose amounts are
    /// all one constant (<see cref="ConstantAmounts"/>): a file held twice still shows half its rows as repeats.
    /// </summary>
    public const double IdenticalOrderLinesNoteShare = 0.4;

    /// <summary>Transactions files: whether order ids were read and may repeat (a file of order lines).</summary>
    public bool OrderLines { get; internal set; }

    /// <summary>
    /// Transactions files: whether every row has the same amount (a spec's constant <c>"factor"</c>, for purchase events
    /// without amounts), so that two purchases of one customer at one timestamp (one day, for dates without times) are
    /// identical rows that belong there, as order lines at one price are.
    /// </summary>
    public bool ConstantAmounts { get; internal set; }

    /// <summary>
    /// A note when at least <see cref="IdenticalRowsNoteShare"/> of the loaded rows repeat an earlier one, else null: the
    /// rows then count twice in spend and purchase counts, which an export run twice (or two that overlap) causes and
    /// nothing else would say. With unique order ids such a file is refused row by row instead (duplicate order ids).
    /// </summary>
    public string? IdenticalRowsNote =>
        RowsLoaded > 0 && IdenticalRows >= 20 && IdenticalRows >= (OrderLines || ConstantAmounts ? IdenticalOrderLinesNoteShare : IdenticalRowsNoteShare) * RowsLoaded
            ? FormattableString.Invariant($"{(IdenticalRowsExact ? "" : "about ")}{IdenticalRows:N0} of the {RowsLoaded:N0} rows loaded ({(double)IdenticalRows / RowsLoaded:0.0 %}) repeat an earlier row's customer, timestamp, amount and order id: if the export holds rows twice (run twice, or two exports that overlap), their spend counts twice and every value learnt or scored from it is inflated; remove the repeats (with order ids, such repeats are refused with their lines)")
            : null;

    /// <summary>
    /// Transactions files read with <see cref="LoadOptions.DescribeCustomers"/> (no customers file) that have a channel,
    /// device or postal code column: per customer with a purchase that has one, a profile
    /// (<see cref="CustomerProfile.FromOrders"/>) holding each column's value on their earliest purchase row that has it;
    /// null otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, CustomerProfile>? ProfilesFromOrders { get; internal set; }

    /// <summary>
    /// Transactions files read with <see cref="LoadOptions.TallyUnusedColumns"/>: unused columns of a few values
    /// (<see cref="StatusColumn.MaxValues"/> at most) some of which say an order did not go through (failed, cancelled,
    /// refunded, pending…), with every value's rows; their rows count as purchases unless the spec's <c>exclude</c> leaves them out.
    /// </summary>
    public IReadOnlyList<StatusColumn> StatusColumns { get; internal set; } = [];

    /// <summary>
    /// A line-item file whose orders carry a row that totals their other rows (<see cref="OrderTotalRows"/>): every such
    /// order counts twice unless the spec's <c>exclude</c> leaves the total rows out. Null when none is seen.
    /// </summary>
    public OrderTotalRows? OrderTotals { get; internal set; }

    /// <summary>Transactions files: values of an unused column that name a refund or a return on rows whose amounts are mostly positive.</summary>
    public IReadOnlyList<RefundKind> RefundKinds { get; internal set; } = [];

    /// <summary>Transactions files: one customer id holding most of the returns, as an account's own address in a ledger export; null otherwise.</summary>
    public ReturnsHolder? ReturnsHolder { get; internal set; }

    /// <summary>
    /// Transactions files read with <see cref="LoadOptions.TallyUnusedColumns"/>: an unused currency column holding more
    /// than one currency, whose amounts are then summed as one; null otherwise.
    /// </summary>
    public CurrencyColumn? Currencies { get; internal set; }

    /// <summary>Transactions files: rows rejected for a blank amount (or a blank factor of a computed one).</summary>
    public long MissingAmounts { get; internal set; }

    /// <summary>
    /// Of <see cref="MissingAmounts"/>, the rows with the customer and timestamp of the row loaded just before them: the
    /// further lines of an order in an export that writes the order's total on its first line only (a shop's order export).
    /// </summary>
    public long MissingAmountsOnOrderLines { get; internal set; }

    /// <summary>The source column of the first blank amount.</summary>
    public string? MissingAmountColumn { get; internal set; }

    /// <summary>Transactions files: an order id is mapped and checked for repeats among purchases.</summary>
    public bool OrderIdsChecked { get; internal set; }

    /// <summary>From this share of the blank amounts on an order's further lines, the file is read as such an export.</summary>
    public const double OrderLineBlankShare = 0.9;

    /// <summary>
    /// A shop's order export writes the order's total on its first line and leaves it blank on the order's other lines:
    /// every such line is then rejected as a missing amount, often most of the file. Name the spec that reads them as 0.
    /// </summary>
    string? BlankOrderLinesHint() =>
        MissingAmounts > 0 && RowsLoaded > 0 && MissingAmountsOnOrderLines >= OrderLineBlankShare * MissingAmounts
            ? FormattableString.Invariant($"{MissingAmounts} {(MissingAmounts == 1 ? "row has" : "rows have")} no amount in '{MissingAmountColumn}', and {(MissingAmountsOnOrderLines == MissingAmounts ? (MissingAmounts == 1 ? "it has" : "every one has") : $"{MissingAmountsOnOrderLines} have")} the customer and time of the row loaded before {(MissingAmounts == 1 ? "it" : "them")}: further lines of an order whose total stands on its first line only, as shop exports write them; give a source spec with \"blankValues\": {{ \"{MissingAmountColumn}\": \"zero\" }}, which reads those lines as 0 so that each order counts its total once{(OrderIdsChecked ? ", and \"uniqueOrderIds\": false, as the lines repeat their order's id" : "")} (docs/data.md)")
            : null;

    /// <summary>Transactions files: rows rejected because an earlier purchase row carried the same order id.</summary>
    public long DuplicateOrderIds { get; internal set; }

    /// <summary>Customers files: rows rejected because an earlier row carried the same customer id.</summary>
    public long DuplicateCustomerIds { get; internal set; }

    /// <summary>
    /// Customers files read with <c>"oneRowPer": "subscription"</c>: rows combined into an earlier row's customer (rows
    /// loaded − customers), and the customers who had two or more rows.
    /// </summary>
    public long CombinedRows { get; internal set; }
    public int CombinedCustomers { get; internal set; }

    /// <summary>
    /// Customers files read with <c>"oneRowPer": "subscription"</c>: rows rejected because they repeat an earlier row of
    /// their customer in every column (an export run twice), which combined would count twice.
    /// </summary>
    public long RepeatedRows { get; internal set; }

    /// <summary>
    /// Customers files with repeated ids that are not whole repeated rows: the first column, named like an id, that held
    /// another value on every repeat compared (a subscription's id in a file of one row per subscription); null otherwise.
    /// </summary>
    public string? RowIdColumn { get; internal set; }

    /// <summary>
    /// Of the first rows rejected for a repeated order id (transactions files) or customer id (customers files), how
    /// many were compared with the row that first held the id (a source that can read a row again: a CSV file), and how
    /// many repeat it in every column.
    /// </summary>
    public long DuplicatesCompared { get; private set; }
    public long DuplicatesRepeatingTheRow { get; private set; }

    /// <summary>
    /// Transactions files: rows rejected for a repeated order id that an unused column names a refund or a return, and
    /// the first such column and value (<c>Kind</c>, <c>refund</c>).
    /// </summary>
    public long RefundsUnderOrderIds { get; private set; }
    public (string Column, string Value)? RefundUnderOrderIdExample { get; private set; }

    internal void CountRefundUnderOrder(string column, ReadOnlySpan<char> value)
    {
        RefundsUnderOrderIds++;
        RefundUnderOrderIdExample ??= (column, value.ToString());
    }

    /// <summary>
    /// Transactions files: of the compared rows rejected for a repeated order id, those whose order's first row an unused
    /// column says did not go through while theirs did (an authorization, then its capture), and the first column and value.
    /// </summary>
    public long DuplicatesAfterNotThrough { get; private set; }
    public (string Column, string Value)? AfterNotThroughExample { get; private set; }

    internal void CountAfterNotThrough(string column, string value)
    {
        DuplicatesAfterNotThrough++;
        AfterNotThroughExample ??= (column, value);
    }

    /// <summary>
    /// Transactions files: rows the spec's <c>include</c> left out whose value names a refund event (GA4's <c>refund</c>,
    /// Segment's <c>Order Refunded</c>), and the first column and value: money given back that the load leaves uncounted.
    /// </summary>
    public long RefundEventsLeftOut { get; private set; }
    public (string Column, string Value)? RefundEventLeftOutExample { get; private set; }

    internal void CountRefundEventLeftOut(string column, ReadOnlySpan<char> value)
    {
        RefundEventsLeftOut++;
        RefundEventLeftOutExample ??= (column, value.ToString());
    }

    /// <summary>What <see cref="RefundEventsLeftOut"/> means and the spec's parts that read the refunds, or null.</summary>
    public string? RefundEventsLeftOutNote => RefundEventsLeftOut > 0 && RefundEventLeftOutExample is var (eventColumn, refundEvent)
        ? FormattableString.Invariant($"{RefundEventsLeftOut} {(RefundEventsLeftOut == 1 ? "row" : "rows")} the spec's \"include\" left out {(RefundEventsLeftOut == 1 ? "is a" : "are")} '{refundEvent}' event{(RefundEventsLeftOut == 1 ? "" : "s")} in '{eventColumn}': refunds, so the purchases they refund count at their full value; add '{refundEvent}' to the \"include\" and read it as a return: \"negate\": {{ {System.Text.Json.JsonSerializer.Serialize(eventColumn)}: [{System.Text.Json.JsonSerializer.Serialize(refundEvent)}] }} where its row carries the refund's value as an order's does, or a \"computed\" amount that subtracts the refund's value column (docs/data.md)")
        : null;

    internal void CountComparedDuplicate(bool repeatsTheRow)
    {
        DuplicatesCompared++;
        if (repeatsTheRow)
            DuplicatesRepeatingTheRow++;
    }

    /// <summary>
    /// Transactions files: customers whose id is also loaded written with a decimal '.0' (<c>13085</c> and
    /// <c>13085.0</c>), each counted as two customers, and the first such id with the point.
    /// </summary>
    public long CustomerIdsWrittenTwoWays { get; private set; }
    public string? CustomerIdWrittenTwoWaysExample { get; private set; }

    /// <summary>What <see cref="CustomerIdsWrittenTwoWays"/> means and what reads those ids as one customer each, or null.</summary>
    public string? IdsWrittenTwoWaysNote => CustomerIdWrittenTwoWaysExample is { } example && WholeNumberId.Of(example).ToString() is var whole
        ? FormattableString.Invariant($"{CustomerIdsWrittenTwoWays} customer {(CustomerIdsWrittenTwoWays == 1 ? "id is" : "ids are")} written both as a whole number and with a decimal point ('{whole}' and '{example}'), as a dataframe writes ids when the column has a blank: ids are compared exactly, so each of these customers counts as two; give a source spec with \"wholeNumberIds\": true, which reads '{example}' as '{whole}' (docs/data.md)")
        : null;

    /// <summary>
    /// Transactions files read to describe their customers (no customers file): the first orders' postal codes that lost
    /// their leading zeros (<see cref="PostalCodes.StrippedZerosNote"/>), or null.
    /// </summary>
    public string? PostalCodesNote { get; internal set; }

    /// <summary>Transactions files: long numeric customer ids that all lost their digits past the 15th to a spreadsheet, or null.</summary>
    public SpreadsheetDigits? SpreadsheetDigits { get; internal set; }

    /// <summary>Transactions files: customer ids equal to an earlier one but for letter case, and the first such pair.</summary>
    public long CustomerIdsInAnotherCase { get; private set; }
    public (string First, string Other)? CustomerIdInAnotherCaseExample { get; private set; }

    /// <summary>What <see cref="CustomerIdsInAnotherCase"/> means and the spec that reads those ids as one customer each, or null.</summary>
    public string? IdsInAnotherCaseNote => CustomerIdInAnotherCaseExample is var (first, other)
        ? FormattableString.Invariant($"{CustomerIdsInAnotherCase} customer {(CustomerIdsInAnotherCase == 1 ? "id differs" : "ids differ")} from another only in letter case ('{first}' and '{other}'), as people type their email addresses: ids are compared exactly, so each of these customers counts as two; give a source spec with \"caseInsensitiveIds\": true, which reads every id in lower case (and the customers file's spec the same, so that the files still match) (docs/data.md)")
        : null;

    internal void CountIdInAnotherCase(string first, string other)
    {
        CustomerIdsInAnotherCase++;
        CustomerIdInAnotherCaseExample ??= (first, other);
    }

    internal void CountIdWrittenTwoWays(string idWithPoint)
    {
        CustomerIdsWrittenTwoWays++;
        CustomerIdWrittenTwoWaysExample ??= idWithPoint;
    }

    /// <summary>Transactions files: rows rejected for a blank customer id (a guest checkout in many shop exports).</summary>
    public long MissingCustomerIds { get; internal set; }

    /// <summary>Transactions files read with <c>customerIdOnReturns</c>: rows with a negative amount and that column blank (a payout to a bank).</summary>
    public long MissingReturnCustomerIds { get; internal set; }

    /// <summary>
    /// Transactions files: rows rejected for a date that the spec's format reads with day and month the other way round
    /// (<see cref="DateParser.SwappedFormat"/>), the first such text and that format.
    /// </summary>
    public long SwappedDates { get; private set; }
    public string? SwappedDateExample { get; private set; }
    public string? SwappedDateFormat { get; private set; }

    internal void CountSwappedDate(ReadOnlySpan<char> text, string format)
    {
        SwappedDates++;
        SwappedDateExample ??= text.Trim().ToString();
        SwappedDateFormat ??= format;
    }

    /// <summary>
    /// Transactions files read with the ISO default: the rejected dates whose numbers tell day from month, by the format
    /// that reads them (<see cref="DateParser.DecidedOrder"/>), with how many and the first text.
    /// </summary>
    readonly SortedDictionary<string, (long Count, string Example)> _decidedOrders = new(StringComparer.Ordinal);

    internal void CountDecidedOrder(ReadOnlySpan<char> text, string format) =>
        _decidedOrders[format] = _decidedOrders.TryGetValue(format, out var seen) ? (seen.Count + 1, seen.Example) : (1, text.Trim().ToString());

    /// <summary>
    /// The rejected dates' order of day and month, when some of them tell it: a day-month-year file gets the
    /// <c>dateFormats</c> of the order its telling dates agree on (a single value such as 12/1/2022 cannot say, and its own
    /// message offers both), or is named as mixing the two.
    /// </summary>
    string? DateOrderHint()
    {
        if (_decidedOrders.Count == 0)
            return null;
        var orders = _decidedOrders.GroupBy(o => o.Key[0]).ToList();
        if (orders.Count > 1)
        {
            var day = orders.First(o => o.Key == 'd').First();
            var month = orders.First(o => o.Key == 'M').First();
            return $"the dates put the day first in some rows ('{day.Value.Example}') and the month first in others ('{month.Value.Example}'): no one date format reads every row right; export the dates as ISO (yyyy-MM-dd)";
        }
        var count = _decidedOrders.Values.Sum(o => o.Count);
        var formats = string.Join(", ", _decidedOrders.Keys.Select(f => $"\"{f}\""));
        return FormattableString.Invariant(
            $"{count} of the rejected dates {(count == 1 ? "tells day from month, and it puts" : "tell day from month, and every one puts")} the {(orders[0].Key == 'M' ? "month" : "day")} first ('{_decidedOrders.First().Value.Example}'): give a source spec with \"dateFormats\": [{formats}], which reads the others (such as 12/1/2022) the same way (docs/data.md)");
    }

    /// <summary>
    /// Repeated customer ids: whole rows held twice, or a file of several rows per customer (one per subscription,
    /// account or contract), where skipping keeps each customer's first row and drops what the others hold.
    /// </summary>
    string DuplicateCustomerIdsHint()
    {
        var rows = FormattableString.Invariant($"{DuplicateCustomerIds} {(DuplicateCustomerIds == 1 ? "row repeats" : "rows repeat")} a customer id");
        if (DuplicatesCompared > 0 && DuplicatesRepeatingTheRow == DuplicatesCompared)
            return rows + FormattableString.Invariant($", and {(DuplicatesCompared == DuplicateCustomerIds ? (DuplicateCustomerIds == 1 ? "it repeats" : "every one repeats") : $"each of the first {DuplicatesCompared} repeats")} the row that first held it in every column: the file holds those rows twice (an export run twice, or two that overlap); --on-bad-row skip loads each once and quarantines the repeats");
        return rows + " with other values in other columns: a customers file has one row per customer, and this one looks like several rows for some customers (one per subscription, account or contract); "
            + "a source spec with \"oneRowPer\": \"subscription\" combines each customer's rows into one (their charges summed, their first signup, gone when every row has ended), "
            + "while --on-bad-row skip keeps each customer's first row and leaves out what their other rows hold (their charges, their dates)"
            + (RowIdColumn is { } column
                ? FormattableString.Invariant($". To read each row as its own instead (each subscription valued and its churn learnt by itself), map {ContractFields.CustomerId} to '{column}', which {(DuplicatesCompared == DuplicateCustomerIds ? "differs on every repeat" : $"differs on each of the first {DuplicatesCompared} repeats")}: a source spec with \"mapping\": {{ \"{ContractFields.CustomerId}\": \"{column}\" }}")
                : "");
    }

    /// <summary>
    /// What the rejected rows suggest about the file rather than about each row, or null: a file of order lines repeats
    /// each order's id on every line, which a source spec's <c>"uniqueOrderIds": false</c> allows; dates that read only
    /// with day and month swapped say the spec's <c>dateFormats</c> has them in the wrong order, and then the rows it did
    /// load are misdated too.
    /// </summary>
    public string? Hint
    {
        get
        {
            var hints = new List<string>(2);
            if (DateOrderHint() is { } order)
                hints.Add(order);
            if (SwappedDates > 0)
                hints.Add(FormattableString.Invariant($"{SwappedDates} {(SwappedDates == 1 ? "row has" : "rows have")} a date that reads only with day and month the other way round ('{SwappedDateExample}' as {SwappedDateFormat}): the spec's \"dateFormats\" has them in the wrong order for this file, and the {RowsLoaded} rows loaded are misdated wherever the day was 12 or lower; give a source spec with \"dateFormats\": [\"{SwappedDateFormat}\"] (docs/data.md)"));
            // Only where some rows did load: a file whose every row lacks an id has its column mapped wrong, which the rows' reasons say.
            if (MissingCustomerIds > 0 && RowsLoaded > 0)
                hints.Add(FormattableString.Invariant($"{MissingCustomerIds} {(MissingCustomerIds == 1 ? "row has" : "rows have")} no customer id ({(double)MissingCustomerIds / Math.Max(1, RowsRead):0.0 %} of the rows read): purchases that no customer can be credited with, as guest checkouts are in many shop exports; --on-bad-row skip leaves them out, and the models and their totals then describe the identified customers' purchases only"));
            if (MissingReturnCustomerIds > 0 && RowsLoaded > 0)
                hints.Add(FormattableString.Invariant($"{MissingReturnCustomerIds} {(MissingReturnCustomerIds == 1 ? "row" : "rows")} with a negative amount {(MissingReturnCustomerIds == 1 ? "has" : "have")} no customer in the customerIdOnReturns column: money the account sent to no customer (a payout to its bank, a fee); --on-bad-row skip leaves them out"));
            if (BlankOrderLinesHint() is { } blankLines)
                hints.Add(blankLines);
            if (IdsWrittenTwoWaysNote is { } twoWays)
                hints.Add(twoWays);
            if (IdsInAnotherCaseNote is { } otherCase)
                hints.Add(otherCase);
            if (SpreadsheetDigits?.Explain() is { } digits)
                hints.Add(digits);
            if (PostalCodesNote is { } postal)
                hints.Add(postal);
            if (DuplicateCustomerIds > 0)
                hints.Add(DuplicateCustomerIdsHint());
            if (RepeatedRows > 0)
                hints.Add(FormattableString.Invariant($"{RepeatedRows} {(RepeatedRows == 1 ? "row repeats" : "rows repeat")} an earlier row of {(RepeatedRows == 1 ? "its" : "their")} customer in every column: the file holds {(RepeatedRows == 1 ? "it" : "them")} twice (an export run twice, or two that overlap); --on-bad-row skip combines each once and quarantines the repeats"));
            // A refund written under its order's id with a positive amount: "uniqueOrderIds": false would count it as a purchase.
            if (RefundsUnderOrderIds > 0 && RefundUnderOrderIdExample is var (refundColumn, refundValue))
                hints.Add(FormattableString.Invariant($"{RefundsUnderOrderIds} of the {DuplicateOrderIds} rows that repeat an order id say '{refundValue}' in '{refundColumn}' and have a positive amount: refunds written under their order's id as sales are; a source spec with \"negate\": {{ {System.Text.Json.JsonSerializer.Serialize(refundColumn)}: [{System.Text.Json.JsonSerializer.Serialize(refundValue)}] }} reads them as returns, which may repeat their order's id (\"uniqueOrderIds\": false would count them as purchases)"));
            // An export run twice (or two that overlap) repeats whole rows, and "uniqueOrderIds": false would load each twice.
            if (DuplicateOrderIds > 0 && DuplicatesCompared > 0 && DuplicatesRepeatingTheRow == DuplicatesCompared)
                hints.Add(FormattableString.Invariant($"{DuplicateOrderIds} rows repeat an order id, and {(DuplicatesCompared == DuplicateOrderIds ? "every one" : $"each of the first {DuplicatesCompared}")} repeats the row that first held it in every column: the file holds those rows twice (an export run twice, or two exports that overlap); --on-bad-row skip loads each row once and quarantines the repeats, while \"uniqueOrderIds\": false would count them twice"));
            else if (DuplicatesAfterNotThrough > 0 && DuplicatesAfterNotThrough == DuplicatesCompared && AfterNotThroughExample is var (heldColumn, heldValue))
                hints.Add(FormattableString.Invariant($"{DuplicateOrderIds} rows repeat an order id, and {(DuplicatesCompared == DuplicateOrderIds ? "every one" : $"each of the first {DuplicatesCompared}")} follows a row of its order whose '{heldColumn}' says '{heldValue}' while its own does not: the order's first row did not go through (a payment held, then captured under the same order); a source spec with \"exclude\": {{ {System.Text.Json.JsonSerializer.Serialize(heldColumn)}: [{System.Text.Json.JsonSerializer.Serialize(heldValue)}] }} leaves those rows out and loads the others once"));
            else if (DuplicateOrderIds > RefundsUnderOrderIds)
                hints.Add(FormattableString.Invariant($"{DuplicateOrderIds} rows repeat an order id; if an order spans several rows (a file of order lines), give a source spec with \"uniqueOrderIds\": false (docs/data.md)")
                    + (DuplicatesRepeatingTheRow > 0 ? FormattableString.Invariant($"; {DuplicatesRepeatingTheRow} of the first {DuplicatesCompared} repeat the row that first held the id in every column, as a row the export holds twice does") : ""));
            return hints.Count == 0 ? null : string.Join(Environment.NewLine, hints);
        }
    }
}

/// <summary>A customer's net spend: purchases minus returns.</summary>
public sealed record CustomerNet(string CustomerId, double NetAmount);

/// <summary>How many loaded rows had a blank value in a column, and what it was read as.</summary>
public sealed record BlankValueCount(string Column, long Count, BlankValueRule Rule);
