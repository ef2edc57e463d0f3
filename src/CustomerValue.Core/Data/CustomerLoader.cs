using System.Globalization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Data;

/// <summary>
/// Loads a customers file through a <see cref="SourceSpec"/> (the contract format when none).
/// Contract columns fill <see cref="CustomerProfile"/>; every other column becomes an attribute,
/// stored as trimmed text, whose type is inferred into the <see cref="AttributeSchema"/>.
/// Blank attribute values are left out of <see cref="CustomerProfile.Attributes"/> unless the spec
/// reads them as zero.
/// </summary>
public sealed class CustomerLoader
{
    public CustomerLoader(SourceSpec? spec = null, LoadOptions? options = null)
    {
        Spec = spec ?? SourceSpec.Contract(FileKind.Customers);
        if (Spec.Kind != FileKind.Customers)
            throw new ArgumentException("The source spec describes a transactions file; use TransactionLoader.", nameof(spec));
        Options = options ?? LoadOptions.Default;
    }

    public SourceSpec Spec { get; }
    public LoadOptions Options { get; }

    public CustomerTable Load(string path)
    {
        using var file = SourceFile.Open(path, Spec, Options);
        var parser = new RowParser(file, Spec, Options);
        var customers = new List<CustomerProfile>();
        while (file.NextRow())
        {
            if (parser.TryParse(out var profile))
                customers.Add(profile);
        }
        if (Spec.OneRowPer == RowUnit.Subscription)
            customers = parser.Combine(customers);
        var schema = parser.Complete(customers);
        file.Finish();
        return new CustomerTable(customers, schema, file.Report);
    }

    sealed class RowParser
    {
        readonly SourceFile _file;
        readonly RowReader _row;
        readonly ColumnLayout _layout;
        readonly SourceSpec _spec;
        readonly DateParser _dates;
        readonly NullTexts _nulls;
        readonly LabelParser _labels, _consents;
        readonly CultureInfo _culture;
        readonly DateRules _rules;
        bool _afterAsOf;
        readonly bool _wholeNumberIds, _lowerCaseIds;
        char[] _idBuffer = new char[64];
        readonly int _customer, _signup, _postal, _device, _channel, _newsletter, _churned, _churnDate;
        readonly Interner _devices = new(), _channels = new();
        // Postal codes repeat across customers (9,000 distinct among the million of the generated 1M base): one string each
        // instead of one per profile, 32 MB less for the life of a scoring run. Past the capacity, as unique as ids.
        readonly Interner _postalCodes = new(capacity: 1 << 16);
        readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

        /// <summary>With <see cref="RowUnit.Subscription"/>: a customer's rows may repeat their id, not a whole row.</summary>
        readonly bool _combines;

        /// <summary>With <see cref="_combines"/>: the first line of each customer's row by a hash of its fields.</summary>
        readonly Dictionary<(string Id, int Row), long> _rowsSeen = [];

        /// <summary>The attribute names in the order of a row's values (columns sharing a name share one).</summary>
        string[] _slotNames = [];

        /// <summary>The attribute the spec's <c>recurring</c> names as each charge's billing interval; -1 when none.</summary>
        int _intervalAttribute = -1;
        int[] _attributeColumns = [];
        string[] _attributeNames = [];
        Interner[] _attributeValues = [];
        Func<string?[], AttributeRow> _attributeRow = AttributeRow.For([]);
        // Columns sharing a name share one value, the later column's winning; each name counts under its first column.
        int[] _slotOf = [];
        int[] _firstColumnOfSlot = [];
        long[] _present = [], _nonNumeric = [], _blankCounts = [];
        readonly List<int> _blanksInRow = [];
        readonly List<int> _nonNumericInRow = [];

