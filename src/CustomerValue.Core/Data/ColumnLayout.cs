namespace CustomerValue.Core.Data;

/// <summary>
/// Where each contract field sits in a file, worked out once from the spec and the header.
/// Problems that concern the whole file (missing column, wrong delimiter) are reported here.
/// </summary>
internal sealed class ColumnLayout
{
    readonly Dictionary<string, int> _fields = new(StringComparer.Ordinal);
    readonly Dictionary<string, int[]> _computed = new(StringComparer.Ordinal);
    readonly Dictionary<string, double> _factors = new(StringComparer.Ordinal);
    readonly Dictionary<string, int[]> _minus = new(StringComparer.Ordinal);

    ColumnLayout(string[]? names, int expectedCount, BlankValueRule[] blankRules)
    {
        Names = names;
        ExpectedCount = expectedCount;
        BlankRules = blankRules;
    }

    /// <summary>Source column names, or null for a file without header or column list.</summary>
    public string[]? Names { get; }

    /// <summary>Fields every row must have; -1 until known (no header, no column list: the first row decides).</summary>
    public int ExpectedCount { get; private set; }

    /// <summary>Blank rule per source column position; grows to the first row's width when names are unknown.</summary>
    public BlankValueRule[] BlankRules { get; private set; }

    /// <summary>0-based column of a contract field, or -1.</summary>
    public int IndexOf(string field) => _fields.TryGetValue(field, out int index) ? index : -1;

    /// <summary>Columns multiplied to compute a field, or null when the field is not computed.</summary>
    public int[]? FactorsOf(string field) => _computed.GetValueOrDefault(field);

    /// <summary>Columns subtracted from a computed field's product (the spec's <c>minus</c>); empty when none.</summary>
    public int[] MinusOf(string field) => _minus.GetValueOrDefault(field, []);

    /// <summary>The constant a computed field's product is multiplied by: 1 unless the spec gives a factor.</summary>
    public double ConstantFactorOf(string field) => _factors.GetValueOrDefault(field, 1);

    /// <summary>The spec's <c>exclude</c>: a column, and the values (any case) whose rows are left out.</summary>
    public IReadOnlyList<(int Column, HashSet<string> Values)> Exclusions { get; private set; } = [];

    /// <summary>The spec's <c>include</c>: a column, and the values (any case) whose rows alone are loaded.</summary>
    public IReadOnlyList<(int Column, HashSet<string> Values)> Inclusions { get; private set; } = [];

    /// <summary>The spec's <c>negate</c>: a column, and the values (any case) whose rows' positive amounts are read as returns.</summary>
    public IReadOnlyList<(int Column, HashSet<string> Values)> Negations { get; private set; } = [];

    /// <summary>The spec's <c>customerIdOnReturns</c>: the column holding the customer on rows with a negative amount, or -1.</summary>
    public int ReturnsCustomer { get; private set; } = -1;

    /// <summary>
    /// Whether the spec's <c>exclude</c> or <c>include</c> leaves the row out: it holds an excluded value, or not the
    /// included value of an <c>include</c> column (values matched whole after trimming, in any case).
    /// </summary>
    public bool LeavesOut(RowReader row)
    {
        foreach (var (column, values) in Exclusions)
        {
            if (values.GetAlternateLookup<ReadOnlySpan<char>>().Contains(row[column].Trim()))
                return true;
        }
        foreach (var (column, values) in Inclusions)
        {
            if (!values.GetAlternateLookup<ReadOnlySpan<char>>().Contains(row[column].Trim()))
                return true;
        }
        return false;
    }

    public bool IsUsed(int column) =>
        _fields.ContainsValue(column) || _computed.Values.Any(f => f.Contains(column)) || _minus.Values.Any(f => f.Contains(column))
        || Exclusions.Any(e => e.Column == column) || Negations.Any(e => e.Column == column) || Inclusions.Any(e => e.Column == column) || column == ReturnsCustomer;

    public string ColumnName(int index) => Names is not null && index < Names.Length ? Names[index] : $"column {index + 1}";

