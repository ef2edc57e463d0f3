using System.Globalization;
using System.Text.Json;

namespace CustomerValue.Core.Data;

/// <summary>
/// Orders of a line-item file (<c>"uniqueOrderIds": false</c>) in which one row's amount is the sum of the others': the
/// export writes each order's total on a row of its own beside its lines (a point-of-sale export's <c>Sale</c> row before
/// its <c>Sale Line</c> rows), and loaded as it is every such order counts twice.
/// </summary>
/// <param name="OrdersChecked">Orders of three rows with amounts or more, the ones a total row can be told in (an order of
/// one line and its total has two equal rows, as an order of two equal lines has).</param>
/// <param name="OrdersWithTotalRow">Of them, those with a row that totals the others.</param>
/// <param name="AmountInTotalRows">Σ those total rows' amounts: at least this much is counted twice.</param>
/// <param name="LoadedTotal">Σ the amounts of the loaded rows with an order id.</param>
/// <param name="Exclude">The unused column and value that mark the total rows, when one does (<c>Line Type</c>, <c>Sale</c>).</param>
public sealed record OrderTotalRows(long OrdersChecked, long OrdersWithTotalRow, double AmountInTotalRows, double LoadedTotal, (string Column, string Value)? Exclude)
{
    /// <summary>Fewest orders with a total row, and their least share of the orders checked, for the file to be read so.</summary>
    internal const int FewestOrders = 10;
    internal const double LeastShare = 0.5;

    /// <summary>What was found and the spec that leaves the total rows out.</summary>
    public string Explain() =>
        string.Create(CultureInfo.InvariantCulture,
            $"in {OrdersWithTotalRow:N0} of the {OrdersChecked:N0} orders of three rows with amounts or more, one row's amount is the sum of the others': ")
        + "the file writes each order's total on a row of its own beside its lines, and loaded as it is every such order counts twice "
        + string.Create(CultureInfo.InvariantCulture, $"(their total rows hold {AmountInTotalRows:N2} of the {LoadedTotal:N2} loaded); ")
        + (Exclude is { } exclude
            ? $"leave the total rows out with a source spec's \"exclude\": {{ {JsonSerializer.Serialize(exclude.Column)}: [{JsonSerializer.Serialize(exclude.Value)}] }}, which every one of them carries"
            : "leave the total rows or the lines out with a source spec's \"exclude\" on the column that tells them apart (a line or record type)");
}

/// <summary>
/// Follows the rows of each order id (wherever they stand in the file: an export grouped by line type or sorted by
/// product puts an order's rows apart) for <see cref="OrderTotalRows"/>, for the first <see cref="OrdersTracked"/>
/// orders, so in memory bounded by them; the values of the unused few-valued columns on each order's largest row are
/// kept for the first <see cref="OrdersWithValues"/> orders, to find the value that marks the total rows.
/// </summary>
internal sealed class OrderTally
{
    const int OrdersTracked = 100_000;
    const int OrdersWithValues = 10_000;

    sealed class Order
    {
        public int Rows;
        public decimal Sum, Max;
        public string?[]? MaxValues;
    }

    readonly Dictionary<long, Order> _orders = [];
    long _untrackedRows, _trackedRows;
    decimal _loaded;

    /// <summary>Adds a loaded row of order <paramref name="orderHash"/>; <paramref name="unusedValue"/> reads the row's value of an unused column by index.</summary>
    public void Add(long orderHash, double amount, int unusedColumns, Func<int, string> unusedValue)
    {
        var value = (decimal)amount;
        _loaded += value;
        if (!_orders.TryGetValue(orderHash, out var order))
        {
            if (_orders.Count >= OrdersTracked)
            {
                _untrackedRows++;
                return;
            }
            _orders.Add(orderHash, order = new Order());
        }
        _trackedRows++;
        if (amount == 0)
            return;
        order.Rows++;
        order.Sum += value;
        if (order.Rows == 1 || value > order.Max)
        {
            order.Max = value;
            if (unusedColumns > 0 && (order.MaxValues is not null || _orders.Count <= OrdersWithValues))
            {
                order.MaxValues ??= new string?[unusedColumns];
                for (var i = 0; i < unusedColumns; i++)
                    order.MaxValues[i] = unusedValue(i);
            }
        }
    }

    /// <summary>
    /// The finding when enough orders have a total row; null otherwise. <paramref name="columnName"/> names an unused
    /// column by index, <paramref name="rowsWith"/> counts the loaded rows with a value in it (null when not tallied).
    /// </summary>
    public OrderTotalRows? Result(Func<int, string> columnName, Func<int, string, long?> rowsWith)
    {
        long checkedOrders = 0, withTotal = 0, tallied = 0;
        decimal inTotals = 0;
        var onTotalRows = new Dictionary<(int Column, string Value), long>();
        foreach (var order in _orders.Values)
        {
            // Orders of three rows with amounts or more: an order of one line and its total has two equal rows, as an
            // order of two equal lines has.
            if (order.Rows < 3)
                continue;
            checkedOrders++;
            if (!(order.Max > 0 && Math.Abs(order.Max - (order.Sum - order.Max)) <= 0.005m * order.Rows))
                continue;
            withTotal++;
            inTotals += order.Max;
            if (order.MaxValues is null)
                continue;
            tallied++;
            for (var i = 0; i < order.MaxValues.Length; i++)
            {
                if (order.MaxValues[i] is { } v)
                    onTotalRows[(i, v)] = onTotalRows.GetValueOrDefault((i, v)) + 1;
            }
        }
        if (withTotal < OrderTotalRows.FewestOrders || withTotal < OrderTotalRows.LeastShare * checkedOrders)
            return null;
        // The file's orders: those followed, and those past them at the followed ones' rows per order.
        var orders = _orders.Count + (_untrackedRows == 0 ? 0 : (long)Math.Ceiling(_untrackedRows * (double)_orders.Count / Math.Max(1, _trackedRows)));
        // A value on every tallied total row and on no more rows than there are orders (one an order at most): the one that
        // marks them. A status or a register is on every total row too, and on the lines as well.
        (string, string)? exclude = tallied == 0 ? null : onTotalRows
            .Where(kv => kv.Value == tallied && rowsWith(kv.Key.Column, kv.Key.Value) is { } rows && rows <= orders)
            .Select(kv => ((string, string)?)(columnName(kv.Key.Column), kv.Key.Value))
            .FirstOrDefault();
        return new OrderTotalRows(checkedOrders, withTotal, (double)inTotals, (double)_loaded, exclude);
    }
}
