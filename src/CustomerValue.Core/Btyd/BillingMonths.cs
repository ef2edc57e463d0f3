using System.Globalization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// A billing history by customer and calendar month: each month's positive charges summed. Read once, it gives the
/// monthly acquisition cohorts that sBG and the discrete Weibull fit (<see cref="SurvivorCounts"/>) as of any complete
/// month (<see cref="Cohorts"/>; at the data's end, <see cref="CohortsAtEnd"/>): a customer joins the cohort of the
/// calendar month of their first charge and counts as subscribed in every month up to the month of their last one.
/// It also gives the subscribers charged in a month with their renewals so far
/// (<see cref="Subscribers"/>), and what a set of customers paid over later months (<see cref="Paid"/>), so a forecast made
/// as of an earlier month can be checked against the months that followed it.
/// </summary>
public sealed class BillingMonths
{
    readonly Dictionary<string, SortedList<int, double>> _months;
    readonly Dictionary<string, DateOnly> _lastCharge;

    BillingMonths(Dictionary<string, SortedList<int, double>> months, Dictionary<string, DateOnly> lastCharge, DateOnly? lastDay)
    {
        _months = months;
        _lastCharge = lastCharge;
        if (lastDay is { } day)
            LastCompleteMonth = LastCompleteMonthOf(day);
    }

    /// <summary>
    /// The last calendar month (its first day) the data covers to its end: the month of the latest charge only when that
    /// day ends it; null without any charge.
    /// </summary>
    public DateOnly? LastCompleteMonth { get; }

    /// <summary>The positive charges of <paramref name="transactions"/> by customer and month; refunds and zero rows are not charges.</summary>
    public static BillingMonths Read(IEnumerable<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var months = new Dictionary<string, SortedList<int, double>>(StringComparer.Ordinal);
        var lastCharge = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        DateOnly? lastDay = null;
        foreach (var charge in transactions)
        {
            if (!(charge.Amount > 0))
                continue;
            var day = DateOnly.FromDateTime(charge.Timestamp);
            if (lastDay is null || day > lastDay)
                lastDay = day;
            if (!months.TryGetValue(charge.CustomerId, out var byMonth))
                months[charge.CustomerId] = byMonth = [];
            var month = MonthIndex(day);
            byMonth[month] = byMonth.GetValueOrDefault(month) + charge.Amount;
            if (!lastCharge.TryGetValue(charge.CustomerId, out var latest) || day > latest)
                lastCharge[charge.CustomerId] = day;
        }
        return new BillingMonths(months, lastCharge, lastDay);
    }

    /// <summary>
    /// The cohorts as the data's end shows them, each followed to the last complete month (<see cref="LastCompleteMonth"/>);
    /// none without a charge. Months are the renewal periods; the month of the data's last day counts only when that day
    /// ends it, since a charge later in that month is not in the data yet.
    /// </summary>
    public IReadOnlyList<SurvivorCounts> CohortsAtEnd() => LastCompleteMonth is { } through ? Cohorts(through, laterCharges: true) : [];

    /// <summary>
    /// The monthly cohorts followed from their month to <paramref name="through"/> (a month's first day); cohorts first
    /// charged in it or later are left out. With <paramref name="laterCharges"/> a charge after it still says the customer
    /// was subscribed through it (the data's own end: a month without a charge in between is not a cancellation); without,
    /// the data is read as it stood at the end of <paramref name="through"/>, as a backtest must.
    /// </summary>
    public IReadOnlyList<SurvivorCounts> Cohorts(DateOnly through, bool laterCharges)
    {
        var last = MonthIndex(through);
        var spans = new List<(int First, int Last)>();
        foreach (var byMonth in _months.Values)
        {
            var first = byMonth.Keys[0];
            if (first >= last)
                continue;
            spans.Add((first, laterCharges ? byMonth.Keys[^1] : LastUpTo(byMonth, last)));
        }
        var cohorts = new List<SurvivorCounts>();
        foreach (var cohort in spans.GroupBy(s => s.First).OrderBy(g => g.Key))
        {
            var periods = last - cohort.Key;
            var survivors = new double[periods + 1];
            foreach (var (first, lastCharged) in cohort)
            {
                // Subscribed from its first month through its last: periods 0 .. last − first, within the observed months.
                for (var k = 0; k <= Math.Min(lastCharged - first, periods); k++)
                    survivors[k]++;
            }
            cohorts.Add(new SurvivorCounts(FirstDay(cohort.Key).ToString("yyyy-MM", CultureInfo.InvariantCulture), 0, survivors));
        }
        return cohorts;
    }

