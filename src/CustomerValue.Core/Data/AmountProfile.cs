using System.Globalization;

namespace CustomerValue.Core.Data;

/// <summary>
/// The largest amounts of a file's loaded rows with their lines, so that a row far beyond every other (a typo with extra
/// zeros, cents in a currency column, a test order) is named before it moves every total a model is judged on: on a
/// subscription base of 29.00 and 49.00 charges, one row of 1,000,000.00 was 41 % of the net total, took the summed
/// prediction's test error to −55 % and the served scale to 0.49. The loader adds each accepted row; the profile is
/// complete when the load ends.
/// </summary>
public sealed class AmountProfile
{
    /// <summary>How many of the largest amounts are kept: the last of them is what the others are measured against.</summary>
    public const int KeptRows = 20;

    /// <summary>
    /// A row is called out from this many times the <see cref="KeptRows"/>th largest amount: real bases stay well within
    /// it (the largest order is 3.6 times the 20th largest on Olist, 2.5 times on CDNOW, 1.3 times on the 1M-customer
    /// generated base), a typo with three extra zeros does not.
    /// </summary>
    public const double FarBeyond = 100;

    // The smallest of the kept amounts on top, so a larger one replaces it; among equal amounts the later line goes first.
    readonly PriorityQueue<LargeAmount, (double Amount, long NegativeLine)> _largest = new();

    // The same for returns, by size: the smallest return on top, so a larger one replaces it.
    readonly PriorityQueue<LargeAmount, (double Size, long NegativeLine)> _largestReturns = new();

    internal AmountProfile(string file, string column) => (File, Column) = (file, column);

    public string File { get; }

    /// <summary>The source column the amounts come from.</summary>
    public string Column { get; }

    /// <summary>The <see cref="KeptRows"/> largest amounts (ties by line order), largest first.</summary>
    public IReadOnlyList<LargeAmount> LargestRows =>
        [.. _largest.UnorderedItems.OrderByDescending(r => r.Priority).Select(r => r.Element)];

    /// <summary>
    /// The rows more than <see cref="FarBeyond"/> times the <see cref="KeptRows"/>th largest amount, largest first; none
    /// when the file has fewer positive amounts than that.
    /// </summary>
    public IReadOnlyList<LargeAmount> FarBeyondTheRest()
    {
        if (_largest.Count < KeptRows || !_largest.TryPeek(out var reference, out _) || !(reference.Amount > 0))
            return [];
        return [.. LargestRows.Where(r => r.Amount > FarBeyond * reference.Amount)];
    }

    /// <summary>
    /// The returns (negative amounts) more than <see cref="FarBeyond"/> times the <see cref="KeptRows"/>th largest amount
    /// in size, largest first: a typo'd refund takes as much off every total as a typo'd order adds. None when the file
    /// has fewer positive amounts than <see cref="KeptRows"/>.
    /// </summary>
    public IReadOnlyList<LargeAmount> FarBeyondTheRestAsReturns()
    {
        if (_largest.Count < KeptRows || !_largest.TryPeek(out var reference, out _) || !(reference.Amount > 0))
            return [];
        return [.. _largestReturns.UnorderedItems.OrderByDescending(r => r.Priority).Select(r => r.Element)
            .Where(r => -r.Amount > FarBeyond * reference.Amount)];
    }

    /// <summary>
    /// What <see cref="FarBeyondTheRest"/> and <see cref="FarBeyondTheRestAsReturns"/> say, a sentence naming each row;
    /// null when there are none. <paramref name="netTotal"/>: the file's net total, to say how much of it the rows beyond
    /// the rest hold (null: not said).
    /// </summary>
    public string? Explain(decimal? netTotal = null)
    {
        var orders = ExplainOrders(netTotal);
        var returns = ExplainReturns();
        return orders is null ? returns : returns is null ? orders : orders + " " + returns;
    }

    string? ExplainReturns()
    {
        var far = FarBeyondTheRestAsReturns();
        if (far.Count == 0)
            return null;
        var reference = LargestRows[^1].Amount;
        return string.Create(CultureInfo.InvariantCulture,
            $"{File}: {far.Count} {(far.Count == 1 ? "return has an amount" : "returns have amounts")} in column '{Column}' more than {FarBeyond:0} times the file's {KeptRows}th largest amount ({reference:0.00}) in size: {Listed(far)}. ")
            + "If that is a typo or a test refund, fix or remove it, or give a source spec with "
            + string.Create(CultureInfo.InvariantCulture, $"\"minAmount\": {-SuggestedLimit(-far[^1].Amount, reference):0.##}")
            + " to reject such rows (--on-bad-row skip sets them aside): one return this size takes as much off every total and value as it says.";
    }

    string? ExplainOrders(decimal? netTotal)
    {
        var far = FarBeyondTheRest();
        if (far.Count == 0)
            return null;
        var reference = LargestRows[^1].Amount;
        var sum = far.Sum(r => r.Amount);
        var share = netTotal is > 0 ? string.Create(CultureInfo.InvariantCulture, $", {sum / (double)netTotal.Value:0.0%} of the net total") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{File}: {far.Count} {(far.Count == 1 ? "row has an amount" : "rows have amounts")} in column '{Column}' more than {FarBeyond:0} times the file's {KeptRows}th largest ({reference:0.00}){share}: {Listed(far)}. ")
            + "If that is a typo (extra zeros, cents read as currency units) or a test order, fix or remove it, or give a source spec with "
            + string.Create(CultureInfo.InvariantCulture, $"\"maxAmount\": {SuggestedLimit(far[^1].Amount, reference):0.##}")
            + " to reject such rows (--on-bad-row skip sets them aside): one row this size moves every total and value a model learns and is judged on.";
    }

    /// <summary>The rows by line, customer, date and amount.</summary>
    static string Listed(IEnumerable<LargeAmount> rows) => string.Join("; ", rows.Select(r => string.Create(CultureInfo.InvariantCulture,
        $"line {r.Line}: customer {r.CustomerId}, {r.Date:yyyy-MM-dd}, {r.Amount:0.00}")));

    /// <summary>
    /// A round limit between the largest ordinary amount (<paramref name="reference"/> is the <see cref="KeptRows"/>th
    /// largest) and the smallest row called out: ten times the reference, at a power of ten, below the row.
    /// </summary>
    static double SuggestedLimit(double smallestFar, double reference)
    {
        var limit = Math.Pow(10, Math.Ceiling(Math.Log10(10 * reference)));
        return limit < smallestFar ? limit : 10 * reference;
    }

    internal void Add(double amount, long line, string customerId, DateOnly date)
    {
        if (amount < 0)
        {
            if (_largestReturns.Count < KeptRows)
                _largestReturns.Enqueue(new LargeAmount(File, line, customerId, date, amount), (-amount, -line));
            else if (_largestReturns.TryPeek(out _, out var smallestReturn) && -amount > smallestReturn.Size)
                _largestReturns.DequeueEnqueue(new LargeAmount(File, line, customerId, date, amount), (-amount, -line));
            return;
        }
        if (!(amount > 0))
            return;
        if (_largest.Count < KeptRows)
            _largest.Enqueue(new LargeAmount(File, line, customerId, date, amount), (amount, -line));
        else if (_largest.TryPeek(out _, out var smallest) && amount > smallest.Amount)
            _largest.DequeueEnqueue(new LargeAmount(File, line, customerId, date, amount), (amount, -line));
    }
}

/// <summary>A row among a file's largest amounts: where it is, whose it is, when and how much.</summary>
public sealed record LargeAmount(string File, long Line, string CustomerId, DateOnly Date, double Amount);
