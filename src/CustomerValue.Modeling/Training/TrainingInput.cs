using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The sources of one training run. Transactions are read once and kept as each customer's days
/// (<see cref="CustomerHistories"/>): every snapshot is built from them, so memory grows with
/// customer-days, not with transactions, and no snapshot reads the file (or runs the query) again.
/// </summary>
public sealed class TrainingInput
{
    TrainingInput(TransactionLoader? loader, string? transactionsPath, CustomerTable? customers, IReadOnlyList<InputFile> files,
        SourceSpec? spec, SourceSpec? customersSpec)
    {
        _loader = loader;
        TransactionsPath = transactionsPath;
        Customers = customers;
        Files = files;
        Spec = spec;
        CustomersSpec = customersSpec;
    }

    readonly TransactionLoader? _loader;
    CustomerHistories? _histories;

    public string? TransactionsPath { get; }
    public CustomerTable? Customers { get; }
    public IReadOnlyList<InputFile> Files { get; private set; }
    public SourceSpec? Spec { get; }
    public SourceSpec? CustomersSpec { get; }
    public bool HasTransactions => _loader is not null;
    /// <summary>
    /// Where the history starts for placing snapshots: the first transaction's date, or, when the first rows sit far
    /// before the rest (<see cref="DateOutliers.FindEarly"/>), the first date of the bulk; those rows stay in their
    /// customers' histories and <see cref="EarlyRowsNote"/> says so.
    /// </summary>
    public DateOnly? FirstDate { get; private set; }

    /// <summary>What rows dated far before the rest do to the run, naming them; null when there are none.</summary>
    public string? EarlyRowsNote { get; private set; }

    /// <summary>Days within the data that hold far fewer rows than the weeks before them (<see cref="DateCoverage"/>); null when none do.</summary>
    public string? CoverageNote { get; private set; }
    public DateOnly? LastDate { get; private set; }

    /// <summary>Contract data only: how many customers had no churn label and were left out of training; null when none.</summary>
    public string? UnlabeledNote { get; private init; }
    public LoadReport? TransactionReport { get; private set; }

    public static TrainingInput Open(TrainingOptions options)
    {
        // Unused status columns are tallied so the card can say when failed or cancelled orders count as purchases.
        var loadOptions = new LoadOptions { OnBadRow = options.OnBadRow, Clock = options.Clock, TallyUnusedColumns = true };
        var spec = options.SourceSpecPath is { } specPath ? SourceSpec.Load(specPath) : null;
        var customersSpec = options.CustomersSourceSpecPath is { } customersSpecPath ? SourceSpec.Load(customersSpecPath, FileKind.Customers) : null;

        // A spec for a customers file may come through --source when there are no transactions.
        if (options.TransactionsPath is null && customersSpec is null && spec?.Kind == FileKind.Customers)
        {
            customersSpec = spec;
            spec = null;
        }
        spec = SourceSpec.WithQuery(spec, FileKind.Transactions, options.TransactionsQuery);
        customersSpec = SourceSpec.WithQuery(customersSpec, FileKind.Customers, options.CustomersQuery);

        var transactionsPath = options.TransactionsPath ?? spec?.ResolvePath();
        var customersPath = options.CustomersPath ?? customersSpec?.ResolvePath();
        if (transactionsPath is null && customersPath is null)
            throw new ArgumentException("Give --transactions, --customers, or a --source whose spec names its file.");

        var files = new List<InputFile>();
        CustomerTable? customers = null;
        if (customersPath is not null)
        {
            customers = new CustomerLoader(customersSpec, loadOptions).Load(customersPath);
            files.Add(Fingerprint("customers", customersPath, customersSpec?.Query, customers.Report.RowsRead));
        }
        TransactionLoader? loader = transactionsPath is null ? null : new TransactionLoader(spec, loadOptions with { DescribeCustomers = customers is null });
        string? unlabeledNote = null;
        if (loader is null && customers is not null)
            customers = LabeledForChurn(customers, customersSpec, out unlabeledNote);
        var input = new TrainingInput(loader, transactionsPath, customers, files, spec, customersSpec) { UnlabeledNote = unlabeledNote };
        if (loader is not null)
            input.ScanTransactions(options);
        return input;
    }

