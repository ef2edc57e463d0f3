using System.Globalization;
using System.Text.RegularExpressions;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Data;

/// <summary>
/// Loads a transactions file through a <see cref="SourceSpec"/> (the contract format when none),
/// checking every row. <see cref="Stream"/> reads row by row without holding the file;
/// <see cref="Load"/> keeps everything in memory.
/// </summary>
public sealed partial class TransactionLoader
{
    public TransactionLoader(SourceSpec? spec = null, LoadOptions? options = null)
    {
        Spec = spec ?? SourceSpec.Contract(FileKind.Transactions);
        if (Spec.Kind != FileKind.Transactions)
            throw new ArgumentException("The source spec describes a customers file; use CustomerLoader.", nameof(spec));
        Options = options ?? LoadOptions.Default;
    }

    public SourceSpec Spec { get; }
    public LoadOptions Options { get; }

    /// <summary>
    /// Reads the file lazily. Enumerating reads it again from the top; the stream's report fills as
    /// it goes and is final when enumeration ends. Under <see cref="BadRowPolicy.Fail"/> the first
    /// bad row stops the stream from yielding, the rest is still checked, and enumeration ends with a
    /// <see cref="DataLoadException"/> listing the errors.
    /// </summary>
    public TransactionStream Stream(string path) => new(this, path);

    /// <summary>Reads the whole file into memory.</summary>
    public TransactionSet Load(string path)
    {
        var stream = Stream(path);
        var transactions = stream.ToList();
        return new TransactionSet(transactions, stream.Report!);
    }

    internal IEnumerable<Transaction> Read(string path, Action<LoadReport> started)
    {
        using var file = SourceFile.Open(path, Spec, Options);
        started(file.Report);
        var parser = new RowParser(file, Spec, Options);
        while (file.NextRow())
        {
            if (parser.TryParse(keepDetails: true, out var row) && !file.Failing)
                yield return new Transaction(row.CustomerId, row.Timestamp, row.Amount, row.OrderId, row.Quantity, row.Channel, row.Device);
        }
        parser.Complete();
        file.Finish();
    }

    /// <summary>
    /// The same pass and checks as <see cref="Read"/>, handing out only what a ledger needs as structs: no object per
    /// row, which matters at tens of millions of rows.
    /// </summary>
    internal IEnumerable<LedgerEntry> ReadEntries(string path, Action<LoadReport> started)
    {
        using var file = SourceFile.Open(path, Spec, Options);
        started(file.Report);
        var parser = new RowParser(file, Spec, Options);
        while (file.NextRow())
        {
            if (parser.TryParse(keepDetails: false, out var row) && !file.Failing)
                yield return new LedgerEntry(row.CustomerId, row.Timestamp, row.Amount);
        }
        int orderIds = parser.Complete();
        file.Finish();
        // The order ids and tallies are garbage once the file ends, but the collector would take them back only after
        // a feature row per customer had been built on top of them: the pass's peak would be both together. A compacting
        // collection that hands the memory back to the system lowered the peak of cvml score on the 1M base by 10-50 MB
        // (892 / 886 MB against 899 / 904 MB, runs alternating) and took 0.35 s instead of 0.14 s: not worth it.
        if (orderIds >= ManyOrderIds)
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
    }

    /// <summary>About 40 MB of order-id index: from here it is worth a collection to hand back at the end of a pass.</summary>
    const int ManyOrderIds = 1_000_000;

    /// <summary>A parsed row; the order id, channel and device are left null when the caller does not keep them (a ledger has no use for them).</summary>
    readonly record struct ParsedRow(
        string CustomerId, DateTime Timestamp, double Amount, string? OrderId, double? Quantity, string? Channel, string? Device);

    /// <summary>Per-load state: interned ids, running net spend per customer, order ids seen.</summary>
    sealed partial class RowParser
    {
        /// <summary>After this many order ids the index is sized for the whole file, judged from the bytes read so far.</summary>
        const int OrderIdSample = 4096;

        /// <summary>
        /// How many rows ahead the order-id slot is prefetched: a row takes a few hundred nanoseconds here, a slot
        /// fetched from memory about a hundred, so a few rows are enough and more would only risk evicting it again.
        /// </summary>
        const int OrderIdPrefetchRows = 8;
        /// <summary>
        /// Repeated order ids compared with their first row, column by column, to tell an export holding rows twice from
        /// a file of order lines; a sample, since each costs a read of the earlier line.
        /// </summary>
        const int DuplicatesToCompare = 100;

        readonly SourceFile _file;
        readonly RowReader _row;
        readonly ColumnLayout _layout;
        readonly DateParser _dates;
        readonly NullTexts _nulls;
        readonly CultureInfo _culture;
        readonly NumberStyles _numberStyles;
        readonly NumberStyle _numberStyle;
        CultureInfo? _currencyCulture;
        readonly DateRules _rules;
        readonly DateProfile _profile;
        readonly AmountProfile _amounts;
        readonly double _maxAmount, _minAmount;
        /// <summary>The column an amount's error names: the amount's, or a computed amount's last factor.</summary>
        readonly int _amountColumn;
        readonly bool _uniqueOrderIds, _wholeNumberIds, _lowerCaseIds;
        /// <summary>The spec's <c>postalCodeDigits</c>: a first order's postal code is read with the zeros a spreadsheet dropped.</summary>
        readonly int? _postalCodeDigits;
        char[] _idBuffer = new char[64];
        readonly int _customer, _timestamp, _amount, _orderId, _quantity, _channel, _device, _postalCode;