        public RowParser(SourceFile file, SourceSpec spec, LoadOptions options)
        {
            _file = file;
            _row = file.Row;
            _layout = file.Layout;
            _spec = spec;
            _culture = spec.FormatCulture;
            _dates = new DateParser(spec.DateFormats, _culture, dayResolution: true);
            _nulls = new NullTexts(spec.NullValues);
            _wholeNumberIds = spec.WholeNumberIds;
            _lowerCaseIds = spec.CaseInsensitiveIds;
            _labels = new LabelParser(spec.LabelValues);
            _consents = new LabelParser(spec.LabelValues, consent: true);
            _rules = new DateRules(options);
            _customer = _layout.IndexOf(ContractFields.CustomerId);
            _signup = _layout.IndexOf(ContractFields.SignupDate);
            _postal = _layout.IndexOf(ContractFields.PostalCode);
            _device = _layout.IndexOf(ContractFields.Device);
            _channel = _layout.IndexOf(ContractFields.Channel);
            _newsletter = _layout.IndexOf(ContractFields.Newsletter);
            _churned = _layout.IndexOf(ContractFields.Churned);
            _churnDate = _layout.IndexOf(ContractFields.ChurnDate);
            _combines = spec.OneRowPer == RowUnit.Subscription;
            if (_layout.ExpectedCount >= 0)
                DefineAttributes(_layout.ExpectedCount);
        }

        /// <summary>Attributes are the columns no contract field uses; known once the width is.</summary>
        void DefineAttributes(int width)
        {
            _attributeColumns = [.. Enumerable.Range(0, width).Where(i => !_layout.IsUsed(i))];
            _attributeNames = [.. _attributeColumns.Select(_layout.ColumnName)];
            _intervalAttribute = _spec.Recurring?.Interval is { } interval ? Array.IndexOf(_attributeNames, interval) : -1;
            _attributeValues = [.. _attributeColumns.Select(_ => new Interner())];
            var distinct = _attributeNames.Distinct(StringComparer.Ordinal).ToList();
            _slotOf = [.. _attributeNames.Select(name => distinct.IndexOf(name))];
            _firstColumnOfSlot = [.. distinct.Select(name => Array.IndexOf(_attributeNames, name))];
            _attributeRow = AttributeRow.For(distinct);
            _slotNames = [.. distinct];
            _present = new long[_attributeColumns.Length];
            _nonNumeric = new long[_attributeColumns.Length];
            _blankCounts = new long[width];
            var unknown = (_spec.AttributeTypes?.Keys ?? []).Where(k => !_attributeNames.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
                throw _file.FileProblem(_spec.Header ? 1 : 0, unknown[0],
                    $"attributeTypes names {string.Join(", ", unknown)}, which {(unknown.Count == 1 ? "is not an attribute" : "are not attributes")}; the attributes are {string.Join(", ", _attributeNames)}");
        }

        public bool TryParse(out CustomerProfile profile)
        {
            profile = null!;
            if (_blankCounts.Length == 0 && _row.FieldCount > 0)
                DefineAttributes(_row.FieldCount);
            _blanksInRow.Clear();
            _nonNumericInRow.Clear();
            _afterAsOf = false;
            if (_layout.LeavesOut(_row))
            {
                _file.Exclude();
                return false;
            }

            var id = _row[_customer].Trim();
            if (_wholeNumberIds)
                id = WholeNumberId.Of(id);
            if (_lowerCaseIds)
                id = LowerCase(id);
            if (_nulls.IsBlank(id))
                return Reject(_customer, "missing customer id");
            if (ValueBounds.CustomerIdProblem(id) is { } notText)
                return Reject(_customer, notText);
            int rowHash = _combines ? RowHash() : 0;
            if (_combines)
            {
                if (RepeatedRow(id, rowHash) is { } repeated)
                {
                    _file.Report.RepeatedRows++;
                    return Reject(_customer, $"repeats line {repeated} in every column: a customer's rows are combined (\"oneRowPer\": \"subscription\"), and a row held twice would count twice");
                }
            }
            else if (_seen.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out long firstLine))
            {
                _file.Report.DuplicateCustomerIds++;
                if (_row.CanReread && _file.Report.DuplicatesCompared < DuplicatesToCompare)
                    CompareWith(firstLine);
                return Reject(_customer, $"duplicate customer id '{id}' (first seen on line {firstLine})");
            }

            if (!TryDate(_signup, out var signup) || !TryDate(_churnDate, out var churnDate)
                || !TryLabel(_newsletter, ContractFields.Newsletter, out var newsletter)
                || !TryLabel(_churned, ContractFields.Churned, out var churned))
                return false;

            var attributes = new string?[_firstColumnOfSlot.Length];
            for (int a = 0; a < _attributeColumns.Length; a++)
            {
                int column = _attributeColumns[a];
                var text = _row[column].Trim();
                if (_nulls.IsBlank(text))
                {
                    var rule = column < _layout.BlankRules.Length ? _layout.BlankRules[column] : BlankValueRule.Missing;
                    if (rule == BlankValueRule.Reject)
                        return Reject(column, "blank value");
                    _blanksInRow.Add(column);
                    if (rule == BlankValueRule.Zero)
                        attributes[_slotOf[a]] = "0";
                    continue;
                }
                if (a == _intervalAttribute && !RecurringCharge.TryParsePeriod(text, out _))
                    return Reject(column, $"'{text}' is not a billing interval (the spec's \"recurring\" interval): {RecurringCharge.PeriodWords}");
                if (!double.TryParse(text, NumberStyles.Float, _culture, out double number) || !double.IsFinite(number))
                    _nonNumericInRow.Add(a);
                attributes[_slotOf[a]] = _attributeValues[a].Intern(text);
            }

            string idText = id.ToString();
            if (_combines)
                _rowsSeen.TryAdd((idText, rowHash), _row.Line);
            else
                _seen.Add(idText, _row.Line);
            foreach (int column in _blanksInRow)
                _blankCounts[column]++;
            foreach (int a in _nonNumericInRow)
                _nonNumeric[a]++;
            for (int slot = 0; slot < attributes.Length; slot++)
            {
                if (attributes[slot] is not null)
                    _present[_firstColumnOfSlot[slot]]++;
            }
            _file.Accept();
            if (_afterAsOf)
                _file.Report.RowsAfterAsOf++;
            profile = new CustomerProfile(idText)
            {
                SignupDate = signup,
                PostalCode = PostalCode(_postal, _postalCodes, _spec.PostalCodeDigits),
                Device = Text(_device, _devices),
                Channel = Text(_channel, _channels),
                Newsletter = newsletter,
                Churned = churned,
                ChurnDate = churnDate,
                Attributes = _attributeRow(attributes),
            };
            return true;
        }

