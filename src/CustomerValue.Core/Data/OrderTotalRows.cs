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
/// Follows the runs of consecutive rows of one order id (an export writes an order's rows together) for
/// <see cref="OrderTotalRows"/>, in constant memory; the values of the unused few-valued columns on each order's largest
/// row are tallied for the first <see cref="RunsWithValues"/> orders checked, to find the value that marks the total rows
/// (past them no row's values are read, so a file of lines alone pays for this on its first orders only).
/// </summary>
internal sealed class OrderRunTally
{
    const int RunsWithValues = 10_000;

    long _order = long.MinValue;
    int _rows;
    decimal _sum, _max;
    string?[]? _maxValues;
    long _orders, _checked, _withTotal, _tallied;
    decimal _inTotals, _loaded;
    readonly Dictionary<(int Column, string Value), long> _onTotalRows = [];

    /// <summary>Adds a loaded row of order <paramref name="orderHash"/>; <paramref name="unusedValue"/> reads the row's value of an unused column by index.</summary>
    public void Add(long orderHash, double amount, int unusedColumns, Func<int, string> unusedValue)
    {
        var value = (decimal)amount;
        _loaded += value;
        if (orderHash != _order)
        {
            Close();
            _order = orderHash;
            _orders++;
        }
        if (amount == 0)
            return;
        _rows++;
        _sum += value;
        if (_rows == 1 || value > _max)
        {
            _max = value;
            if (_checked < RunsWithValues && unusedColumns > 0)
            {
                _maxValues ??= new string?[unusedColumns];
                for (var i = 0; i < unusedColumns; i++)
                    _maxValues[i] = unusedValue(i);
            }
        }
    }

    /// <summary>Ends the current run.</summary>
    public void Close()
    {
        if (_rows >= 3)
        {
            _checked++;
            if (_max > 0 && Math.Abs(_max - (_sum - _max)) <= 0.005m * _rows)
            {
                _withTotal++;
                _inTotals += _max;
                if (_checked <= RunsWithValues && _maxValues is not null)
                {
                    _tallied++;
                    for (var i = 0; i < _maxValues.Length; i++)
                    {
                        if (_maxValues[i] is { } v)
                            _onTotalRows[(i, v)] = _onTotalRows.GetValueOrDefault((i, v)) + 1;
                    }
                }
            }
        }
        (_rows, _sum, _max) = (0, 0, 0);
        if (_maxValues is not null)
            Array.Clear(_maxValues);
    }

    /// <summary>
    /// The finding when enough orders have a total row; null otherwise. <paramref name="columnName"/> names an unused
    /// column by index, <paramref name="rowsWith"/> counts the loaded rows with a value in it (null when not tallied).
    /// </summary>
    public OrderTotalRows? Result(Func<int, string> columnName, Func<int, string, long?> rowsWith)
    {
        Close();
        if (_withTotal < OrderTotalRows.FewestOrders || _withTotal < OrderTotalRows.LeastShare * _checked)
            return null;
        // A value on every tallied total row and on no more rows than there are orders (one an order at most): the one that
        // marks them. A status or a register is on every total row too, and on the lines as well.
        (string, string)? exclude = _onTotalRows
            .Where(kv => kv.Value == _tallied && rowsWith(kv.Key.Column, kv.Key.Value) is { } rows && rows <= _orders)
            .Select(kv => ((string, string)?)(columnName(kv.Key.Column), kv.Key.Value))
            .FirstOrDefault();
        return new OrderTotalRows(_checked, _withTotal, (double)_inTotals, (double)_loaded, exclude);
    }
}