    /// <summary>
    /// The customers a churn model learns from when there are no transactions: those with a given label (a churned flag or a
    /// churn date). Without transactions a customer without one would be labelled by behaviour, and with no purchases to
    /// observe that reads as churned: a file with no label column trained a model on one class (AUC NaN), and blank
    /// labels counted as churned.
    /// </summary>
    /// <exception cref="InvalidDataException">No customer has a label, or every labelled one has the same.</exception>
    static CustomerTable LabeledForChurn(CustomerTable customers, SourceSpec? spec, out string? note)
    {
        var file = SourceAddress.DisplayName(customers.Report.File);
        note = null;
        // A subscription export with a cancellation date and no churned flag: no date means the customer is still there.
        string? stayers = null;
        if (customers.ChurnDatesOnly)
        {
            var undated = customers.Customers.Count(c => c.ChurnDate is null);
            stayers = string.Create(CultureInfo.InvariantCulture,
                $"{file}: the {undated:N0} customers without a {ContractFields.ChurnDate} are taken as still customers (not churned): the file gives churn dates and no {ContractFields.Churned} column.");
            customers = new CustomerTable([.. customers.Customers.Select(c => c.ChurnDate is null ? c with { Churned = false } : c)], customers.Schema, customers.Report);
        }
        if (customers.Customers.Count == 0)
            throw new InvalidDataException(customers.Report.NothingLoaded());
        var labeled = customers.Customers.Where(c => c.ChurnLabel is not null).ToList();
        if (labeled.Count == 0)
        {
            var hint = customers.ChurnLabelHint();
            throw new InvalidDataException(
                $"{file}: without transactions, cvml train learns churn from the customers file's own label, and none of its {customers.Customers.Count:N0} customers has one: " +
                $"no column was read as {ContractFields.Churned} (yes/no, true/false or 1/0) or {ContractFields.ChurnDate}. " +
                (hint.Length > 0 ? $"{hint} ({(spec is null ? "check it, then give it with --customers-source" : "add it to the spec given")}). " : $"Map the column that says a customer left as {ContractFields.Churned} in a source spec's \"mapping\" (\"labelValues\" reads other spellings) and give it with --customers-source. ") +
                "Or give --transactions to learn value and churn from purchases.");
        }
        var churned = labeled.Count(c => c.ChurnLabel == true);
        if (churned == 0 || churned == labeled.Count)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{file}: every one of the {labeled.Count:N0} labelled customers is {(churned == 0 ? "not churned" : "churned")}: a churn model learns from customers of both kinds. ") +
                $"Check the {ContractFields.Churned} column's values (a spec's \"labelValues\" reads spellings other than yes/no, true/false and 1/0).");
        if (labeled.Count == customers.Customers.Count)
        {
            note = stayers;
            return customers;
        }
        note = string.Create(CultureInfo.InvariantCulture,
            $"{file}: {customers.Customers.Count - labeled.Count:N0} of the {customers.Customers.Count:N0} customers have no churn label and were left out of training and evaluation (a model scores them like any other customer).");
        return new CustomerTable(labeled, customers.Schema, customers.Report);
    }

    /// <summary>A fresh pass over the transactions (empty when there are none).</summary>
    public IEnumerable<Transaction> Transactions() =>
        _loader is null ? [] : _loader.Stream(TransactionsPath!);

    /// <summary>
    /// The customers file's profiles; without one, once the first pass has read them, what the transactions say of each
    /// customer (the channel, device and postal code of their first purchase: <see cref="CustomerProfiles.Of"/>).
    /// </summary>
    public IEnumerable<CustomerProfile>? Profiles => CustomerProfiles.Of(Customers?.Customers, TransactionReport);

    /// <summary>
    /// The features as of <paramref name="cutoff"/> and labels after it, as <see cref="FeatureBuilder.Build(IEnumerable{Transaction}, IEnumerable{CustomerProfile}?, DateOnly, FeatureOptions?)"/>
    /// gives them from <see cref="Transactions"/>: from the kept histories, or, once they are released, from a fresh pass.
    /// </summary>
    public FeatureSet Snapshot(DateOnly cutoff, FeatureOptions options) =>
        _histories?.Snapshot(cutoff, options) ?? FeatureBuilder.Build(Transactions(), Profiles, cutoff, options);

    /// <summary>
    /// The positive amounts up to <paramref name="through"/> as charges: each customer-day's net amount from the kept
    /// histories, or, once they are released, the rows of a fresh pass.
    /// </summary>
    public IEnumerable<Transaction> ChargesThrough(DateOnly through) =>
        _histories?.ChargesThrough(through)
        ?? Transactions().Where(t => t.Amount > 0 && DateOnly.FromDateTime(t.Timestamp) <= through);

    /// <summary>
    /// The base's net amount on each day up to <paramref name="through"/> (<see cref="CustomerHistories.NetAmountByDay"/>),
    /// from the kept histories or, once they are released, a fresh pass.
    /// </summary>
    public SortedDictionary<DateOnly, double> NetAmountByDay(DateOnly through)
    {
        if (_histories is { } histories)
            return histories.NetAmountByDay(through);
        var byDay = new SortedDictionary<DateOnly, double>();
        foreach (var t in Transactions())
        {
            var date = DateOnly.FromDateTime(t.Timestamp);
            if (date <= through)
                byDay[date] = byDay.GetValueOrDefault(date) + t.Amount;
        }
        return byDay;
    }

    /// <summary>Drops the kept histories (hundreds of MB for a million customers) when no more snapshots are expected.</summary>
    public void ReleaseHistories() => _histories = null;

    /// <summary>
    /// The first pass: date range and row counts, and every bad row found before any fitting starts. Without an explicit
    /// cutoff, rows far beyond the bulk of the data stop the run here (<see cref="DateOutliers"/>): the default cutoff
    /// would be taken from them.
    /// </summary>
    /// <exception cref="InvalidDataException">No --cutoff, and the last rows sit more than the label window past the rest.</exception>
    void ScanTransactions(TrainingOptions options)
    {
        var stream = _loader!.Stream(TransactionsPath!);
        var histories = new CustomerHistories(Profiles);
        DateOnly? first = null, last = null;
        var matched = Customers is not { Customers.Count: > 0 };
        string? firstBuyer = null;
        foreach (var transaction in stream)
        {
            histories.Add(transaction);
            firstBuyer ??= transaction.CustomerId;
            matched = matched || histories.HasProfile(transaction.CustomerId);
            var day = DateOnly.FromDateTime(transaction.Timestamp);
            if (first is null || day < first)
                first = day;
            if (last is null || day > last)
                last = day;
        }
        FirstDate = first;
        LastDate = last;
        histories.AddProfilesFromOrders(stream.Report?.ProfilesFromOrders);
        _histories = histories;
        TransactionReport = stream.Report;
        Files = [Fingerprint("transactions", TransactionsPath!, Spec?.Query, stream.Report?.RowsRead ?? 0), .. Files];
        if (first is null)
            throw new InvalidDataException(stream.Report is { RowsLoaded: 0 } empty ? empty.NothingLoaded() : $"{SourceAddress.DisplayName(TransactionsPath!)}: no transactions were loaded.");
        // Not one customer in both files: the ids are written differently, and every customers-file row would join the
        // training as a customer who never bought, flattering every ranking figure.
        if (!matched)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"None of the {Customers!.Customers.Count:N0} customers in {SourceAddress.DisplayName(Customers.Report.File)} has a transaction in {SourceAddress.DisplayName(TransactionsPath!)}: ")
                + $"the two files do not share customer ids (the transactions' first is '{firstBuyer}', the customers file's '{Customers.Customers[0].CustomerId}'). "
                + "Both files must write a customer's id the same way"
                + (WholeNumberId.HasZeroFraction(firstBuyer) != WholeNumberId.HasZeroFraction(Customers.Customers[0].CustomerId)
                    ? " (a source spec with \"wholeNumberIds\": true for the file that writes the ids with a decimal '.0' reads them as whole numbers)" : "")
                + (CustomerProfiles.IdColumn(Customers.Customers, histories.HasBought) is { } idColumn ? $"; {CustomerProfiles.IdColumnHint(idColumn)}" : "")
                + "; leave --customers out to train on the transactions alone.");
        var window = Math.Max(options.HorizonDays, options.ChurnDays ?? options.HorizonDays);
        DateOutliers? late = null;
        if (stream.Report?.Dates is { Rows: > 0 } dates)
        {
            late = DateOutliers.Find(dates, window);
            if (options.Cutoff is null && late.Found)
                throw new InvalidDataException(late.Explain(SourceAddress.DisplayName(TransactionsPath!), "--cutoff"));
        }
        // A placeholder date at the start would make the history look decades long, and every period placed by it would
        // hold no customers: the periods are placed from where the bulk starts.
        if (stream.Report?.Dates is { Rows: > 0 } allDates && DateOutliers.FindEarly(allDates, window) is { Found: true } early)
        {
            FirstDate = early.Bulk.First;
            EarlyRowsNote = early.NoteEarly(SourceAddress.DisplayName(TransactionsPath!));
        }
        if (late is not null && FirstDate is { } bulkFirst)
        {
            var coverage = DateCoverage.Find(stream.Report!.Dates!, bulkFirst, late.Bulk.Last);
            var labelsEnd = options.Cutoff?.AddDays(window);
            CoverageNote = coverage.Explain(SourceAddress.DisplayName(TransactionsPath!), window, labelsEnd);
        }
    }

    /// <summary>
    /// What the model card records of a source, to tell later whether a run read the same data: for a file its name,
    /// SHA-256 and size; for a PostgreSQL query, which has no file to hash, the connection string without the password,
    /// the SHA-256 of the query text and the row count it returned (so the same query on a table that has since grown
    /// gets another), and 0 bytes.
    /// </summary>
    public static InputFile Fingerprint(string role, string source, string? query, long rows)
    {
        if (SourceAddress.IsPostgres(source))
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{query}\n{rows}");
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            return new InputFile(role, SourceAddress.DisplayName(source), digest, 0, rows);
        }

        using var stream = File.OpenRead(source);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new InputFile(role, Path.GetFileName(source), hash, new FileInfo(source).Length, rows);
    }
}
