using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerValue.Core.Data;

/// <summary>
/// Describes how a file that is not in the contract's own format maps onto it: delimiter, header,
/// date formats, culture, column mapping, computed values, label spellings and blank handling.
/// Read from camelCase JSON with <see cref="Load"/>; every field is optional and the defaults
/// describe a contract file (comma-delimited, header with contract names, ISO dates).
/// docs/data.md documents each field with an example.
/// </summary>
public sealed record SourceSpec
{
    public const string WhitespaceDelimiter = "whitespace";

    /// <summary>Which contract table the file holds.</summary>
    public FileKind Kind { get; init; } = FileKind.Transactions;

    /// <summary>Optional data file, relative to the spec file's folder; a path given to a command wins.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// "csv" or "parquet"; absent, a file named <c>*.parquet</c> is read as Parquet and any other as CSV. Parquet files
    /// and query results carry their own column names and types: delimiter, header and culture do not apply to them.
    /// </summary>
    public SourceFormat? Format { get; init; }

    /// <summary>
    /// The query whose rows a PostgreSQL source (<c>postgres:Host=…</c>) gives, e.g. "select customer_id, ts, amount
    /// from orders"; <c>--query</c> (or <c>--customers-query</c>) on the command line wins.
    /// </summary>
    public string? Query { get; init; }

    /// <summary>One character (",", ";", "|"), "tab", or "whitespace" for runs of spaces and tabs.</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary>Whether the first non-blank line is a header.</summary>
    public bool Header { get; init; } = true;

    /// <summary>Column names to use in place of (or, with <see cref="Header"/> false, in the absence of) a header.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>
    /// Date formats tried in order: .NET custom format strings such as "yyyyMMdd", or counts from an origin ("unix-seconds",
    /// "unix-milliseconds", "unix-microseconds", "days-since:2019-12-31"); ISO 8601 when absent.
    /// </summary>
    public IReadOnlyList<string>? DateFormats { get; init; }

    /// <summary>
    /// The file's text encoding ("windows-1252", "iso-8859-1", "utf-16", any name .NET knows with the code pages
    /// provider); UTF-8 when absent (a UTF-16 or UTF-32 byte order mark is followed in any case).
    /// </summary>
    public string? Encoding { get; init; }

    /// <summary>The <see cref="Encoding"/> named, or null for UTF-8 (or a name <see cref="Parse"/> refuses).</summary>
    [JsonIgnore]
    internal System.Text.Encoding? TextEncoding => Encoding is not null && TryEncoding(Encoding, out var encoding) ? encoding : null;

