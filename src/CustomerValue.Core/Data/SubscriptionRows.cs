using System.Globalization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Data;

/// <summary>
/// Combines a customers file of one row per subscription (a source spec's <c>"oneRowPer": "subscription"</c>) into one
/// profile per customer, as a billing system counts its customers:
/// <list type="bullet">
/// <item>signed up on their first row's signup date;</item>
/// <item>gone only when every row has ended (labelled churned or given a churn date), on the last churn date; a
/// customer with one subscription still running is there, whatever their others did;</item>
/// <item>paying the sum of what their running subscriptions charge per billing period (a customer who has left, what
/// the subscriptions that ended last charged: what winning them back would bring), written into the charge column of
/// their largest subscription, whose other columns (plan, interval, seats) describe the customer; a tenure column
/// keeps its largest value.</item>
/// </list>
/// Postal code, device, channel and newsletter are the largest subscription's, or the first row's that has one.
/// </summary>
public sealed class SubscriptionRows
{
    readonly RecurringCharge? _recurring;
    readonly IReadOnlyList<string> _names;
    readonly Func<string?[], IReadOnlyDictionary<string, string>> _row;

    /// <summary>Where the recurring charge's charge and tenure columns stand among <see cref="_names"/>; -1 when absent.</summary>
    readonly int _chargeAt, _tenureAt;

    /// <param name="recurring">The spec's recurring charge, whose charge and tenure columns are combined; null: attributes are the largest row's as they are.</param>
    /// <param name="names">The file's attribute names, in the order <paramref name="row"/> takes their values.</param>
    /// <param name="row">Makes a profile's attributes from values in the order of <paramref name="names"/> (null = missing).</param>
    public SubscriptionRows(RecurringCharge? recurring, IReadOnlyList<string> names, Func<string?[], IReadOnlyDictionary<string, string>> row)
    {
        _recurring = recurring;
        _names = names;
        _row = row;
        _chargeAt = recurring is null ? -1 : IndexOf(recurring.Charge);
        _tenureAt = recurring?.Tenure is { } tenure ? IndexOf(tenure) : -1;
    }

    /// <summary>Customers who had two or more rows, of the last <see cref="Combine(IReadOnlyList{CustomerProfile})"/>.</summary>
    public int CombinedCustomers { get; private set; }

    /// <summary>
    /// One profile per customer id, in the order their ids first appear; a customer of one row keeps it as it is.
    /// </summary>
    public List<CustomerProfile> Combine(IReadOnlyList<CustomerProfile> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var first = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        var customers = new List<CustomerProfile>(rows.Count);
        var further = new Dictionary<int, List<CustomerProfile>>();
        foreach (var row in rows)
        {
            if (first.TryGetValue(row.CustomerId, out int at))
            {
                if (!further.TryGetValue(at, out var group))
                    further[at] = group = [customers[at]];
                group.Add(row);
                continue;
            }
            first.Add(row.CustomerId, customers.Count);
            customers.Add(row);
        }
        foreach (var (at, group) in further)
            customers[at] = Of(group);
        CombinedCustomers = further.Count;
        return customers;
    }

    /// <summary>One customer's rows as one profile.</summary>
    public CustomerProfile Of(IReadOnlyList<CustomerProfile> group)
    {
        ArgumentOutOfRangeException.ThrowIfZero(group.Count);
        if (group.Count == 1)
            return group[0];
        var running = group.Where(r => r.ChurnLabel != true).ToList();
        var gone = running.Count == 0;
        var lastEnd = gone ? group.Max(r => r.ChurnDate) : null;
        // What the customer pays: their running subscriptions, or, once every one has ended, those that ended last.
        var paying = gone ? group.Where(r => r.ChurnDate == lastEnd).ToList() : running;
        var charges = paying.Select(r => _recurring?.ChargeOf(r.Attributes) ?? double.NaN).ToList();
        int lead = 0;
        for (int i = 1; i < paying.Count; i++)
        {
            if (charges[i] > charges[lead] || double.IsNaN(charges[lead]) && !double.IsNaN(charges[i]))
                lead = i;
        }
        var main = paying[lead];
        return main with
        {
            SignupDate = group.Min(r => r.SignupDate),
            Churned = group.All(r => r.Churned is null) ? null : gone,
            ChurnDate = lastEnd,
            PostalCode = main.PostalCode ?? group.Select(r => r.PostalCode).FirstOrDefault(p => p is not null),
            Device = main.Device ?? group.Select(r => r.Device).FirstOrDefault(d => d is not null),
            Channel = main.Channel ?? group.Select(r => r.Channel).FirstOrDefault(c => c is not null),
            Newsletter = main.Newsletter ?? group.Select(r => r.Newsletter).FirstOrDefault(n => n is not null),
            Attributes = _recurring is null ? main.Attributes : Attributes(main, charges[lead], charges.Where(double.IsFinite).Sum(), group),
        };
    }

    /// <summary>
    /// The largest subscription's attributes, its charge scaled so that the spec reads the customer's whole charge per
    /// period from them (a charge is read in proportion to its column, whatever the quantity, interval and count beside
    /// it), and the largest tenure of the customer's rows.
    /// </summary>
    IReadOnlyDictionary<string, string> Attributes(CustomerProfile main, double mainCharge, double total, IReadOnlyList<CustomerProfile> group)
    {
        var recurring = _recurring!;
        var values = _names.Select(name => main.Attributes.TryGetValue(name, out var value) ? value : null).ToArray();
        if (mainCharge > 0 && double.IsFinite(mainCharge) && total != mainCharge && _chargeAt >= 0
            && double.TryParse(values[_chargeAt], NumberStyles.Float, CultureInfo.InvariantCulture, out var written))
            values[_chargeAt] = (written * (total / mainCharge)).ToString("R", CultureInfo.InvariantCulture);
        if (recurring.Tenure is { } tenureColumn && _tenureAt >= 0)
        {
            var longest = group
                .Select(r => r.Attributes.TryGetValue(tenureColumn, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var periods) && double.IsFinite(periods) ? (text, periods) : default)
                .Where(t => t.text is not null)
                .MaxBy(t => t.periods);
            if (longest.text is not null)
                values[_tenureAt] = longest.text;
        }
        return _row(values);
    }

    int IndexOf(string name)
    {
        for (int i = 0; i < _names.Count; i++)
        {
            if (_names[i] == name)
                return i;
        }
        return -1;
    }
}