    /// <summary>
    /// The subscribers of <paramref name="month"/> (a month's first day): first charged in it or before, and still within
    /// the interval of their plan, i.e. their next renewal, their latest charge up to the month plus the months between
    /// their charges (<see cref="MonthsApart"/>, up to the month: a yearly plan's 12), falls after it; with
    /// <paramref name="laterCharges"/> a charge in any later month the data holds counts too. Each comes with the renewals
    /// made by then (months since the first charge), their charges per month over the latest year (<see cref="PriceMonths"/>),
    /// their interval and the months since their latest charge, which set when their next renewals fall due.
    /// </summary>
    public IReadOnlyList<Subscriber> Subscribers(DateOnly month, bool laterCharges)
    {
        var index = MonthIndex(month);
        var subscribers = new List<Subscriber>();
        foreach (var (customer, byMonth) in _months)
        {
            var first = byMonth.Keys[0];
            if (first > index)
                continue;
            var last = LastUpTo(byMonth, index);
            var every = MonthsApart(byMonth, index);
            if (last + every > index || (laterCharges && byMonth.Keys[^1] >= index))
                subscribers.Add(new Subscriber(customer, index - first, MonthlyCharge(byMonth, first, index)) { MonthsApart = every, MonthsSinceCharge = index - last });
        }
        return subscribers;
    }