    /// <summary>Column name for a contract field, for messages.</summary>
    public string ColumnOf(string field) => IndexOf(field) is >= 0 and var index ? ColumnName(index) : field;

    /// <summary>Fixes the width from the first row of a file without names.</summary>
    public void SetWidth(int width)
    {
        ExpectedCount = width;
        if (BlankRules.Length < width)
            BlankRules = [.. BlankRules, .. Enumerable.Repeat(BlankValueRule.Missing, width - BlankRules.Length)];
    }

    public int HighestReferencedColumn =>
        new[] { _fields.Values.DefaultIfEmpty(-1).Max(), _computed.Values.SelectMany(f => f).DefaultIfEmpty(-1).Max(), Exclusions.Concat(Negations).Concat(Inclusions).Select(e => e.Column).DefaultIfEmpty(-1).Max(), ReturnsCustomer }.Max() + 1;

    /// <summary>
    /// Resolves the spec against the column names. <paramref name="fail"/> builds the exception for
    /// a file-level problem from (column, reason).
    /// </summary>
    /// <param name="rows">The rows after the header, for the suggested spec of a header that does not fit it; null where
    /// there are no such rows to read.</param>
    internal static ColumnLayout Resolve(SourceSpec spec, string[]? names, string? headerText,
        Func<string?, string, DataLoadException> fail, RowsAfterHeader? rows = null)
    {
        if (names is { Length: 1 } && headerText is not null && spec.Header && LooksLikeWrongDelimiter(spec, headerText) is { } guess)
        {
            var (suggested, hint) = HeaderGuess.Delimiter(spec.Kind, headerText.Trim(), GuessChar(guess), GuessJson(guess), rows is null ? null : rows.Lines);
            throw Suggesting(suggested, fail(null, $"found 1 column where columns separated by {spec.DelimiterDescription} were expected "
                + $"({string.Join(", ", ContractFields.RequiredFor(spec.Kind))}): the header is '{headerText.Trim()}', which looks {guess}-separated; {hint}"));
        }

        var rules = new BlankValueRule[names?.Length ?? 0];
        foreach (var (column, rule) in spec.BlankValues ?? new Dictionary<string, BlankValueRule>())
        {
            int index = names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
                throw fail(column, $"blankValues names column '{column}', which the file does not have{Found(names)}");
            rules[index] = rule;
        }

        var layout = new ColumnLayout(names, names?.Length ?? -1, rules);
        foreach (var field in ContractFields.For(spec.Kind))
        {
            if (spec.Computed?.TryGetValue(field, out var computed) == true)
            {
                layout._computed[field] = [.. computed.Multiply.Select(c => layout.Locate(c, field, fail))];
                if (computed.Factor is { } factor)
                    layout._factors[field] = factor;
                if (computed.Minus.Count > 0)
                    layout._minus[field] = [.. computed.Minus.Select(c => layout.Locate(c, field, fail))];
                continue;
            }
            int index = spec.Mapping?.TryGetValue(field, out var column) == true
                ? layout.Locate(column, field, fail)
                : names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, field, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
                layout._fields[field] = index;
        }

        foreach (var field in ContractFields.RequiredFor(spec.Kind))
        {
            if (layout.IndexOf(field) < 0 && layout.FactorsOf(field) is null)
            {
                var summary = names is not null && spec.Mapping is null ? SummaryHint(names) : null;
                var suggested = names is not null && spec.Mapping is null && summary is null ? HeaderGuess.Suggest(spec.Kind, names, rows is null ? null : rows.Column) : null;
                throw Suggesting(suggested, fail(field, $"required column is missing: expected {Expected(spec)}{Found(names)}{summary ?? HeaderGuess.Hint(suggested)}"));
            }
        }
        (int, HashSet<string>)[] ByValue(IReadOnlyDictionary<string, IReadOnlyList<string>>? byValue, string key) =>
        [.. (byValue ?? new Dictionary<string, IReadOnlyList<string>>()).Select(e =>
        {
            int index = names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, e.Key, StringComparison.OrdinalIgnoreCase));
            return index >= 0
                ? (index, e.Value.Select(v => v.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase))
                : throw fail(e.Key, $"{key} names column '{e.Key}', which the file does not have{Found(names)}");
        })];
        layout.Exclusions = ByValue(spec.Exclude, "exclude");
        layout.Negations = ByValue(spec.Negate, "negate");
        layout.Inclusions = ByValue(spec.Include, "include");
        if (spec.CustomerIdOnReturns is { } returns)
            layout.ReturnsCustomer = layout.Locate(returns, "customerIdOnReturns", fail);
        return layout;
    }

    /// <summary><paramref name="error"/> with the spec its header suggests in its report, for <c>cvml validate --write-source</c>.</summary>
    static DataLoadException Suggesting(SuggestedSpec? suggested, DataLoadException error)
    {
        error.Report.SuggestedSpec = suggested;
        return error;
    }

    /// <summary>What to do with a file of customers' counts given where purchases were expected; null for other headers.</summary>
    static string? SummaryHint(string[] names) => SummaryTableReader.KindOf(names) switch
    {
        SummaryTableKind.RepeatSummaries => "; these columns are a customer summary (frequency, recency, T) as lifetimes, pymc-marketing or CLVTools write it, "
            + "not one row per purchase: `cvml btyd --summary` with this file fits BG/NBD, Pareto/NBD, MBG/NBD and Gamma-Gamma on it; "
            + "training and scoring need the purchases themselves",
        SummaryTableKind.OpportunityPatterns => "; these columns are a BG/BB pattern table (frequency, recency, periods), not one row per purchase: "
            + "`cvml btyd --model bgbb --patterns` with this file fits it",
        _ => null,
    };

    int Locate(ColumnRef column, string field, Func<string?, string, DataLoadException> fail)
    {
        if (column.Name is { } name)
        {
            int index = Names is null ? -1 : Array.FindIndex(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? index
                : throw fail(name, $"missing column '{name}' (mapped to {field}){Found(Names)}");
        }
        if (Names is not null && column.Position > Names.Length)
            throw fail(null, $"{field} is mapped to column {column.Position}, but there are only {Names.Length} columns{Found(Names)}");
        return column.Position - 1;
    }

    static string Expected(SourceSpec spec)
    {
        var required = string.Join(", ", ContractFields.RequiredFor(spec.Kind));
        return spec.Header
            ? $"a header naming {required}, separated by {spec.DelimiterDescription} (or a source spec mapping them)"
            : $"a source spec mapping {required} to columns";
    }

    static string Found(string[]? names) => names is null ? "" : $"; found {names.Length} column{(names.Length == 1 ? "" : "s")}: {string.Join(", ", names)}";

    /// <summary>The delimiter a one-column header seems to use instead of the configured one, or null.</summary>
    internal static string? LooksLikeWrongDelimiter(SourceSpec spec, string text)
    {
        text = text.Trim();
        var candidates = new (char Char, string Name)[] { (',', "','"), (';', "';'"), ('\t', "tab"), ('|', "'|'") };
        var best = candidates
            .Where(c => spec.IsWhitespaceDelimited || c.Char != spec.DelimiterChar)
            .Select(c => (c.Name, Count: text.AsSpan().Count(c.Char)))
            .Where(c => c.Count > 0)
            .OrderByDescending(c => c.Count)
            .FirstOrDefault();
        if (best.Count > 0)
            return best.Name;
        return !spec.IsWhitespaceDelimited && text.AsSpan().IndexOfAny(' ', '\t') >= 0 ? "whitespace" : null;
    }

    /// <summary>The character a guessed delimiter splits on; null for whitespace, which is runs of blanks.</summary>
    static char? GuessChar(string guess) => guess switch
    {
        "tab" => '\t',
        "whitespace" => null,
        _ => guess.Trim('\'')[0],
    };

    static string GuessJson(string guess) => guess switch
    {
        "tab" => "tab",
        "whitespace" => "whitespace",
        _ => guess.Trim('\''),
    };
}