    /// <summary>The encoding a name means (null for UTF-8, which the reader reads as it is); false for a name .NET does not know.</summary>
    static bool TryEncoding(string name, out System.Text.Encoding? encoding)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        encoding = null;
        try
        {
            var named = System.Text.Encoding.GetEncoding(name.Trim());
            encoding = named.CodePage == System.Text.Encoding.UTF8.CodePage ? null : named;
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Culture name for numbers and dates ("de-DE"); invariant when absent.</summary>
    public string? Culture { get; init; }

    /// <summary>
    /// Transactions files: how amounts, quantities and computed factors are written; <see cref="NumberStyle.Currency"/>
    /// reads the <see cref="Culture"/>'s currency symbol and thousands separators, so it needs a culture.
    /// </summary>
    public NumberStyle NumberStyle { get; init; }

    /// <summary>Timestamps carry whole days only: any time of day is dropped.</summary>
    public bool DayResolution { get; init; }

    /// <summary>Contract field → source column. Unmapped contract fields are looked up by their own name.</summary>
    public IReadOnlyDictionary<string, ColumnRef>? Mapping { get; init; }

    /// <summary>Contract fields computed from other columns, e.g. amount = quantity × unit price.</summary>
    public IReadOnlyDictionary<string, ComputedValue>? Computed { get; init; }

    /// <summary>Extra spellings for yes/no columns (churned, newsletter), e.g. { "Yes": true, "No": false }.</summary>
    public IReadOnlyDictionary<string, bool>? LabelValues { get; init; }

    /// <summary>Source column name → what a blank value in it means. Default: missing.</summary>
    public IReadOnlyDictionary<string, BlankValueRule>? BlankValues { get; init; }

    /// <summary>
    /// Texts that mean "no value" in any column (an export's <c>NULL</c>, R's <c>NA</c>, a placeholder such as <c>(blank)</c>),
    /// matched whole after trimming, in any case: such a value is blank, and <see cref="BlankValues"/> says what that means.
    /// </summary>
    public IReadOnlyList<string>? NullValues { get; init; }

    /// <summary>
    /// Transactions and customers files: source column → values whose rows are left out (an order status "canceled", a
    /// test-order flag, a subscription that never started), matched whole after trimming, in any case. Left-out rows are counted (<see cref="LoadReport.RowsExcluded"/>),
    /// neither loaded nor rejected, and their other fields are not checked.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Exclude { get; init; }

    /// <summary>
    /// Transactions files: source column → values whose rows' positive amounts are read as returns (negated), as an
    /// export that writes a refund's amount positive beside its kind (<c>"Kind": ["refund"]</c>) needs. Matched whole
    /// after trimming, in any case.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Negate { get; init; }

    /// <summary>
    /// Transactions and customers files: source column → the values whose rows alone are loaded (an event log's <c>"event_name":
    /// ["purchase"]</c>, a CRM's <c>"Deal Stage": ["closedwon"]</c>); the other rows are left out and counted as
    /// <see cref="Exclude"/>'s are. Matched whole after trimming, in any case.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Include { get; init; }

    /// <summary>
    /// Transactions files: the column that holds the customer on rows with a negative amount, where a ledger export
    /// (PayPal's activity download, a bank statement) writes the account's own address in the customer column of the
    /// money it sends (a refund's From is the shop, its To the buyer). A negative row without a value there (a payout)
    /// is rejected as without a customer id.
    /// </summary>
    public ColumnRef? CustomerIdOnReturns { get; init; }

    /// <summary>Customers files: attribute column → type, overriding inference (e.g. numeric codes that are categories).</summary>
    public IReadOnlyDictionary<string, AttributeType>? AttributeTypes { get; init; }

    /// <summary>
    /// Customers files of contract data: which attribute columns hold the charge per billing period and the tenure in
    /// periods, e.g. { "charge": "MonthlyCharges", "tenure": "tenure", "period": "month" }; a bundle trained on it
    /// predicts each customer's value as that charge over the periods they are expected to stay within the horizon.
    /// </summary>
    public RecurringCharge? Recurring { get; init; }

    /// <summary>
    /// Customers files: what one row stands for. <see cref="RowUnit.Subscription"/> reads an export of one row per
    /// subscription, a customer's id on each of theirs, as one customer per id (<see cref="SubscriptionRows"/>: their
    /// charges summed, their first signup, gone when every row has ended); by default a repeated id is a bad row.
    /// </summary>
    public RowUnit OneRowPer { get; init; }

    /// <summary>
    /// Whether an order id may appear on one purchase row only (returns may repeat it). Set false for
    /// line-item files where an order spans several rows.
    /// </summary>
    public bool UniqueOrderIds { get; init; } = true;

    /// <summary>
    /// Whether a customer id of digits, a decimal point and zeros only (<c>13085.0</c>, as a dataframe writes a column of
    /// whole-number ids that has blanks in it) is read as its whole number (<c>13085</c>), so that it matches the same id
    /// written without the point in this file or another.
    /// </summary>
    public bool WholeNumberIds { get; init; }

    /// <summary>
    /// Whether customer ids are read in lower case (invariant), so that ids written in different letter cases, as people
    /// type their email addresses (<c>Ann@Example.com</c>, <c>ann@example.com</c>), are one customer. Give a customers
    /// file's spec the same, so that the two files still match.
    /// </summary>
    public bool CaseInsensitiveIds { get; init; }

    /// <summary>
    /// The digits of a postal code: a code of digits only that is shorter is read with zeros before it (<c>2134</c> as
    /// <c>02134</c> with 5), as a spreadsheet drops the leading zeros of a column of codes it took for numbers; null:
    /// codes are read as written. Applies to the postal code of a customers file and of a transactions file.
    /// </summary>
    public int? PostalCodeDigits { get; init; }

    /// <summary>
    /// Transactions files: the largest amount a row may have; a row above it is rejected as a bad row naming its line and
    /// the amount's column (<c>--on-bad-row skip</c> sets it aside in the quarantine file). For rows a typo or a test order
    /// put far beyond the rest (<see cref="AmountProfile"/> names them); null: no limit but <see cref="ValueBounds.MaxAmount"/>.
    /// </summary>
    public double? MaxAmount { get; init; }

    /// <summary>
    /// Transactions files: the largest return a row may have, as a negative amount (<c>-1000</c>); a row below it is
    /// rejected as a bad row naming its line and the amount's column, as <see cref="MaxAmount"/> rejects one above; null: no limit.
    /// </summary>
    public double? MinAmount { get; init; }

    /// <summary>Folder of the spec file, against which <see cref="Path"/> resolves; null for specs built in code.</summary>
    [JsonIgnore]
    public string? BaseDirectory { get; init; }

    /// <summary>
    /// The spec with the query a command line gave (<c>--query</c>, <c>--customers-query</c>), which wins over the
    /// spec's own; a contract spec of <paramref name="kind"/> when there is no spec. Unchanged without a query.
    /// </summary>
    public static SourceSpec? WithQuery(SourceSpec? spec, FileKind kind, string? query) =>
        query is null ? spec : (spec ?? Contract(kind)) with { Query = query };

    /// <summary>The spec of a file already in contract format.</summary>
    public static SourceSpec Contract(FileKind kind) => new() { Kind = kind };

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    /// <summary>Reads and checks a spec file. Throws <see cref="SourceSpecException"/> naming the file and every problem.</summary>
    /// <param name="impliedKind">The kind of file the option that names the spec reads (<c>--customers-source</c>: customers),
    /// for a spec that does not say: the spec a header guess suggests for a customers file has no <c>"kind"</c>, and was
    /// read as a transactions spec.</param>
    public static SourceSpec Load(string specPath, FileKind? impliedKind = null)
    {
        string json;
        try
        {
            json = File.ReadAllText(specPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceSpecException($"source spec {specPath}: cannot be read: {e.Message}", e);
        }
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(specPath));
        return Parse(json, specPath, folder, impliedKind);
    }

    /// <summary>Parses spec JSON; <paramref name="origin"/> names it in messages.</summary>
    public static SourceSpec Parse(string json, string origin, string? baseDirectory = null, FileKind? impliedKind = null)
    {
        SourceSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<SourceSpec>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" ({e.Path})";
            throw new SourceSpecException($"source spec {origin}: invalid JSON{where}{path}: {SpecJsonError.Describe(e, json, JsonOptions)}", e);
        }
        if (spec is null)
            throw new SourceSpecException($"source spec {origin}: expected a JSON object, found null");
        spec = spec with { BaseDirectory = baseDirectory };
        if (impliedKind is { } kind && !NamesKind(json))
            spec = spec with { Kind = kind };
        var problems = spec.Problems();
        if (problems.Count > 0)
            throw new SourceSpecException($"source spec {origin}: " + string.Join("; ", problems));
        return spec;
    }

