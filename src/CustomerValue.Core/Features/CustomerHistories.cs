using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Features;

/// <summary>
/// Every customer's history collapsed to one net amount per day, from one pass over the transactions, kept so that a
/// training run's snapshots (a dozen cutoffs and more) are built without reading and parsing the source again for each.
/// Memory grows with customer-days (12 bytes each), not with transactions. Not thread-safe: the first snapshot sorts
/// each customer's days in place.
/// </summary>
public sealed class CustomerHistories
{
    readonly LedgerBook book = new(DateOnly.MaxValue, daysKeptAfterCutoff: 0);
    Dictionary<string, CustomerProfile> profileById;

    /// <param name="profiles">The customers file, if any: the same profiles every snapshot sees.</param>
    public CustomerHistories(IEnumerable<CustomerProfile>? profiles) =>
        profileById = FeatureBuilder.IndexProfiles(profiles);

    public void Add(Transaction transaction) => book.Add(transaction);

    /// <summary>
    /// Without a customers file, the profiles every later snapshot sees are what the transactions say of each customer
    /// (<see cref="CustomerProfiles.Of"/>), once the pass that read them is over.
    /// </summary>
    public void AddProfilesFromOrders(IReadOnlyDictionary<string, CustomerProfile>? fromOrders)
    {
        if (profileById.Count == 0 && fromOrders is { Count: > 0 })
            profileById = FeatureBuilder.IndexProfiles(fromOrders.Values);
    }

    /// <summary>Whether the customers file has a row for this customer.</summary>
    public bool HasProfile(string customerId) => profileById.ContainsKey(customerId);

    /// <summary>Whether the transactions added so far hold this customer.</summary>
    public bool HasBought(string customerId) => book.Contains(customerId);

    /// <summary>
    /// Each customer's days with a positive net amount up to <paramref name="through"/>, one charge a day: a billing history
    /// as a renewal model reads it (<see cref="Btyd.BillingMonths"/>).
    /// </summary>
    public List<Transaction> ChargesThrough(DateOnly through)
    {
        var last = through.DayNumber;
        var charges = new List<Transaction>();
        book.ForEach((customerId, _, days) =>
        {
            foreach (var day in days)
            {
                if (day.Day <= last && day.Amount > DayAmount.NetZeroTolerance)
                    charges.Add(new Transaction(customerId, DateOnly.FromDayNumber(day.Day).ToDateTime(TimeOnly.MinValue), day.Amount));
            }
        });
        return charges;
    }

    /// <summary>The whole base's net amount on each day up to <paramref name="through"/> with an amount: the calendar a seasonal index is read from.</summary>
    public SortedDictionary<DateOnly, double> NetAmountByDay(DateOnly through)
    {
        var last = through.DayNumber;
        var byDay = new SortedDictionary<DateOnly, double>();
        book.ForEach((_, _, days) =>
        {
            foreach (var day in days)
            {
                if (day.Day > last)
                    continue;
                var date = DateOnly.FromDayNumber(day.Day);
                byDay[date] = byDay.GetValueOrDefault(date) + day.Amount;
            }
        });
        return byDay;
    }

    /// <summary>
    /// The rows <see cref="FeatureBuilder.Build(IEnumerable{Transaction}, IEnumerable{CustomerProfile}?, DateOnly, FeatureOptions?)"/>
    /// gives for the same transactions, profiles, cutoff and options.
    /// </summary>
    public FeatureSet Snapshot(DateOnly cutoff, FeatureOptions? options = null) =>
        FeatureBuilder.CollectEveryDay(book, profileById, cutoff, options ?? FeatureOptions.Default);
}