        /// <summary>The spec's <c>customerIdOnReturns</c> column, or -1.</summary>
        readonly int _returnsCustomer;

        /// <summary>Rows with a negative amount loaded, and the first ones' customer and unused columns' values, for <see cref="ReturnsHolder"/>.</summary>
        long _returns;
        readonly List<(CustomerTally Customer, string[] Values)> _returnSamples = [];
        const int ReturnSamples = 2_000;
        /// <summary>Whether a column that describes the customer (channel, device, postal code) is read.</summary>
        readonly bool _describes;
        readonly int[]? _amountFactors;
        /// <summary>Columns subtracted from the amount (a computed amount's <c>minus</c>: a refunded amount).</summary>
        readonly int[] _amountMinus;
        readonly double _amountConstant;
        static readonly CultureInfo DecimalComma = CultureInfo.GetCultureInfo("de-DE");

        Dictionary<string, CustomerTally> _customers = new(StringComparer.Ordinal);
        Dictionary<string, CustomerTally>.AlternateLookup<ReadOnlySpan<char>> _customerLookup;
        OrderIdIndex _orders;
        IdenticalRowTally _identical = new();
        OrderTally _orderTally = new();
        /// <summary><see cref="UnusedValue"/>, made once: a method group passed per row would be a delegate per row.</summary>
        readonly Func<int, string> _unusedValue;
        CustomerTally? _lastCustomer;
        /// <summary>The timestamp of the row loaded last (<see cref="_lastCustomer"/>'s).</summary>
        long _lastTicks;
        long _customerRuns;
        readonly Interner _channels = new(), _devices = new(), _postalCodes = new();
        long[] _blankCounts;
        /// <summary>Per unused column (with <see cref="LoadOptions.TallyUnusedColumns"/>): its values' loaded rows; null once past <see cref="StatusColumn.MaxValues"/>.</summary>
        readonly (int Column, Dictionary<string, long>? Values)[] _unused;
        readonly List<int> _blanksInRow = [];

        public RowParser(SourceFile file, SourceSpec spec, LoadOptions options)
        {
            _file = file;
            _layout = file.Layout;
            _culture = spec.FormatCulture;
            _numberStyles = spec.NumberStyles;
            _numberStyle = spec.NumberStyle;
            _dates = new DateParser(spec.DateFormats, _culture, spec.DayResolution);
            _nulls = new NullTexts(spec.NullValues);
            _rules = new DateRules(options);
            _uniqueOrderIds = spec.UniqueOrderIds;
            _wholeNumberIds = spec.WholeNumberIds;
            _postalCodeDigits = spec.PostalCodeDigits;
            _lowerCaseIds = spec.CaseInsensitiveIds;
            _customer = _layout.IndexOf(ContractFields.CustomerId);
            _returnsCustomer = _layout.ReturnsCustomer;
            _timestamp = _layout.IndexOf(ContractFields.Timestamp);
            _profile = new DateProfile(file.Path, _layout.ColumnName(_timestamp));
            file.Report.Dates = _profile;
            _amount = _layout.IndexOf(ContractFields.Amount);
            _amounts = new AmountProfile(file.Path, _amount >= 0 ? _layout.ColumnName(_amount) : ContractFields.Amount);
            _maxAmount = spec.MaxAmount ?? double.PositiveInfinity;
            _minAmount = spec.MinAmount ?? double.NegativeInfinity;
            file.Report.Amounts = _amounts;
            _amountFactors = _layout.FactorsOf(ContractFields.Amount);
            _amountConstant = _layout.ConstantFactorOf(ContractFields.Amount);
            _amountMinus = _layout.MinusOf(ContractFields.Amount);
            _amountColumn = _amount >= 0 ? _amount : _amountFactors is [.., int last] ? last : -1;
            _orderId = _layout.IndexOf(ContractFields.OrderId);
            _quantity = _layout.IndexOf(ContractFields.Quantity);
            _channel = _layout.IndexOf(ContractFields.Channel);
            _device = _layout.IndexOf(ContractFields.Device);
            _postalCode = _layout.IndexOf(ContractFields.PostalCode);
            _describes = options.DescribeCustomers && (_channel >= 0 || _device >= 0 || _postalCode >= 0);
            _customerLookup = _customers.GetAlternateLookup<ReadOnlySpan<char>>();
            _blankCounts = [];
            // Splitting records and parsing dates and amounts take most of a row's time and need no earlier row; they
            // run on a second thread, while the order-id and tally checks, which do, stay here in file order.
            int[] numbers = [.. (_amountFactors ?? [_amount]).Concat(_amountMinus).Append(_quantity).Where(column => column >= 0)];
            file.ParseAhead(new ParseAheadPlan([_timestamp], () => new DateParser(spec.DateFormats, _culture, spec.DayResolution), numbers, _culture,
                HashColumn: _orderId) { TextColumns = [.. new[] { _customer, _orderId }.Where(column => column >= 0)] });
            _row = file.Row;
            _orders = NewOrderIdIndex();
            _unusedValue = UnusedValue;
            _unused = options.TallyUnusedColumns && _layout.Names is { } names
                ? [.. Enumerable.Range(0, names.Length).Where(i => !_layout.IsUsed(i)).Select(i => (i, (Dictionary<string, long>?)new Dictionary<string, long>(StringComparer.Ordinal)))]
                : [];
            _refundSigns = new Dictionary<string, long[]>?[_unused.Length];
        }