    /// <summary>Whether the spec's JSON object has a <c>"kind"</c> of its own (it parsed as a spec already).</summary>
    static bool NamesKind(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("kind", out _);
    }

    /// <summary>The data file named by the spec, resolved against the spec's folder (never the working directory).</summary>
    public string? ResolvePath() =>
        Path is null ? null
        : SourceAddress.IsPostgres(Path) ? Path
        : System.IO.Path.IsPathRooted(Path) || BaseDirectory is null ? Path
        : System.IO.Path.GetFullPath(System.IO.Path.Combine(BaseDirectory, Path));

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    internal bool IsWhitespaceDelimited => string.Equals(Delimiter, WhitespaceDelimiter, StringComparison.OrdinalIgnoreCase);

    internal char DelimiterChar => Delimiter switch
    {
        _ when string.Equals(Delimiter, "tab", StringComparison.OrdinalIgnoreCase) => '\t',
        { Length: 1 } => Delimiter[0],
        _ => throw new InvalidOperationException($"'{Delimiter}' is not a one-character delimiter"),
    };

    internal string DelimiterDescription => IsWhitespaceDelimited ? "runs of whitespace" : DelimiterChar == '\t' ? "tabs" : $"'{DelimiterChar}'";

    /// <summary>The styles numbers of a transactions file are parsed with.</summary>
    internal NumberStyles NumberStyles => NumberStyle == NumberStyle.Currency ? NumberStyles.Currency : NumberStyles.Float;

    internal CultureInfo FormatCulture => string.IsNullOrEmpty(Culture) ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(Culture);

