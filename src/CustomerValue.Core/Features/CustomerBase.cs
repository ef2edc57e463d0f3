using System.Collections;
using System.Runtime.ExceptionServices;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Features;

/// <summary>
/// The customers known at a cutoff, ordered by customer id, each built into its <see cref="CustomerExample"/> only when
/// asked for: what <see cref="FeatureSet"/> holds, without holding it. Scoring a base of a million customers reads
/// each row once, scores it and lets it go, so memory holds the customers' days (<see cref="LedgerBook"/>) and the rows
/// in flight, never the whole feature table.
/// </summary>
/// <remarks>
/// Made by <see cref="FeatureBuilder"/> once the pass over the transactions is over; it keeps the book's ledgers, not its
/// id table, and only reads them, so any number of threads may build rows at once. Rows carry their <see cref="CustomerExample.OrderHistory"/>.
/// </remarks>
public sealed class CustomerBase : IReadOnlyList<CustomerExample>
{
    /// <param name="Ledger">The customer's ledger in the book; -1 for a profile without transactions.</param>
    internal readonly record struct Entry(string CustomerId, int Ledger, CustomerProfile? Profile);

    readonly LedgerDays _days;
    readonly Entry[] _entries;
    readonly FeatureOptions _options;

    internal CustomerBase(LedgerBook book, Entry[] entries, DateOnly cutoff, FeatureOptions options, AttributeSchema attributes)
    {
        _days = book.Days();
        _entries = entries;
        _options = options;
        Cutoff = cutoff;
        Attributes = attributes;
        HorizonDays = options.HorizonDays;
        ChurnWindowDays = options.EffectiveChurnWindowDays;
        TransactionsRead = book.TransactionsRead;
        LastTransactionDate = book.LastTransactionDate;
    }

    public DateOnly Cutoff { get; }
    public int HorizonDays { get; }
    public int ChurnWindowDays { get; }
    public AttributeSchema Attributes { get; }
    public long TransactionsRead { get; }
    public DateOnly? LastTransactionDate { get; }

    /// <summary>As <see cref="FeatureSet.LabelWindowCovered"/>: the data runs past the cutoff by the whole label window.</summary>
    public bool LabelWindowCovered => LastTransactionDate >= Cutoff.AddDays(Math.Max(HorizonDays, ChurnWindowDays));

    public int Count => _entries.Length;

    /// <summary>Builds the row of the <paramref name="index"/>-th customer by id; each call builds it anew.</summary>
    public CustomerExample this[int index]
    {
        get
        {
            var entry = _entries[index];
            var days = entry.Ledger < 0 ? [] : _days.Of(entry.Ledger);
            return FeatureBuilder.ScoringExample(entry.CustomerId, entry.Profile, days, Cutoff, _options, Attributes);
        }
    }

    /// <summary>
    /// The customer's first purchase after the cutoff within the horizon (<see cref="CustomerLabels.DaysToNextPurchase"/>
    /// as a date), without building their features; null when none, or when the id is not in the base.
    /// </summary>
    public DateOnly? NextPurchase(string customerId)
    {
        int low = 0, high = _entries.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = string.CompareOrdinal(_entries[middle].CustomerId, customerId);
            if (order == 0)
            {
                var entry = _entries[middle];
                var days = entry.Ledger < 0 ? [] : _days.Of(entry.Ledger);
                return Window.Of(days, Cutoff.DayNumber, HorizonDays).FirstPurchaseDay is { } next ? Cutoff.AddDays(next) : null;
            }
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }
        return null;
    }

    /// <summary>
    /// Customers with a purchase by the cutoff whose last one is more than <paramref name="days"/> days before it (their
    /// <see cref="FeatureRow.RecencyDays"/> above it), counted from the ledgers without building a row.
    /// </summary>
    /// <remarks>
    /// Counting through the rows built a million feature rows a second time after <c>cvml score</c> had scored them: about
    /// a second of the 1M base's 21 s (perf: <c>Enumerable.Count</c> over <see cref="GetEnumerator"/> in the summary).
    /// </remarks>
    public int CountAwayLongerThan(int days)
    {
        var cutoffDay = Cutoff.DayNumber;
        var away = 0;
        foreach (var entry in _entries)
        {
            if (entry.Ledger < 0)
                continue;
            var stats = HistoryStats.Of(_days.Of(entry.Ledger), cutoffDay, HorizonDays);
            if (stats.PurchaseDays > 0 && cutoffDay - stats.LastPurchaseDay > days)
                away++;
        }
        return away;
    }

    /// <summary>Every row built and held: the <see cref="FeatureSet"/> of the same pass.</summary>
    /// <remarks>
    /// The rows are built on every core: after the reading threads have finished this was the one thread left working,
    /// about 1.5 CPU s of the 1M-customer base, a fifth of <c>cvml bench features</c>'s wall time with the other core idle.
    /// </remarks>
    public FeatureSet ToFeatureSet()
    {
        var rows = new CustomerExample[_entries.Length];
        try
        {
            Parallel.For(0, rows.Length, i => rows[i] = this[i]);
        }
        catch (AggregateException e)
        {
            // A row that cannot be built fails the call as it did on one thread, not wrapped.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return new FeatureSet(Cutoff, _options, Attributes, rows, TransactionsRead, LastTransactionDate);
    }

    public IEnumerator<CustomerExample> GetEnumerator()
    {
        for (var i = 0; i < _entries.Length; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