    /// <summary>
    /// The months with a charge (payments) and the charges of <paramref name="customers"/> in the <paramref name="periods"/>
    /// months after <paramref name="month"/>.
    /// </summary>
    public (int Payments, double Charges) Paid(IEnumerable<string> customers, DateOnly month, int periods)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var from = MonthIndex(month) + 1;
        var to = MonthIndex(month) + periods;
        var payments = 0;
        var charges = 0.0;
        foreach (var customer in customers)
        {
            if (!_months.TryGetValue(customer, out var byMonth))
                continue;
            foreach (var (m, amount) in byMonth)
            {
                if (m < from || m > to)
                    continue;
                payments++;
                charges += amount;
            }
        }
        return (payments, charges);
    }

    /// <summary>
    /// Of <paramref name="customers"/>, those charged in two months or more (<c>Repeat</c>), and those of them charged less
    /// often than monthly (<c>LessOften</c>): the median number of months between their charged months is 2 or more, as an
    /// annual or quarterly plan's is (a monthly subscriber who skipped one month of three has 1.5). The monthly renewal
    /// model counts a payment a month for them.
    /// </summary>
    public (int Repeat, int LessOften) BillingCycles(IEnumerable<string> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        int repeat = 0, lessOften = 0;
        foreach (var customer in customers)
        {
            if (!_months.TryGetValue(customer, out var byMonth) || byMonth.Count < 2)
                continue;
            repeat++;
            if (MedianGap(byMonth) >= 2)
                lessOften++;
        }
        return (repeat, lessOften);
    }

    /// <summary>
    /// Every customer's latest charge: its day, the renewals made by it (months from the first charge's month to its
    /// month), the months between their charges (<see cref="MonthsApart"/>) and what one payment of their plan is: their
    /// charges per month over the year up to it (<see cref="PriceMonths"/>) times those months.
    /// </summary>
    public IEnumerable<(string CustomerId, DateOnly LastCharge, int Renewals, int MonthsApart, double Charge)> LatestCharges()
    {
        foreach (var (customer, byMonth) in _months)
        {
            var last = _lastCharge[customer];
            var month = MonthIndex(last);
            var every = MonthsApart(byMonth, int.MaxValue);
            yield return (customer, last, month - byMonth.Keys[0], every, every * MonthlyCharge(byMonth, byMonth.Keys[0], month));
        }
    }

    /// <summary>
    /// The median months between a customer's charged months up to <paramref name="month"/>, rounded, where it is 2 or more
    /// (<see cref="BillingCycles"/>); else 1.
    /// </summary>
    static int MonthsApart(SortedList<int, double> byMonth, int month) =>
        MedianGap(byMonth, month) is var median && median >= 2 ? (int)Math.Round(median, MidpointRounding.AwayFromZero) : 1;

    /// <summary>The median number of months between a customer's charged months up to <paramref name="month"/>; 0 with one charged month.</summary>
    static double MedianGap(SortedList<int, double> byMonth, int month = int.MaxValue)
    {
        var charged = 0;
        while (charged < byMonth.Count && byMonth.Keys[charged] <= month)
            charged++;
        if (charged < 2)
            return 0;
        var gaps = new int[charged - 1];
        for (var i = 1; i < charged; i++)
            gaps[i - 1] = byMonth.Keys[i] - byMonth.Keys[i - 1];
        Array.Sort(gaps);
        return gaps.Length % 2 == 1 ? gaps[gaps.Length / 2] : (gaps[(gaps.Length / 2) - 1] + gaps[gaps.Length / 2]) / 2.0;
    }

    /// <summary>The last calendar month (its first day) a history read up to <paramref name="day"/> covers to its end.</summary>
    public static DateOnly LastCompleteMonthOf(DateOnly day) => FirstDay(MonthIndex(day) - (day.AddDays(1).Month == day.Month ? 1 : 0));

    /// <summary><paramref name="month"/> moved by <paramref name="months"/> calendar months.</summary>
    public static DateOnly Shift(DateOnly month, int months) => FirstDay(MonthIndex(month) + months);

    /// <summary>Months a subscriber's price is read over: the latest year, so a price rise shows and an annual charge is spread over its year.</summary>
    public const int PriceMonths = 12;

    /// <summary>
    /// The charges per month subscribed over the <see cref="PriceMonths"/> months up to <paramref name="month"/> (fewer for a
    /// younger subscriber): a monthly plan's latest price, an annual plan's charge spread over its year.
    /// </summary>
    static double MonthlyCharge(SortedList<int, double> byMonth, int first, int month)
    {
        var from = Math.Max(first, month - PriceMonths + 1);
        var charges = 0.0;
        foreach (var (m, amount) in byMonth)
        {
            if (m >= from && m <= month)
                charges += amount;
        }
        return charges / (month - from + 1);
    }

    static int LastUpTo(SortedList<int, double> byMonth, int month)
    {
        var last = byMonth.Keys[0];
        foreach (var m in byMonth.Keys)
        {
            if (m > month)
                break;
            last = m;
        }
        return last;
    }

    static int MonthIndex(DateOnly day) => (day.Year * 12) + day.Month - 1;

    static DateOnly FirstDay(int month) => new(month / 12, (month % 12) + 1, 1);
}

/// <summary>
/// A subscriber of a month: the renewals made by then (months since the first charge) and their charges per month
/// subscribed over the latest year, the price a month of their subscription is worth.
/// </summary>
public sealed record Subscriber(string CustomerId, int Renewals, double Charge)
{
    /// <summary>Months between their payments: 1 on a monthly plan, 12 on a yearly one.</summary>
    public int MonthsApart { get; init; } = 1;

    /// <summary>Months from their latest charge to the month they are a subscriber of (0 when charged in it).</summary>
    public int MonthsSinceCharge { get; init; }

    /// <summary>The renewals that fall due in the <paramref name="periods"/> months after the month: every <see cref="MonthsApart"/> months from the latest charge.</summary>
    public int DueIn(int periods) => (periods + MonthsSinceCharge) / MonthsApart;
}