        /// <summary>Whether the current row holds the same text in every column as the row on <paramref name="line"/>.</summary>
        bool RepeatsLine(long line)
        {
            for (int i = 0; i < _row.FieldCount; i++)
            {
                if (!_row[i].Trim().SequenceEqual(_row.Reread(line, i)))
                    return false;
            }
            return true;
        }

        /// <summary>An index that reads the text of an id again from the file when it needs it, where the file allows.</summary>
        OrderIdIndex NewOrderIdIndex() => _row.CanReread ? new(line => _row.Reread(line, _orderId)) : new();

        public bool TryParse(bool keepDetails, out ParsedRow transaction)
        {
            transaction = default;
            if (_uniqueOrderIds && _orderId >= 0 && _row.TryGetTextHash(_orderId, OrderIdPrefetchRows, out long ahead))
                _orders.Prefetch(ahead);
            _blanksInRow.Clear();
            if (_blankCounts.Length < _row.FieldCount)
                Array.Resize(ref _blankCounts, _row.FieldCount);
            if (_layout.LeavesOut(_row))
            {
                _file.Exclude();
                // What an "include" left out, by its value: refund events among them are money given back.
                foreach (var (column, values) in _layout.Inclusions)
                {
                    var value = _row[column].Trim();
                    if (!values.GetAlternateLookup<ReadOnlySpan<char>>().Contains(value) && HeaderGuess.IsRefundEvent(value))
                        _file.Report.CountRefundEventLeftOut(_layout.ColumnName(column), value);
                }
                return false;
            }

            var id = IdIn(_customer);
            if (_nulls.IsBlank(id))
            {
                if (_timestamp >= 0 && TotalsWord(id, _row[_timestamp]) is { } total)
                    return Reject(_customer, TotalsLine(total));
                _file.Report.MissingCustomerIds++;
                return Reject(_customer, "missing customer id");
            }
            if (ValueBounds.CustomerIdProblem(id) is { } notText)
                return Reject(_customer, notText);

            // A value the source holds already is not blank: only a text still to parse is looked at as text.
            if (!_dates.TryReadValue(_row, _timestamp, out var timestamp))
            {
                var timestampText = _row[_timestamp];
                if (_nulls.IsBlank(timestampText))
                    return Reject(_timestamp, TotalsWord(id, timestampText) is { } total ? TotalsLine(total) : "missing date");
                if (!_dates.TryParse(timestampText, out timestamp))
                {
                    if (TotalsWord(id, timestampText) is { } total)
                        return Reject(_timestamp, TotalsLine(total));
                    if (_dates.SwappedFormat(timestampText) is { } swapped)
                        _file.Report.CountSwappedDate(timestampText, swapped);
                    else if (_dates.DecidedOrder(timestampText) is { } order)
                        _file.Report.CountDecidedOrder(timestampText, order);
                    return Reject(_timestamp, IsHeaderAgain(id, timestampText) ? HeaderAgain : _dates.Unparseable(timestampText));
                }
            }
            var day = DateOnly.FromDateTime(timestamp);
            if (_rules.Reject(day) is { } future)
                return Reject(_timestamp, future);

            double amount = 1;
            if (_amountFactors is { } factors)
            {
                foreach (int factor in factors)
                {
                    if (!TryNumber(factor, ContractFields.Amount, required: true, out double? value))
                        return CountIfBlank(factor, id, timestamp.Ticks);
                    amount *= value!.Value;
                }
                // In decimal, so cents × 0.01 gives the double nearest 19.99 rather than 19.990000000000002.
                if (_amountConstant != 1 && Math.Abs(amount) < 1e15)
                    amount = (double)((decimal)amount * (decimal)_amountConstant);
                else
                    amount *= _amountConstant;
            }
            else if (TryNumber(_amount, ContractFields.Amount, required: true, out double? value))
                amount = value!.Value;
            else
                return CountIfBlank(_amount, id, timestamp.Ticks);
            foreach (int minus in _amountMinus)
            {
                // Blank where nothing was refunded: nothing to subtract.
                if (!TryNumber(minus, ContractFields.Amount, required: false, out double? subtracted))
                    return false;
                // In decimal, so 19.99 − 5.99 gives the double nearest 14.00 rather than 13.999999999999998.
                if (subtracted is { } less && less != 0)
                    amount = Math.Abs(amount) < 1e15 && Math.Abs(less) < 1e15 ? (double)((decimal)amount - (decimal)less) : amount - less;
            }
            // An export that writes a refund's amount positive beside its kind: the spec's negate reads it as a return.
            if (amount > 0 && HoldsOneOf(_layout.Negations))
                amount = -amount;
            // Sums of amounts beyond ±1e12 lose cents, and the summary's decimal totals overflow.
            if (ValueBounds.AmountProblem(amount) is { } outOfRange)
                return Reject(_amountColumn, outOfRange);
            if (amount > _maxAmount)
                return Reject(_amountColumn,
                    string.Create(CultureInfo.InvariantCulture, $"{amount:0.00###} is above the source spec's maxAmount, {_maxAmount:0.00###}"));
            if (amount < _minAmount)
                return Reject(_amountColumn,
                    string.Create(CultureInfo.InvariantCulture, $"{amount:0.00###} is below the source spec's minAmount, {_minAmount:0.00###}"));

            double? quantity = null;
            if (_quantity >= 0 && !TryNumber(_quantity, ContractFields.Quantity, required: false, out quantity))
                return false;

            string? orderId = null;
            // A ledger's money sent out (a refund) names the customer in another column than the money it takes in.
            if (amount < 0 && _returnsCustomer >= 0)
            {
                id = IdIn(_returnsCustomer);
                if (_nulls.IsBlank(id))
                {
                    _file.Report.MissingReturnCustomerIds++;
                    return Reject(_returnsCustomer, "missing customer id on a negative amount (the source spec's customerIdOnReturns column)");
                }
                if (ValueBounds.CustomerIdProblem(id) is { } notAnId)
                    return Reject(_returnsCustomer, notAnId);
            }

            bool orderChecked = false;
            if (_orderId >= 0 && !_nulls.IsBlank(_row[_orderId]))
            {
                var order = _row[_orderId].Trim();
                // A return may carry the id of the order it refunds; only a second purchase is a duplicate.
                if (_uniqueOrderIds && amount >= 0)
                {
                    if (_orders.Count == OrderIdSample)
                        _orders.EnsureCapacity((int)Math.Min(_row.EstimatedRecords, Array.MaxLength / 2));
                    long hash = _row.TryGetTextHash(_orderId, 0, out long known) ? known : OrderIdIndex.Hash(order);
                    if (!_orders.TryAdd(order, hash, _row.Line, out long firstLine))
                    {
                        _file.Report.DuplicateOrderIds++;
                        if (_row.CanReread && _file.Report.DuplicatesCompared < DuplicatesToCompare)
                        {
                            _file.Report.CountComparedDuplicate(RepeatsLine(firstLine));
                            CountAfterNotThrough(firstLine);
                        }
                        CountRefundUnderOrder();
                        return Reject(_orderId, $"duplicate order id '{order}' (first seen on line {firstLine})");
                    }
                    orderChecked = true;
                }
                if (keepDetails)
                    orderId = order.ToString();
            }

            // Interning every row's channel and device cost about 3 % of a ledger pass that then dropped them.
            string? channel = keepDetails ? Text(_channel, _channels) : null;
            string? device = keepDetails ? Text(_device, _devices) : null;

            // Files are often grouped by customer; checking the previous row's customer first skips
            // most dictionary probes, which dominate the cost of a row when customers are many.
            var tally = _lastCustomer;
            if ((tally is null || !id.SequenceEqual(tally.Id)) && !_customerLookup.TryGetValue(id, out tally))
            {
                tally = new CustomerTally(id.ToString(), _customers.Count);
                _customers.Add(tally.Id, tally);
            }
            // A purchase whose order id was checked for repeats cannot repeat an earlier row: only the others are tallied.
            if (!orderChecked)
            {
                long orderHash = _orderId < 0 || _nulls.IsBlank(_row[_orderId]) ? -1
                    : _row.TryGetTextHash(_orderId, 0, out long hashed) ? hashed : OrderIdIndex.Hash(_row[_orderId].Trim());
                _identical.Add(IdenticalRowTally.Hash(tally.Key, timestamp.Ticks, amount, orderHash));
                // A line-item file's order: does one of its rows total the others (OrderTotalRows)?
                if (orderHash != -1 && !_uniqueOrderIds)
                    _orderTally.Add(orderHash, amount, _unused.Length, _unusedValue);
            }
            tally.Net += amount;
            tally.Bought |= amount >= 0;
            if (amount < 0)
            {
                _returns++;
                tally.Returns++;
                tally.Returned += amount;
                if (_returnSamples.Count < ReturnSamples && _unused.Length > 0 && _returnsCustomer < 0)
                {
                    var values = new string[_unused.Length];
                    for (int i = 0; i < values.Length; i++)
                        values[i] = _row[_unused[i].Column].Trim().ToString();
                    _returnSamples.Add((tally, values));
                }
            }
            // A purchase describes the customer as they were then; the earliest one with a value says how they came.
            if (_describes && amount >= 0)
                Describe(tally, timestamp.Ticks);
            if (!ReferenceEquals(tally, _lastCustomer))
                _customerRuns++;
            _lastCustomer = tally;
            _lastTicks = timestamp.Ticks;

            foreach (int column in _blanksInRow)
                _blankCounts[column]++;
            TallyUnused(amount);
            _file.Accept();
            _profile.Add(day, _row.Line);
            _amounts.Add(amount, _row.Line, tally.Id, day);
            if (_rules.AfterAsOf(day))
                _file.Report.RowsAfterAsOf++;
            transaction = new ParsedRow(tally.Id, timestamp, amount, orderId, quantity, channel, device);
            return true;
        }

