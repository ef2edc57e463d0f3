using System.Runtime.InteropServices;
using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Features;

/// <summary>
/// The single streaming pass shared by the feature builder and the calibration summary: every
/// transaction is folded into its customer's <see cref="DailyLedger"/> and then dropped, so memory
/// grows with customer-days, not with transactions, and the input may arrive in any order.
/// </summary>
/// <remarks>
/// Files are usually grouped by customer, so a row is first checked against the previous row's customer: the id
/// lookup (a hash of the id and a miss in a table of a million customers) is then paid once per customer, not per row.
/// </remarks>
internal sealed class LedgerBook
{
    readonly Dictionary<string, int> indexById = new(StringComparer.Ordinal);
    DailyLedger[] ledgers = new DailyLedger[1024];
    string? lastCustomerId;
    int lastIndex;
    readonly DayArena arena = new(firstSegmentLength: 1 << 16);
    readonly int cutoffDay;
    readonly int lastKeptDay;
    int lastSeenDay = int.MinValue;

    /// <param name="cutoff">The last day of history; its purchases are history, not future.</param>
    /// <param name="daysKeptAfterCutoff">How many days after the cutoff feed labels; later days only mark the customer as seen.</param>
    public LedgerBook(DateOnly cutoff, int daysKeptAfterCutoff)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(daysKeptAfterCutoff);
        cutoffDay = cutoff.DayNumber;
        lastKeptDay = checked(cutoffDay + daysKeptAfterCutoff);
    }

    public long TransactionsRead { get; private set; }

    public DateOnly? LastTransactionDate => TransactionsRead == 0 ? null : DateOnly.FromDayNumber(lastSeenDay);

    public int CustomerCount => indexById.Count;

    public void AddAll(IEnumerable<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        foreach (var transaction in transactions)
            Add(transaction);
    }

    public void AddAll(IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
            Add(entry.CustomerId, entry.Timestamp, entry.Amount, nameof(entries));
    }

    public void Add(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Add(transaction.CustomerId, transaction.Timestamp, transaction.Amount, nameof(transaction));
    }

    void Add(string customerId, DateTime timestamp, double amount, string parameter)
    {
        if (!double.IsFinite(amount))
            throw new ArgumentException(
                $"Customer '{customerId}' has a transaction on {timestamp:O} with a non-finite amount ({amount}).", parameter);

        // Time of day and DateTimeKind are ignored: the calendar date as recorded is the day.
        var day = DateOnly.FromDateTime(timestamp).DayNumber;
        ref var ledger = ref LedgerOf(customerId);
        if (day <= cutoffDay)
        {
            ledger.SeenOnOrBeforeCutoff = true;
            ledger.Add(arena, day, amount);
        }
        else if (day <= lastKeptDay)
        {
            ledger.Add(arena, day, amount);
        }

        if (day > lastSeenDay)
            lastSeenDay = day;
        TransactionsRead++;
    }

    ref DailyLedger LedgerOf(string customerId)
    {
        if (!string.Equals(customerId, lastCustomerId, StringComparison.Ordinal))
        {
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(indexById, customerId, out var exists);
            if (!exists)
            {
                index = indexById.Count - 1;
                if (index == ledgers.Length)
                    Array.Resize(ref ledgers, ledgers.Length * 2);
            }
            (lastCustomerId, lastIndex) = (customerId, index);
        }
        return ref ledgers[lastIndex];
    }

    public bool Contains(string customerId) => indexById.ContainsKey(customerId);

    /// <summary>Visits every customer with their collapsed days (history and kept future days, ascending).</summary>
    public void ForEach(LedgerVisitor visitor)
    {
        foreach (var (customerId, index) in indexById)
            visitor(customerId, ledgers[index].SeenOnOrBeforeCutoff, ledgers[index].Days(arena));
    }

    /// <summary>As <see cref="ForEach(LedgerVisitor)"/>, with each customer's ledger number for <see cref="Days(int)"/>.</summary>
    public void ForEach(IndexedLedgerVisitor visitor)
    {
        foreach (var (customerId, index) in indexById)
            visitor(customerId, index, ledgers[index].SeenOnOrBeforeCutoff, ledgers[index].Days(arena));
    }

    /// <summary>
    /// The ledgers alone, for reading by number once the book is filled and every ledger has been read through
    /// <see cref="ForEach(IndexedLedgerVisitor)"/> (which sorts them): the id table is left to the collector.
    /// </summary>
    public LedgerDays Days() => new(ledgers, arena);
}

/// <summary>Customers' collapsed days by ledger number; any number of threads may read them.</summary>
internal sealed class LedgerDays(DailyLedger[] ledgers, DayArena arena)
{
    public ReadOnlySpan<DayAmount> Of(int index) => ledgers[index].Days(arena);
}

internal delegate void LedgerVisitor(string customerId, bool seenOnOrBeforeCutoff, ReadOnlySpan<DayAmount> days);

internal delegate void IndexedLedgerVisitor(string customerId, int index, bool seenOnOrBeforeCutoff, ReadOnlySpan<DayAmount> days);
