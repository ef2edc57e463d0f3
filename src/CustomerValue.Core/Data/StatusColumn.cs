namespace CustomerValue.Core.Data;

/// <summary>An unused column whose values read like an order's status, and how many loaded rows have each value, most first.</summary>
public sealed record StatusColumn(string Column, IReadOnlyList<(string Value, long Rows)> Values)
{
    /// <summary>More distinct values than this, and a column is no status (a product name, a city).</summary>
    public const int MaxValues = 30;

    /// <summary>Words (letters only, lower case) of a status whose order did not go through, or was taken back.</summary>
    static readonly HashSet<string> NotThrough = new(StringComparer.Ordinal)
    {
        "failed", "failure", "cancelled", "canceled", "cancel", "voided", "void", "declined", "pending", "refunded", "fullyrefunded",
        "abandoned", "expired", "unpaid", "rejected", "chargeback", "chargedback", "disputed", "onhold", "unavailable",
        "incomplete", "reversed", "returned", "deleted", "draft", "trash", "notpaid", "paymentfailed", "uncollectible",
        // Magento's and BigCommerce's words for an order held or never paid.
        "fraud", "suspectedfraud", "holded", "paymentreview", "awaitingpayment", "pendingpayment",
        // A payment only held, whose capture is a row of its own (Shopify's transactions export: Kind authorization, then capture).
        "authorization", "authorisation", "auth", "preauthorization", "preauthorisation",
    };

    /// <summary>Whether a value says the order did not go through (WooCommerce's slugs too: <c>wc-refunded</c>, <c>wc-on-hold</c>).</summary>
    public static bool NotGoneThrough(string value)
    {
        var letters = Letters(value);
        return NotThrough.Contains(letters) || (letters.StartsWith("wc", StringComparison.Ordinal) && NotThrough.Contains(letters[2..]));
    }

    /// <summary>Words of a CRM deal's or opportunity's stage that say it was won (HubSpot's closedwon, Salesforce's Closed Won).</summary>
    static readonly HashSet<string> WonWords = new(StringComparer.Ordinal) { "closedwon", "won", "dealwon" };

    static string Letters(string value) => string.Concat(value.Where(char.IsLetter)).ToLowerInvariant();

    /// <summary>
    /// Whether a column's values read like a status: one says an order did not go through, or one says a deal was won
    /// beside others (a CRM's deals export, where every stage but the won one is no purchase: lost, or still open).
    /// </summary>
    public static bool IsStatus(IEnumerable<string> values)
    {
        var all = values.ToList();
        return all.Any(NotGoneThrough) || (all.Count > 1 && all.Any(v => WonWords.Contains(Letters(v))));
    }

    /// <summary>Whether a value of this column says the order did not go through: beside a won stage, every other stage.</summary>
    bool NotThroughHere(string value) =>
        Values.Any(v => WonWords.Contains(Letters(v.Value))) ? !WonWords.Contains(Letters(value)) : NotGoneThrough(value);

    /// <summary>Values with their rows: <c>'Failed' (4 rows), 'Refunded' (1 row)</c>.</summary>
    internal static string ValueRows(IEnumerable<(string Value, long Rows)> values) =>
        string.Join(", ", values.Select(v => FormattableString.Invariant($"'{v.Value}' ({v.Rows} {(v.Rows == 1 ? "row" : "rows")})")));

    /// <summary>The values that say an order did not go through.</summary>
    public IEnumerable<(string Value, long Rows)> NotThroughValues => Values.Where(v => NotThroughHere(v.Value));

    /// <summary>
    /// What the column says and the spec that leaves those orders out: their rows count as purchases at their amounts (a
    /// failed payment as revenue, a cancelled order as a visit) unless the spec's <c>exclude</c> names them.
    /// </summary>
    public string Explain()
    {
        var notThrough = NotThroughValues.ToList();
        var others = Values.Where(v => !NotThroughHere(v.Value)).ToList();
        // A CRM's stages: the won ones alone are purchases, whatever other stages later exports add.
        var won = Values.Any(v => WonWords.Contains(Letters(v.Value)));
        return FormattableString.Invariant($"column '{Column}' says some orders did not go through: {ValueRows(notThrough)}; ")
            + "they count as purchases at their amounts unless a source spec leaves them out: "
            + (won
                ? $"\"include\": {{ {System.Text.Json.JsonSerializer.Serialize(Column)}: [{string.Join(", ", others.Select(v => System.Text.Json.JsonSerializer.Serialize(v.Value)))}] }}, which loads the won deals alone"
                : $"\"exclude\": {{ {System.Text.Json.JsonSerializer.Serialize(Column)}: [{string.Join(", ", notThrough.Select(v => System.Text.Json.JsonSerializer.Serialize(v.Value)))}] }}")
            + (others.Count == 0 ? "" : FormattableString.Invariant($" (its other values: {string.Join(", ", others.Take(8).Select(v => FormattableString.Invariant($"'{v.Value}' {v.Rows}")))}{(others.Count > 8 ? ", …" : "")})"));
    }
}

/// <summary>An unused column naming each row's currency, with more than one currency in it: rows by currency, most first.</summary>
public sealed record CurrencyColumn(string Column, IReadOnlyList<(string Value, long Rows)> Values)
{
    /// <summary>Column names (letters only, lower case) that hold a row's currency.</summary>
    static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "currency", "currencycode", "ccy", "curr", "currencyiso", "isocurrency", "presentmentcurrency", "ordercurrency",
        "waehrung", "währung", "moneda", "devise", "moeda", "valuta",
    };

    /// <summary>Whether a column's name says it holds the currency.</summary>
    public static bool IsCurrencyColumn(string column) => Names.Contains(string.Concat(column.Where(char.IsLetter)).ToLowerInvariant());

    /// <summary>The amounts are summed across currencies: what to do about it.</summary>
    public string Explain()
    {
        var others = Values.Skip(1).ToList();
        return FormattableString.Invariant($"column '{Column}' holds {Values.Count} currencies, {StatusColumn.ValueRows(Values)}, and their amounts are summed as one: ")
            + "convert them to one currency in the export, or keep one with a source spec's "
            + $"\"exclude\": {{ {System.Text.Json.JsonSerializer.Serialize(Column)}: [{string.Join(", ", others.Select(v => System.Text.Json.JsonSerializer.Serialize(v.Value)))}] }}";
    }
}