        /// <summary>
        /// The customer holding most of the file's returns, as an account's own address in a ledger export does, and the
        /// unused column that names another customer of the file on most of its sampled returns; null when none does.
        /// </summary>
        ReturnsHolder? HoldsTheReturns()
        {
            if (_returns < ReturnsHolder.FewestReturns || _customers.Count < ReturnsHolder.FewestCustomers || _returnsCustomer >= 0)
                return null;
            CustomerTally? holder = null;
            foreach (var customer in _customers.Values)
            {
                if (customer.Returns > (holder?.Returns ?? 0))
                    holder = customer;
            }
            // A customer who buys more than they return is a customer, however many returns they hold (a distributor's
            // credit notes); the account's own address sends out more than it takes in.
            if (holder is null || holder.Returns < ReturnsHolder.FewestReturns || holder.Returns < ReturnsHolder.LeastShare * _returns || !(holder.Net < 0))
                return null;
            var sampled = _returnSamples.Where(r => ReferenceEquals(r.Customer, holder)).ToList();
            (string Column, int Named, int Sampled)? otherParty = null;
            for (int i = 0; i < _unused.Length && sampled.Count > 0; i++)
            {
                var named = sampled.Count(r => r.Values[i].Length > 0 && r.Values[i] != holder.Id && _customerLookup.ContainsKey(r.Values[i]));
                if (named >= ReturnsHolder.LeastShare * sampled.Count && named > (otherParty?.Named ?? 0))
                    otherParty = (_layout.ColumnName(_unused[i].Column), named, sampled.Count);
            }
            return new ReturnsHolder(holder.Id, _layout.ColumnName(_customer), holder.Returns, _returns, Math.Round(holder.Returned, 2), otherParty);
        }

