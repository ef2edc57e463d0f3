using System.IO.Hashing;
using System.Runtime.InteropServices;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Data;

/// <summary>
/// The figures that tell whether a transactions source looks right: size, dates, money, and how
/// often a customer buys twice on one day (models that count purchase days see fewer events).
/// </summary>
public sealed record TransactionSummary
{
    public long Transactions { get; init; }
    public int Customers { get; init; }
    public DateTime? First { get; init; }
    public DateTime? Last { get; init; }

    /// <summary>Net sum of all amounts (returns subtract), in decimal so cents add up exactly.</summary>
    public decimal TotalAmount { get; init; }

    /// <summary>Median amount over all rows, returns included.</summary>
    public double MedianTicket { get; init; }

    /// <summary>
    /// Order lines only (<c>orderLines</c>): the median net amount of an order, its lines on the customer's day summed
    /// (orders of a positive net amount; a cancelled order's lines are returns). On an Online-Retail-shaped file the median
    /// line is 9.90 and the median order 233.05, and the line's figure read as the customers' ticket. Null otherwise.
    /// </summary>
    public double? MedianOrder { get; init; }

    /// <summary>Transactions on a day on which the same customer had already bought: rows minus distinct customer-days.</summary>
    public long SameDayRepeats { get; init; }

    /// <summary>
    /// Of <see cref="SameDayRepeats"/>, the rows that carry the order id of an earlier row of the same customer and day:
    /// in a file of order lines, further lines of one order, not further purchases. Counted only when asked for.
    /// </summary>
    public long SameDayOrderLines { get; init; }

    /// <summary>
    /// Rows equal to an earlier row in customer, timestamp, amount and order id: an export that repeats rows counts
    /// those purchases twice, and without order ids nothing else catches it.
    /// </summary>
    public long IdenticalRows { get; init; }

    /// <summary>The distinct customer ids, to compare with a customers file.</summary>
    public IReadOnlySet<string> CustomerIds { get; init; } = new HashSet<string>();

    /// <summary>
    /// The customer with the most rows, with its rows and net amount: a placeholder id (guest checkouts written as
    /// "guest" or 0) or one B2B account among consumers moves every total a model is judged on.
    /// </summary>
    public (string Id, long Rows, decimal Amount)? LargestCustomer { get; init; }

    /// <summary>Every amount is a whole number: with a large median ticket, perhaps cents rather than currency units.</summary>
    public bool WholeAmounts { get; init; }

    /// <summary>
    /// Rows whose timestamp carried a UTC offset (read as UTC); the others are kept as written, in the shop's own zone,
    /// so a file mixing both puts some evening orders on another day than their neighbours.
    /// </summary>
    public long UtcTimestamps { get; init; }

    /// <summary>
    /// Rows with an amount of exactly zero. A day of them alone is a purchase day, as a free order is; a billing export's
    /// failed payment attempts or a shop's cancelled orders written as 0 would count as purchases.
    /// </summary>
    public long ZeroAmountRows { get; init; }

    /// <summary>
    /// Of <see cref="ZeroAmountRows"/>, those on a day the customer also has a row with an amount: further lines of an
    /// order whose amount stands on another line (a shop export that writes an order's total on its first line only,
    /// read with blanks as 0), or items given free beside a purchase. They make no purchase day of their own.
    /// </summary>
    public long ZeroAmountRowsBesideAmounts { get; init; }

    /// <summary>Customer-days whose every row has an amount of 0: the purchase days that carry no value.</summary>
    public long ZeroAmountDays { get; init; }

    /// <summary>Customer-days with at least one row (purchase or return days).</summary>
    public long CustomerDays { get; init; }

    /// <summary>
    /// Customers who bought (a row with a positive amount) on two or more days: what models of repeat purchasing learn a
    /// customer's rhythm from. Olist's e-commerce orders have 2.2 % of them; a file of one id per order has none.
    /// </summary>
    public int RepeatBuyers { get; init; }

    /// <summary>
    /// Below this share of <see cref="RepeatBuyers"/>, the value and churn models have little rhythm to learn: Olist's
    /// 2.2 % still lets them beat the rules; a file of one id per order (every customer once) has none at all.
    /// </summary>
    public const double FewRepeatBuyers = 0.01;

    /// <summary>Rows with a negative amount.</summary>
    public long Returns { get; init; }
    public decimal ReturnedAmount { get; init; }

    /// <summary>Every timestamp is a bare date (no time of day).</summary>
    public bool WholeDays { get; init; }

    /// <summary>
    /// Time the data covers: for whole-day data, first to last day inclusive (a year of daily data
    /// is 365 days, not 364); otherwise first to last timestamp.
    /// </summary>
    public double SpanDays => First is { } first && Last is { } last
        ? WholeDays ? (last.Date - first.Date).TotalDays + 1 : (last - first).TotalDays
        : 0;

    public double SpanWeeks => SpanDays / 7;

