using CustomerValue.Core.Store;

namespace CustomerValue.Core.Scoring;

/// <summary>A customer among the most valuable of a run, with the day they are expected to order again.</summary>
public sealed record NextOrderCustomer(string CustomerId, double PredictedValue, double ChurnProbability, DateOnly? ExpectedNextOrder);

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
    /// <param name="nextPurchase">
    /// When the outcome is known, the customer's first purchase day after the as-of date (null when none within the
    /// horizon), for <see cref="ShareOrderedByDate"/>; null when the outcome is not known.
    /// </param>
    public static async Task<NextOrderOutlook> ReadAsync(ICustomerStore store, string runId, int top = 10,
        Func<string, DateOnly?>? nextPurchase = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var days = new List<int>();
        var best = new PriorityQueue<NextOrderCustomer, (double Value, string Id)>(top + 1, LowestFirst.Instance);
        long customers = 0, orderedByDate = 0;
        await foreach (var c in store.ReadRunAsync(runId, cancellationToken))
        {
            customers++;
            if (c.ExpectedNextOrder is { } next)
            {
                days.Add(next.DayNumber);
                if (nextPurchase?.Invoke(c.CustomerId) is { } bought && bought <= next)
                    orderedByDate++;
            }
            if (top == 0)
                continue;
            best.Enqueue(new NextOrderCustomer(c.CustomerId, c.PredictedValue, c.ChurnProbability, c.ExpectedNextOrder), (c.PredictedValue, c.CustomerId));
            if (best.Count > top)
                best.Dequeue();
        }

        var ranked = new List<NextOrderCustomer>(best.Count);
        while (best.Count > 0)
            ranked.Add(best.Dequeue());
        ranked.Reverse();
        days.Sort();
        DateOnly? At(int index) => days.Count == 0 ? null : DateOnly.FromDayNumber(days[index]);
        return new NextOrderOutlook(days.Count, customers, At(0), At((days.Count - 1) / 2), At(days.Count - 1), ranked,
            nextPurchase is null || days.Count == 0 ? null : (double)orderedByDate / days.Count);
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