        /// <summary>Repeated customer ids compared with the row that first held theirs, at most.</summary>
        const int DuplicatesToCompare = 100;

        /// <summary>Per column: of the compared repeats, how many hold another value there than the id's first row.</summary>
        long[] _differs = [];

        /// <summary>
        /// Compares the row with the one that first held its customer id, column by column: a row repeated whole (an
        /// export run twice) or a customer's further row of another kind (a subscription, an account), and which
        /// columns tell such rows apart.
        /// </summary>
        void CompareWith(long firstLine)
        {
            if (_differs.Length < _row.FieldCount)
                Array.Resize(ref _differs, _row.FieldCount);
            var same = true;
            for (int i = 0; i < _row.FieldCount; i++)
            {
                if (_row[i].Trim().SequenceEqual(_row.Reread(firstLine, i).AsSpan().Trim()))
                    continue;
                same = false;
                _differs[i]++;
            }
            _file.Report.CountComparedDuplicate(same);
        }

        /// <summary>Hashes the row's fields, trimmed: rows equal in every column hash alike.</summary>
        int RowHash()
        {
            var hash = new HashCode();
            for (int i = 0; i < _row.FieldCount; i++)
                hash.Add(string.GetHashCode(_row[i].Trim(), StringComparison.Ordinal));
            return hash.ToHashCode();
        }

        /// <summary>
        /// The line of an earlier row of the customer <paramref name="id"/> that this row repeats in every column, or
        /// null: the row's <paramref name="hash"/> finds it, and a source that can read a row again confirms it field by field.
        /// </summary>
        long? RepeatedRow(ReadOnlySpan<char> id, int hash)
        {
            if (!_rowsSeen.TryGetValue((id.ToString(), hash), out long line))
                return null;
            if (_row.CanReread)
            {
                for (int i = 0; i < _row.FieldCount; i++)
                {
                    if (!_row[i].Trim().SequenceEqual(_row.Reread(line, i).AsSpan().Trim()))
                        return null;
                }
            }
            return line;
        }

        /// <summary>Each customer's rows as one profile (<see cref="SubscriptionRows"/>); the report counts what was combined.</summary>
        public List<CustomerProfile> Combine(List<CustomerProfile> rows)
        {
            var combiner = new SubscriptionRows(_spec.Recurring, _slotNames, values => _attributeRow(values));
            var customers = combiner.Combine(rows);
            _file.Report.CombinedRows = rows.Count - customers.Count;
            _file.Report.CombinedCustomers = combiner.CombinedCustomers;
            return customers;
        }