        /// <summary>The customer id in <paramref name="column"/>, trimmed and read as the spec says (whole numbers, lower case).</summary>
        ReadOnlySpan<char> IdIn(int column)
        {
            var id = _row[column].Trim();
            if (_wholeNumberIds)
                id = WholeNumberId.Of(id);
            return _lowerCaseIds ? LowerCase(id) : id;
        }

        /// <summary>The current row's trimmed text in the <paramref name="index"/>th unused column; "" for one no longer tallied.</summary>
        string UnusedValue(int index) => _unused[index].Values is null ? "" : _row[_unused[index].Column].Trim().ToString();

        /// <summary>Whether the spec's <c>exclude</c> or <c>include</c> leaves this row out; its other fields are then never looked at.</summary>
        /// <summary>Whether the row's value in the column is one of the values (trimmed, any case).</summary>
        bool Holds((int Column, HashSet<string> Values) byValue) =>
            byValue.Values.GetAlternateLookup<ReadOnlySpan<char>>().Contains(_row[byValue.Column].Trim());

        /// <summary>Whether the row holds one of the values in one of the columns.</summary>
        bool HoldsOneOf(IReadOnlyList<(int Column, HashSet<string> Values)> byValues)
        {
            foreach (var byValue in byValues)
            {
                if (Holds(byValue))
                    return true;
            }
            return false;
        }

        /// <summary>
        /// A row repeating a purchase's order id with a positive amount: whether an unused column names it a refund (a
        /// transactions export writes a refund under its order's id, amount positive, Kind 'refund'), counted for the hint.
        /// </summary>
        void CountRefundUnderOrder()
        {
            for (int i = 0; i < _unused.Length; i++)
            {
                var value = _row[_unused[i].Column].Trim();
                if (RefundKind.IsRefundWord(value))
                {
                    _file.Report.CountRefundUnderOrder(_layout.ColumnName(_unused[i].Column), value);
                    return;
                }
            }
        }

        /// <summary>
        /// A row repeating an order id whose first row an unused column says did not go through (a held payment's
        /// authorization, then its capture under the same order): counted for the hint that excludes those first rows.
        /// </summary>
        void CountAfterNotThrough(long firstLine)
        {
            for (int i = 0; i < _unused.Length; i++)
            {
                var first = _row.Reread(firstLine, _unused[i].Column).Trim();
                if (StatusColumn.NotGoneThrough(first) && !StatusColumn.NotGoneThrough(_row[_unused[i].Column].Trim().ToString()))
                {
                    _file.Report.CountAfterNotThrough(_layout.ColumnName(_unused[i].Column), first);
                    return;
                }
            }
        }

        /// <summary>
        /// Per unused column, its values that name a refund or a return (<see cref="RefundKind.IsRefundWord"/>), each with
        /// its loaded rows of a positive amount and of a negative one; null for a column with none.
        /// </summary>
        Dictionary<string, long[]>?[] _refundSigns;

        /// <summary>Counts the loaded row's value of each unused column still few-valued enough to be a status.</summary>
        void TallyUnused(double amount)
        {
            for (int i = 0; i < _unused.Length; i++)
            {
                if (_unused[i].Values is not { } values)
                    continue;
                var lookup = values.GetAlternateLookup<ReadOnlySpan<char>>();
                var value = _row[_unused[i].Column].Trim();
                if (lookup.TryGetValue(value, out long rows))
                    lookup[value] = rows + 1;
                else if (values.Count < StatusColumn.MaxValues)
                {
                    lookup[value] = 1;
                    if (RefundKind.IsRefundWord(value))
                        (_refundSigns[i] ??= new(StringComparer.Ordinal))[value.ToString()] = [0, 0];
                }
                else
                    _unused[i].Values = null;
                if (_refundSigns[i] is { } signs && amount != 0 && signs.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var counts))
                    counts[amount > 0 ? 0 : 1]++;
            }
        }