    List<string> Problems()
    {
        var problems = new List<string>();
        if (!IsWhitespaceDelimited && !string.Equals(Delimiter, "tab", StringComparison.OrdinalIgnoreCase)
            && (Delimiter is not { Length: 1 } || Delimiter[0] is '"' or '\r' or '\n'))
            problems.Add($"delimiter '{Delimiter}' is not one character, \"tab\" or \"whitespace\"");
        if (!string.IsNullOrEmpty(Culture))
        {
            try
            {
                _ = CultureInfo.GetCultureInfo(Culture, predefinedOnly: true);
            }
            catch (CultureNotFoundException)
            {
                problems.Add($"culture '{Culture}' is not a known culture name (e.g. \"en-US\", \"de-DE\")");
            }
        }
        if (Query is not null && string.IsNullOrWhiteSpace(Query))
            problems.Add("query is empty: give the SELECT whose rows the PostgreSQL source returns");
        if (DateFormats is not null && (DateFormats.Count == 0 || DateFormats.Any(string.IsNullOrWhiteSpace)))
            problems.Add("dateFormats must list at least one non-empty format, e.g. [\"yyyyMMdd\"]");
        foreach (var format in DateFormats?.Where(f => !string.IsNullOrWhiteSpace(f) && DateParser.LooksCounted(f) && DateParser.Counted(f) is null) ?? [])
            problems.Add($"dateFormats entry '{format}' is neither \"{DateParser.UnixSeconds}\", \"{DateParser.UnixMilliseconds}\", \"{DateParser.UnixMicroseconds}\" nor \"{DateParser.DaysSincePrefix}YYYY-MM-DD\" (day 1 is the day after that date)");
        if (Encoding is not null && !TryEncoding(Encoding, out _))
            problems.Add($"encoding '{Encoding}' is not a known encoding name (e.g. \"windows-1252\", \"iso-8859-1\", \"utf-16\")");
        if (NullValues is not null && NullValues.Any(string.IsNullOrWhiteSpace))
            problems.Add("nullValues must list non-empty texts (a blank value is blank already)");
        if (Columns is not null)
        {
            if (Columns.Count == 0 || Columns.Any(string.IsNullOrWhiteSpace))
                problems.Add("columns must list non-empty names");
            var repeated = Columns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (repeated.Count > 0)
                problems.Add($"columns lists {string.Join(", ", repeated)} more than once");
        }

        var fields = ContractFields.For(Kind);
        string kindName = Kind == FileKind.Transactions ? "transactions" : "customers";
        foreach (var field in (Mapping?.Keys ?? []).Concat(Computed?.Keys ?? []))
        {
            if (!fields.Contains(field))
                problems.Add($"'{field}' is not a field of a {kindName} file (expected one of {string.Join(", ", fields)})");
        }
        foreach (var field in Computed?.Keys ?? [])
        {
            if (Mapping?.ContainsKey(field) == true)
                problems.Add($"'{field}' is both mapped and computed");
            var computed = Computed![field];
            if (computed.Multiply.Count == 0 && computed.Factor is null)
                problems.Add($"computed '{field}' needs \"multiply\": [columns], \"factor\": a number, or both"
                    + (computed.Minus.Count > 0 ? "; \"minus\" subtracts from them" : ""));
            if (computed.Minus.Count > 0 && field != ContractFields.Amount)
                problems.Add($"computed '{field}': \"minus\" applies to the amount only");
            if (computed.Factor is 0)
                problems.Add($"computed '{field}' has factor 0, which makes every value 0");
        }
        var references = (Mapping?.Values ?? []).Concat(Computed?.Values.SelectMany(c => c.Multiply.Concat(c.Minus)) ?? [])
            .Concat(CustomerIdOnReturns is { } returns ? [returns] : []);
        foreach (var column in references.Where(c => c.Name is not null))
        {
            if (!Header && Columns is null)
                problems.Add($"column '{column.Name}' is named, but the file has no header and the spec gives no \"columns\"; use a 1-based position instead");
            else if (Columns is not null && !Columns.Contains(column.Name!, StringComparer.OrdinalIgnoreCase))
                problems.Add($"column '{column.Name}' is not in \"columns\" ({string.Join(", ", Columns)})");
        }
        foreach (var column in references.Where(c => c.Position > 0 && Columns is not null && c.Position > Columns.Count))
            problems.Add($"column {column.Position} is beyond the {Columns!.Count} listed in \"columns\"");
        foreach (var (key, byValue, example, what) in new[] { ("exclude", Exclude, "canceled", "whose rows are left out"), ("include", Include, "purchase", "whose rows alone are loaded"), ("negate", Negate, "refund", "whose rows' amounts are read as returns") })
        {
            // A customers file may leave rows out too (a subscription that never started); only purchases are negated.
            if (byValue is { Count: > 0 } && key == "negate" && Kind != FileKind.Transactions)
                problems.Add("negate applies to transactions files only");
            foreach (var (column, values) in byValue ?? new Dictionary<string, IReadOnlyList<string>>())
            {
                if (values is null || values.Count == 0 || values.Any(string.IsNullOrWhiteSpace))
                    problems.Add($"{key} '{column}' must list the non-empty values {what}, e.g. [\"{example}\"]");
                if (!Header && Columns is null)
                    problems.Add($"{key} names column '{column}', but the file has no header and the spec gives no \"columns\"");
                else if (Columns is not null && !Columns.Contains(column, StringComparer.OrdinalIgnoreCase))
                    problems.Add($"{key} names column '{column}', which is not in \"columns\" ({string.Join(", ", Columns)})");
            }
        }
        if (CustomerIdOnReturns is not null && Kind != FileKind.Transactions)
            problems.Add("customerIdOnReturns applies to transactions files only");
        if (Recurring is { } recurring)
        {
            if (Kind != FileKind.Customers)
                problems.Add("recurring applies to customers files only");
            if (string.IsNullOrWhiteSpace(recurring.Charge) || (recurring.Tenure is not null && string.IsNullOrWhiteSpace(recurring.Tenure)))
                problems.Add("recurring needs \"charge\", the column with the charge per billing period, and \"tenure\", the column with the periods paid so far (left out, they are counted from the signup dates), e.g. { \"charge\": \"MonthlyCharges\", \"tenure\": \"tenure\" }");
            else if (recurring.Columns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
                problems.Add($"recurring names '{twice.Key}' for two of charge, tenure, quantity, interval and intervalCount");
            if (recurring.Interval is not null && string.IsNullOrWhiteSpace(recurring.Interval) || recurring.Quantity is not null && string.IsNullOrWhiteSpace(recurring.Quantity)
                || recurring.IntervalCount is not null && string.IsNullOrWhiteSpace(recurring.IntervalCount))
                problems.Add("recurring's \"interval\", \"intervalCount\" and \"quantity\" name columns: the billing interval of each customer's charge (\"Interval\": month, year, …), how many of those intervals one charge pays for (\"Interval Count\": 3 with month is quarterly) and the units it is for (\"Quantity\")");
            if (recurring.Factor is { } factor && !(factor > 0 && double.IsFinite(factor)))
                problems.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"recurring's \"factor\" multiplies every charge (0.01 for charges in cents): it must be a number above 0, was {factor}"));
            if (recurring.IntervalCount is not null && recurring.Interval is null)
                problems.Add("recurring's \"intervalCount\" counts the intervals of the \"interval\" column: give \"interval\" too (the column naming month, year, …)");
        }
        if (OneRowPer != RowUnit.Customer && Kind != FileKind.Customers)
            problems.Add("oneRowPer applies to customers files only (a transactions file holds a row per purchase)");
        if (PostalCodeDigits is { } digits && digits is < 3 or > 12)
            problems.Add($"postalCodeDigits is the digits of a postal code, from 3 to 12 (5 for a US ZIP code), was {digits}");
        if (MaxAmount is not null && Kind != FileKind.Transactions)
            problems.Add("maxAmount applies to transactions files only");
        if (MaxAmount is { } limit && !(limit > 0 && double.IsFinite(limit)))
            problems.Add($"maxAmount must be a number above 0, was {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (MinAmount is not null && Kind != FileKind.Transactions)
            problems.Add("minAmount applies to transactions files only");
        if (MinAmount is { } floor && !(floor < 0 && double.IsFinite(floor)))
            problems.Add($"minAmount must be a number below 0 (the largest return a row may have), was {floor.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (AttributeTypes is { Count: > 0 } && Kind != FileKind.Customers)
            problems.Add("attributeTypes applies to customers files only");
        if (NumberStyle != NumberStyle.Plain && Kind != FileKind.Transactions)
            problems.Add("numberStyle applies to transactions files only");
        else if (NumberStyle == NumberStyle.Currency && string.IsNullOrEmpty(Culture))
            problems.Add("numberStyle \"currency\" reads the currency symbol and thousands separators of the file's culture: give its \"culture\" too, e.g. \"en-US\" for $1,234.50");
        if (Kind == FileKind.Transactions && Mapping?.ContainsKey(ContractFields.Amount) != true
            && Computed?.ContainsKey(ContractFields.Amount) != true && !Header
            && Columns?.Contains(ContractFields.Amount, StringComparer.OrdinalIgnoreCase) != true)
            problems.Add("no column gives 'amount': map it or compute it");
        foreach (var field in ContractFields.RequiredFor(Kind).Where(f => f != ContractFields.Amount))
        {
            if (!Header && Mapping?.ContainsKey(field) != true && Computed?.ContainsKey(field) != true
                && Columns?.Contains(field, StringComparer.OrdinalIgnoreCase) != true)
                problems.Add($"no column gives '{field}': the file has no header, so map it");
        }
        return problems;
    }
}