        bool TryDate(int column, out DateOnly? value)
        {
            value = null;
            if (column < 0)
                return true;
            var text = _row[column];
            if (_nulls.IsBlank(text))
                return BlankOptional(column);
            if (!_dates.TryReadDate(_row, column, text, out var date))
                return Reject(column, _dates.Unparseable(text));
            if (_rules.Reject(date) is { } future)
                return Reject(column, future);
            _afterAsOf |= _rules.AfterAsOf(date);
            value = date;
            return true;
        }

        bool TryLabel(int column, string field, out bool? value)
        {
            value = null;
            if (column < 0)
                return true;
            var text = _row[column];
            if (_nulls.IsBlank(text))
                return BlankOptional(column);
            var labels = field == ContractFields.Newsletter ? _consents : _labels;
            if (!labels.TryParse(text, out bool label))
                return Reject(column, $"unrecognized {field} value '{text.Trim()}' (expected {labels.Expected})");
            value = label;
            return true;
        }

        bool BlankOptional(int column)
        {
            if (column < _layout.BlankRules.Length && _layout.BlankRules[column] == BlankValueRule.Reject)
                return Reject(column, "blank value");
            _blanksInRow.Add(column);
            return true;
        }

        string? Text(int column, Interner interner)
        {
            if (column < 0)
                return null;
            var text = _row[column].Trim();
            return _nulls.IsBlank(text) ? null : interner.Intern(text);
        }

        /// <summary>The postal code, with the zeros a spreadsheet dropped put back when the spec gives its digits.</summary>
        string? PostalCode(int column, Interner interner, int? digits)
        {
            if (column < 0)
                return null;
            var text = _row[column].Trim();
            return _nulls.IsBlank(text) ? null : PostalCodes.Intern(text, digits, interner);
        }

        /// <summary>The id in lower case (invariant), in a buffer reused row after row.</summary>
        ReadOnlySpan<char> LowerCase(ReadOnlySpan<char> id)
        {
            if (_idBuffer.Length < id.Length)
                _idBuffer = new char[id.Length * 2];
            int length = id.ToLowerInvariant(_idBuffer);
            return _idBuffer.AsSpan(0, length);
        }

        bool Reject(int column, string reason)
        {
            _file.Reject(_layout.ColumnName(column), reason);
            return false;
        }

        public AttributeSchema Complete(IReadOnlyList<CustomerProfile> customers)
        {
            var report = _file.Report;
            int loaded = report.Customers = customers.Count;
            // Combined rows: what is present is counted on the customers, one row each.
            if (report.CombinedRows > 0)
            {
                for (int a = 0; a < _attributeColumns.Length; a++)
                    _present[a] = a == _firstColumnOfSlot[_slotOf[a]] ? customers.Count(c => c.Attributes.ContainsKey(_attributeNames[a])) : 0;
            }
            // A column whose value differs on every repeat compared, named like an id, names each row of a file of
            // several rows per customer (one per subscription): the column a reading of each row as its own would key on.
            report.RowIdColumn = report.DuplicatesCompared > report.DuplicatesRepeatingTheRow
                ? Enumerable.Range(0, _differs.Length)
                    .Where(i => i != _customer && _differs[i] == report.DuplicatesCompared - report.DuplicatesRepeatingTheRow)
                    .Select(_layout.ColumnName)
                    .FirstOrDefault(HeaderGuess.NamesAnId)
                : null;
            report.BlankValues = [.. Enumerable.Range(0, _blankCounts.Length)
                .Where(i => _blankCounts[i] > 0)
                .Select(i => new BlankValueCount(_layout.ColumnName(i), _blankCounts[i],
                    i < _layout.BlankRules.Length ? _layout.BlankRules[i] : BlankValueRule.Missing))];
            return new AttributeSchema([.. _attributeNames.Select((name, a) =>
            {
                var given = _spec.AttributeTypes?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
                var type = given is { Key: not null } ? given.Value.Value
                    : _present[a] > 0 && _nonNumeric[a] == 0 ? AttributeType.Numeric : AttributeType.Categorical;
                return new AttributeInfo(name, type, _present[a], loaded - _present[a], Inferred: given is not { Key: not null });
            })]);
        }
    }
}
