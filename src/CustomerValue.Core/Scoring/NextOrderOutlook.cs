using CustomerValue.Core.Store;

namespace CustomerValue.Core.Scoring;

/// <summary>A customer among the most valuable of a run, with the day they are expected to order again.</summary>
public sealed record NextOrderCustomer(string CustomerId, double PredictedValue, double ChurnProbability, DateOnly? ExpectedNextOrder)
{
    /// <summary>The stored row's value at stake (a churn table's leaver: their win-back value).</summary>
    public double ValueAtStake { get; init; }
    public Domain.LifecycleStage Stage { get; init; }
}

/// <summary>
/// What a scored run says about next orders: how many customers the BTYD model expects to order again within the
/// horizon (a 50 % chance by their date), when, and the dates of the most valuable customers.
/// </summary>
/// <param name="CustomersWithDate">Customers with an expected next-order date.</param>
/// <param name="Customers">Customers in the run.</param>
/// <param name="Earliest">The earliest expected date; null when nobody has one.</param>
/// <param name="Median">The median of the expected dates; null when nobody has one.</param>
/// <param name="Latest">The latest expected date; null when nobody has one.</param>
/// <param name="Top">The most valuable customers by predicted value, highest first (ties by id).</param>
/// <param name="ShareOrderedByDate">
/// When the data runs past the as-of date: the share of customers with a date who did order again by it (near 50 %
/// when the dates are calibrated); null otherwise.
/// </param>
public sealed record NextOrderOutlook(
    long CustomersWithDate,
    long Customers,
    DateOnly? Earliest,
    DateOnly? Median,
    DateOnly? Latest,
    IReadOnlyList<NextOrderCustomer> Top,
    double? ShareOrderedByDate = null)
{
    /// <summary>Reads the run's rows once; memory is one day number per customer with a date, plus the top list.</summary>
    /// <param name="nextPurchase">See <see cref="NextOrderTally(int, Func{string, DateOnly?}?)"/>.</param>
    public static async Task<NextOrderOutlook> ReadAsync(ICustomerStore store, string runId, int top = 10,
        Func<string, DateOnly?>? nextPurchase = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var tally = new NextOrderTally(top, nextPurchase);
        await foreach (var c in store.ReadRunAsync(runId, cancellationToken))
            tally.Add(c);
        return tally.Outlook();
    }
}

/// <summary>
/// Builds a <see cref="NextOrderOutlook"/> from a run's rows in any order, as they are read back or as they are
/// written (<see cref="ScoringRunWriter"/> feeds one from its single writing thread; not thread-safe).
/// </summary>
public sealed class NextOrderTally
{
    readonly int _top;
    readonly bool _byChurn;
    readonly Func<string, DateOnly?>? _nextPurchase;
    readonly List<int> _days = [];
    readonly PriorityQueue<NextOrderCustomer, (double Value, string Id)> _best;
    long _customers, _orderedByDate;

    /// <param name="top">How many of the most valuable customers to keep (the likeliest to churn, with <paramref name="byChurn"/>).</param>
    /// <param name="nextPurchase">
    /// When the outcome is known, the customer's first purchase day after the as-of date (null when none within the
    /// horizon), for <see cref="NextOrderOutlook.ShareOrderedByDate"/>; null when the outcome is not known.
    /// </param>
    /// <param name="byChurn">
    /// A churn table's run: rank the kept customers by churn probability, among those still customers (a churn table's
    /// bundle places the ones its table labels churned in Recovery: they have left already).
    /// </param>
    public NextOrderTally(int top = 10, Func<string, DateOnly?>? nextPurchase = null, bool byChurn = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        _top = top;
        _byChurn = byChurn;
        _nextPurchase = nextPurchase;
        _best = new PriorityQueue<NextOrderCustomer, (double, string)>(top + 1, LowestFirst.Instance);
    }

    public void Add(ScoredCustomer c)
    {
        ArgumentNullException.ThrowIfNull(c);
        _customers++;
        if (c.ExpectedNextOrder is { } next)
        {
            _days.Add(next.DayNumber);
            if (_nextPurchase?.Invoke(c.CustomerId) is { } bought && bought <= next)
                _orderedByDate++;
        }
        if (_top == 0)
            return;
        // Most rows cannot enter a full list: skip the allocation for them.
        if (_byChurn && c.Stage == Domain.LifecycleStage.Recovery)
            return;
        var key = _byChurn ? c.ChurnProbability : c.PredictedValue;
        if (_best.Count == _top && _best.TryPeek(out _, out var lowest) && LowestFirst.Instance.Compare((key, c.CustomerId), lowest) <= 0)
            return;
        _best.Enqueue(new NextOrderCustomer(c.CustomerId, c.PredictedValue, c.ChurnProbability, c.ExpectedNextOrder) { ValueAtStake = c.ValueAtStake, Stage = c.Stage },
            (key, c.CustomerId));
        if (_best.Count > _top)
            _best.Dequeue();
    }

    /// <summary>The outlook of the rows added so far; call once, at the end (it empties the top list).</summary>
    public NextOrderOutlook Outlook()
    {
        var ranked = new List<NextOrderCustomer>(_best.Count);
        while (_best.Count > 0)
            ranked.Add(_best.Dequeue());
        ranked.Reverse();
        _days.Sort();
        DateOnly? At(int index) => _days.Count == 0 ? null : DateOnly.FromDayNumber(_days[index]);
        return new NextOrderOutlook(_days.Count, _customers, At(0), At((_days.Count - 1) / 2), At(_days.Count - 1), ranked,
            _nextPurchase is null || _days.Count == 0 ? null : (double)_orderedByDate / _days.Count);
    }

    /// <summary>The queue drops its smallest: lower value first, and at equal value the later id, so the earlier id stays.</summary>
    sealed class LowestFirst : IComparer<(double Value, string Id)>
    {
        public static readonly LowestFirst Instance = new();

        public int Compare((double Value, string Id) x, (double Value, string Id) y)
        {
            var byValue = x.Value.CompareTo(y.Value);
            return byValue != 0 ? byValue : string.CompareOrdinal(y.Id, x.Id);
        }
    }
}