        /// <summary>How a blank in the column was read: a missing amount to subtract (nothing refunded) subtracts 0.</summary>
        BlankValueRule BlankRuleOf(int column)
        {
            var rule = column < _layout.BlankRules.Length ? _layout.BlankRules[column] : BlankValueRule.Missing;
            return rule == BlankValueRule.Missing && _amountMinus.Contains(column) ? BlankValueRule.Zero : rule;
        }

        /// <summary>Keeps the row's channel, device and postal code where they come earlier than the customer's so far.</summary>
        void Describe(CustomerTally tally, long ticks)
        {
            var first = tally.FirstOrder ??= new FirstOrder();
            if (_channel >= 0 && ticks < first.ChannelTicks && Text(_channel, _channels) is { } channel)
                (first.Channel, first.ChannelTicks) = (channel, ticks);
            if (_device >= 0 && ticks < first.DeviceTicks && Text(_device, _devices) is { } device)
                (first.Device, first.DeviceTicks) = (device, ticks);
            if (_postalCode >= 0 && ticks < first.PostalCodeTicks && _row[_postalCode].Trim() is var postalCode && !_nulls.IsBlank(postalCode))
                (first.PostalCode, first.PostalCodeTicks) = (PostalCodes.Intern(postalCode, _postalCodeDigits, _postalCodes), ticks);
        }

        /// <summary>
        /// After an amount was rejected: counts a blank one, and whether the row has the customer and time of the row
        /// loaded before it, as the further lines of an order do in an export that writes the order's total on its first
        /// line only (<see cref="LoadReport.MissingAmountsOnOrderLines"/>). Always false: the row is rejected.
        /// </summary>
        bool CountIfBlank(int column, ReadOnlySpan<char> id, long ticks)
        {
            if (!_nulls.IsBlank(_row[column]))
                return false;
            var report = _file.Report;
            report.MissingAmounts++;
            report.MissingAmountColumn ??= _layout.ColumnName(column);
            if (_lastCustomer is { } last && ticks == _lastTicks && id.SequenceEqual(last.Id))
                report.MissingAmountsOnOrderLines++;
            return false;
        }

        /// <summary>Exports appended to each other (<c>cat jan.csv feb.csv</c>) repeat the header line between them.</summary>
        bool IsHeaderAgain(ReadOnlySpan<char> id, ReadOnlySpan<char> timestamp) =>
            id.Equals(_layout.ColumnName(_customer), StringComparison.OrdinalIgnoreCase)
            && timestamp.Trim().Equals(_layout.ColumnName(_timestamp), StringComparison.OrdinalIgnoreCase);

        const string HeaderAgain = "the header line again (files appended one after another?): remove the repeated header lines, or --on-bad-row skip sets them aside";

        /// <summary>
        /// A spreadsheet report's totals line ("Total", "Grand total", "Sum" where the customer or the date stands, and no
        /// date): a row that is not a purchase, whose amount is the sum of the others. Asked only of a row whose date is
        /// missing or unreadable.
        /// </summary>
        static string? TotalsWord(ReadOnlySpan<char> id, ReadOnlySpan<char> timestamp) =>
            IsTotalsWord(id) ? id.Trim().ToString() : IsTotalsWord(timestamp) ? timestamp.Trim().ToString() : null;