    /// <summary>
    /// Summarizes in one pass; holds the amounts, one number per distinct customer-day and one per distinct row, not the
    /// transactions.
    /// </summary>
    /// <remarks>
    /// A customer-day is the customer's index and the day number packed into one 64-bit key, exactly. A row is kept as a
    /// 64-bit XxHash3 of its customer, timestamp, amount and order id: two different rows share one with a probability
    /// near n²/2⁶⁵ (3·10⁻⁶ for the 10.4 million rows of the 1M-customer base), against sets of the rows and customer-days
    /// themselves that peaked at 2.1 GB there and took 80 % of <c>cvml validate</c>'s time hashing each id four times.
    /// </remarks>
    /// <param name="orderLines">Whether rows are order lines (a spec's <c>"uniqueOrderIds": false</c>), so that <see cref="SameDayOrderLines"/> is counted.</param>
    public static TransactionSummary Of(IEnumerable<Transaction> transactions, bool orderLines = false)
    {
        var orderDays = orderLines ? new Dictionary<(long, string), double>() : null;
        long sameDayOrderLines = 0;
        var amounts = new List<double>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var customerRows = new List<long>();
        var customerAmounts = new List<decimal>();
        // Per customer-day: its zero-amount rows, whether any row of it carries an amount, and whether one is a purchase.
        var customerDays = new Dictionary<long, (int Zeros, bool Valued, bool Bought)>();
        var rows = new HashSet<ulong>();
        long identical = 0;
        DateTime? first = null, last = null;
        decimal total = 0, returned = 0;
        long returns = 0, zeros = 0;
        bool wholeDays = true, wholeAmounts = true;
        long utc = 0;
        Span<long> key = stackalloc long[4];
        foreach (var t in transactions)
        {
            amounts.Add(t.Amount);
            wholeAmounts &= t.Amount == Math.Round(t.Amount);
            if (t.Timestamp.Kind == DateTimeKind.Utc)
                utc++;
            wholeDays &= t.Timestamp.TimeOfDay == TimeSpan.Zero;
            ref var customer = ref CollectionsMarshal.GetValueRefOrAddDefault(index, t.CustomerId, out var known);
            if (!known)
            {
                customer = index.Count - 1;
                customerRows.Add(0);
                customerAmounts.Add(0);
            }
            int c = customer;
            long customerDay = ((long)c << 22) | (uint)DateOnly.FromDateTime(t.Timestamp).DayNumber;
            ref var dayRows = ref CollectionsMarshal.GetValueRefOrAddDefault(customerDays, customerDay, out _);
            dayRows = t.Amount == 0 ? (dayRows.Zeros + 1, dayRows.Valued, dayRows.Bought) : (dayRows.Zeros, true, dayRows.Bought || t.Amount > 0);
            if (orderDays is not null && t.OrderId is { } order)
            {
                ref var orderAmount = ref CollectionsMarshal.GetValueRefOrAddDefault(orderDays, (customerDay, order), out var seen);
                if (seen)
                    sameDayOrderLines++;
                orderAmount += t.Amount;
            }
            key[0] = c;
            key[1] = t.Timestamp.Ticks;
            // 0 and −0 are one amount, as double equality has them.
            key[2] = t.Amount == 0 ? 0 : BitConverter.DoubleToInt64Bits(t.Amount);
            key[3] = t.OrderId is null ? -1 : (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(t.OrderId.AsSpan()));
            if (!rows.Add(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key))))
                identical++;
            if (first is null || t.Timestamp < first)
                first = t.Timestamp;
            if (last is null || t.Timestamp > last)
                last = t.Timestamp;
            var amount = (decimal)t.Amount;
            total += amount;
            customerRows[c]++;
            customerAmounts[c] += amount;
            if (t.Amount < 0)
            {
                returns++;
                returned += amount;
            }
            else if (t.Amount == 0)
                zeros++;
        }
        long zeroDays = 0, zerosBeside = 0;
        var boughtDays = new byte[index.Count];
        int repeatBuyers = 0;
        foreach (var (customerDay, (zeroRows, valued, bought)) in customerDays)
        {
            if (!valued)
                zeroDays++;
            else
                zerosBeside += zeroRows;
            ref var days = ref boughtDays[customerDay >> 22];
            if (bought && days < 2 && ++days == 2)
                repeatBuyers++;
        }
        // The first of the customers with the most rows (then the most money), in the order they first appear.
        int largest = -1;
        for (int c = 0; c < customerRows.Count; c++)
        {
            if (largest < 0 || customerRows[c] > customerRows[largest] || (customerRows[c] == customerRows[largest] && customerAmounts[c] > customerAmounts[largest]))
                largest = c;
        }
        return new TransactionSummary
        {
            Transactions = amounts.Count,
            Customers = index.Count,
            First = first,
            Last = last,
            TotalAmount = total,
            MedianTicket = SampleStatistics.MedianOrZero(amounts),
            MedianOrder = orderDays is { Count: > 0 } ? SampleStatistics.MedianOrZero([.. orderDays.Values.Where(a => a > 0)]) : null,
            SameDayRepeats = amounts.Count - customerDays.Count,
            SameDayOrderLines = sameDayOrderLines,
            IdenticalRows = identical,
            CustomerIds = index.Keys.ToHashSet(StringComparer.Ordinal),
            // Without removals a dictionary enumerates its keys in the order they were added: the largest'th is its id.
            LargestCustomer = largest < 0 ? null : (index.Keys.ElementAt(largest), customerRows[largest], customerAmounts[largest]),
            ZeroAmountRows = zeros,
            ZeroAmountRowsBesideAmounts = zerosBeside,
            ZeroAmountDays = zeroDays,
            CustomerDays = customerDays.Count,
            RepeatBuyers = repeatBuyers,
            Returns = returns,
            ReturnedAmount = returned,
            WholeDays = wholeDays,
            WholeAmounts = wholeAmounts && amounts.Count > 0,
            UtcTimestamps = utc,
        };
    }
}