        static bool IsTotalsWord(ReadOnlySpan<char> text) => TotalsWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.Trim().TrimEnd(':'));

        static string TotalsLine(string word) =>
            $"a totals line ('{word}' with no date), as a spreadsheet's report ends with, not a purchase: delete it, or --on-bad-row skip sets it aside";

        static readonly HashSet<string> TotalsWords = new(StringComparer.OrdinalIgnoreCase)
        {
            "total", "totals", "grand total", "sum", "subtotal", "sub-total", "overall total", "total general", "gesamt", "summe", "totaal", "totale",
        };

        string? Text(int column, Interner interner)
        {
            if (column < 0)
                return null;
            var text = _row[column].Trim();
            return _nulls.IsBlank(text) ? null : interner.Intern(text);
        }

        bool TryNumber(int column, string field, bool required, out double? value)
        {
            if (_row.TryGetNumber(column, out double number))
            {
                value = number;
                return true;
            }
            var text = _row[column];
            value = null;
            if (_nulls.IsBlank(text))
            {
                var rule = column < _layout.BlankRules.Length ? _layout.BlankRules[column] : BlankValueRule.Missing;
                if (rule == BlankValueRule.Reject || (rule == BlankValueRule.Missing && required))
                    return Reject(column, $"missing {field}");
                _blanksInRow.Add(column);
                value = rule == BlankValueRule.Zero ? 0 : null;
                return true;
            }
            if (double.TryParse(text, _numberStyles, _culture, out number) && double.IsFinite(number))
            {
                // The currency style takes group separators anywhere: de-DE reads €24.50 as 2450.
                if (_numberStyle == NumberStyle.Currency && !HeaderGuess.DecimalAsWritten(text, _culture))
                    return Reject(column, $"{field} '{text.Trim()}' writes its decimals after '{text[text.LastIndexOfAny('.', ',')]}', which the culture {_culture.Name} groups thousands with: it would read {number.ToString("0.##", CultureInfo.InvariantCulture)}; give the spec the culture of the file's own currency format{(OtherCurrencyCulture(text) is { } other ? $" (\"{other.Name}\" reads it)" : "")}");
                value = number;
                return true;
            }
            var hint = DecimalCommaHint(text);
            return Reject(column, $"non-numeric {field} '{text.Trim()}'{(hint.Length > 0 ? hint : CurrencyHint(text))}");
        }

        /// <summary>
        /// A spreadsheet's currency format (<c>$1,234.50</c>) rejects every row of the file: name the spec that reads it,
        /// with a culture whose currency format reads this text (the spec's own first). The culture found is tried first
        /// on the next row, as a file keeps one format.
        /// </summary>
        string CurrencyHint(ReadOnlySpan<char> text)
        {
            if (_numberStyle == NumberStyle.Currency || !LooksLikeCurrency(text))
                return "";
            CultureInfo? culture = null;
            foreach (var candidate in (CultureInfo?[])[_currencyCulture, _culture, .. HeaderGuess.CurrencyCultures])
            {
                if (candidate is not null && !ReferenceEquals(candidate, CultureInfo.InvariantCulture)
                    && double.TryParse(text, NumberStyles.Currency, candidate, out var number) && double.IsFinite(number)
                    && HeaderGuess.DecimalAsWritten(text, candidate))
                {
                    culture = candidate;
                    break;
                }
            }
            if (culture is null)
                return "; a currency symbol or thousands separators? export the amounts as plain numbers (1234.50)";
            _currencyCulture = culture;
            // Accounting formats write a negative in brackets: (12.50) is a refund of 12.50, which the currency style reads.
            var what = Bracketed(text) ? "a negative written in brackets, as accounting formats do" : "a currency format";
            return ReferenceEquals(culture, _culture)
                ? $"; {what}? give the source spec \"numberStyle\": \"currency\""
                : $"; {what}? give a source spec with \"numberStyle\": \"currency\" and \"culture\": \"{culture.Name}\"";
        }

        /// <summary>The first of <see cref="HeaderGuess.CurrencyCultures"/> that reads the text with its decimals as written; null when none does.</summary>
        static CultureInfo? OtherCurrencyCulture(ReadOnlySpan<char> text)
        {
            foreach (var culture in HeaderGuess.CurrencyCultures)
            {
                if (double.TryParse(text, NumberStyles.Currency, culture, out var number) && double.IsFinite(number) && HeaderGuess.DecimalAsWritten(text, culture))
                    return culture;
            }
            return null;
        }

        static bool Bracketed(ReadOnlySpan<char> text) => text.Trim() is [ '(', .., ')' ];

        /// <summary>A currency symbol, digits grouped by a separator before the decimal point (1,234.50), or an amount in brackets ((12.50)).</summary>
        static bool LooksLikeCurrency(ReadOnlySpan<char> text)
        {
            if (Bracketed(text))
                return true;
            foreach (char c in text)
            {
                if (char.GetUnicodeCategory(c) == UnicodeCategory.CurrencySymbol)
                    return true;
            }
            return ThousandsGrouped().IsMatch(text);
        }

        [GeneratedRegex(@"^\s*[-(]?\d{1,3}([,.' ]\d{3})+([.,]\d+)?\)?\s*$")]
        private static partial Regex ThousandsGrouped();

        /// <summary>
        /// Every row of a decimal-comma file read with a decimal point is rejected: name the fix once per row. A text such as
        /// 12,500 is also a whole amount with a thousands separator (a spreadsheet's #,##0), which the decimal-comma
        /// culture would read a thousand times too small: it gets both readings, or the currency format an earlier row
        /// of the file showed (1,234.50).
        /// </summary>
        string DecimalCommaHint(ReadOnlySpan<char> text)
        {
            if (_culture.NumberFormat.NumberDecimalSeparator != "." || !text.Contains(',')
                || !double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, DecimalComma, out double decimalComma))
                return "";
            if (!CommaGroupedWhole().IsMatch(text))
                return "; a decimal comma? give a source spec with the file's \"culture\", e.g. \"de-DE\" or \"pt-BR\"";
            if (_currencyCulture is not null)
                return CurrencyHint(text);
            var whole = text.Trim().ToString().Replace(",", "", StringComparison.Ordinal);
            return FormattableString.Invariant($"; a thousands separator ({whole}) or a decimal comma ({decimalComma})? amounts such as 1,234.50 in the file say the first: give a source spec with \"numberStyle\": \"currency\" and \"culture\": \"en-US\"; amounts such as 12,50 say the second: give the file's \"culture\", e.g. \"de-DE\"");
        }

        [GeneratedRegex(@"^\s*-?\d{1,3}(,\d{3})+\s*$")]
        private static partial Regex CommaGroupedWhole();

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
            _file.Reject(column >= 0 ? _layout.ColumnName(column) : null, reason);
            return false;
        }

        /// <summary>
        /// Fills the report's totals and lets go of the per-row indexes (order ids, per-customer tallies), which hold
        /// millions of entries; returns how many order ids there were.
        /// </summary>
        public int Complete()
        {
            var report = _file.Report;
            report.Customers = _customers.Count;
            report.GroupedByCustomer = _customerRuns == _customers.Count;
            // Ids written both ways split each such customer in two, and nothing else would say so.
            foreach (var id in _customers.Keys)
            {
                if (WholeNumberId.HasZeroFraction(id) && _customerLookup.ContainsKey(WholeNumberId.Of(id)))
                    report.CountIdWrittenTwoWays(id);
            }
            // Long numeric ids a spreadsheet kept to 15 significant digits: the ones that shared those digits are one customer.
            report.SpreadsheetDigits = SpreadsheetDigits.Of(_customers.Keys);
            // So do ids in two letter cases, as people type their email addresses; hashing ignores case without copying.
            if (!_lowerCaseIds)
            {
                var byCase = new HashSet<string>(_customers.Count, StringComparer.OrdinalIgnoreCase);
                foreach (var id in _customers.Keys)
                {
                    if (!byCase.Add(id) && byCase.TryGetValue(id, out var first))
                        report.CountIdInAnotherCase(first, id);
                }
            }
            // Half a cent: float sums of purchases and their full refunds can land a hair below zero.
            report.NegativeNetCustomers = [.. _customers.Values
                .Where(c => c.Net < -0.005)
                .OrderBy(c => c.Net)
                .Select(c => new CustomerNet(c.Id, Math.Round(c.Net, 2)))];
            report.BlankValues = [.. Enumerable.Range(0, _blankCounts.Length)
                .Where(i => _blankCounts[i] > 0)
                .Select(i => new BlankValueCount(_layout.ColumnName(i), _blankCounts[i], BlankRuleOf(i)))];
            report.ReturnsOnlyCustomers = _customers.Values.Count(c => !c.Bought);
            report.ReturnsHolder = HoldsTheReturns();
            _returnSamples.Clear();
            report.Currencies = _unused
                .Where(u => u.Values is { } values && CurrencyColumn.IsCurrencyColumn(_layout.ColumnName(u.Column)) && values.Keys.Count(k => k.Length > 0) > 1)
                .Select(u => new CurrencyColumn(_layout.ColumnName(u.Column),
                    [.. u.Values!.Where(v => v.Key.Length > 0).OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).Select(v => (v.Key, v.Value))]))
                .FirstOrDefault();
            report.RefundKinds = [.. _unused
                .Select((u, i) => (u, Signs: _refundSigns[i]))
                .Where(c => c.u.Values is not null && c.Signs is not null)
                .SelectMany(c => c.Signs!.Select(kv => new RefundKind(_layout.ColumnName(c.u.Column), kv.Key, kv.Value[0], kv.Value[1])))
                .Where(k => k.PositiveRows > 0 && k.PositiveRows >= RefundKind.LeastPositiveShare * (k.PositiveRows + k.NegativeRows))];
            _refundSigns = new Dictionary<string, long[]>?[_unused.Length];
            report.StatusColumns = [.. _unused
                .Where(u => u.Values is { } values && StatusColumn.IsStatus(values.Keys))
                .Select(u => new StatusColumn(_layout.ColumnName(u.Column),
                    [.. u.Values!.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).Select(v => (v.Key, v.Value))]))];
            if (_describes)
                report.ProfilesFromOrders = _customers.Values
                    .Where(c => c.FirstOrder is { Channel: not null } or { Device: not null } or { PostalCode: not null })
                    .ToDictionary(c => c.Id, c => new CustomerProfile(c.Id)
                    {
                        Channel = c.FirstOrder!.Channel, Device = c.FirstOrder.Device, PostalCode = c.FirstOrder.PostalCode, FromOrders = true,
                    }, StringComparer.Ordinal);
            // The first orders' postal codes describe the customers: a spreadsheet may have dropped their zeros as well.
            if (report.ProfilesFromOrders is { Count: > 0 } described && _postalCode >= 0)
                report.PostalCodesNote = PostalCodes.StrippedZerosNote(described.Values.Select(p => p.PostalCode));
            report.OrderTotals = _orderTally.Result(
                index => _layout.ColumnName(_unused[index].Column),
                (index, value) => _unused[index].Values is { } values ? values.GetValueOrDefault(value) : null);
            _orderTally = new();
            report.OrderLines = _orderId >= 0 && !_uniqueOrderIds;
            report.OrderIdsChecked = _orderId >= 0 && _uniqueOrderIds;
            report.ConstantAmounts = _amountFactors is { Length: 0 };
            report.IdenticalRows = _identical.Identical;
            report.IdenticalRowsExact = _identical.Exact;
            _identical = new();
            int orderIds = _orders.Count;
            _orders = NewOrderIdIndex();
            _customers = new(StringComparer.Ordinal);
            _customerLookup = _customers.GetAlternateLookup<ReadOnlySpan<char>>();
            _lastCustomer = null;
            return orderIds;
        }
    }

    sealed class CustomerTally(string id, int key)
    {
        public string Id { get; } = id;

        /// <summary>The customer's rows with a negative amount, and their sum.</summary>
        public int Returns { get; set; }
        public double Returned { get; set; }

        /// <summary>The customer's number in order of first appearance: what a row's hash holds instead of the id's text.</summary>
        public int Key { get; } = key;
        public double Net { get; set; }

        /// <summary>Whether any of the customer's rows is not a return.</summary>
        public bool Bought { get; set; }

        /// <summary>What the customer's earliest purchases say of them; null until a purchase row is read with a describing column.</summary>
        public FirstOrder? FirstOrder { get; set; }
    }

    /// <summary>Each describing column's value on the customer's earliest purchase row that has one, with that row's time.</summary>
    sealed class FirstOrder
    {
        public string? Channel, Device, PostalCode;
        public long ChannelTicks = long.MaxValue, DeviceTicks = long.MaxValue, PostalCodeTicks = long.MaxValue;
    }
}
