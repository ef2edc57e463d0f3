using System.Globalization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// Monthly acquisition cohorts of a subscription's billing history, as the survivor counts sBG and the discrete Weibull
/// fit (<see cref="SurvivorCounts"/>): a customer joins the cohort of the calendar month of their first charge and counts
/// as subscribed in every month up to the month of their last one. Months are the renewal periods; the month of the
/// data's last day counts only when that day ends it, since a charge later in that month is not in the data yet.
/// </summary>
public static class SubscriptionCohorts
{
    /// <summary>
    /// The cohorts of <paramref name="charges"/> (positive amounts; refunds and zero rows are not charges), each followed
    /// from its month to the last complete month of the data; cohorts with less than one renewal period observed are left
    /// out, as they say nothing of retention.
    /// </summary>
    /// <param name="observedThrough">The last complete month (its first day); null when there is no charge.</param>
    public static IReadOnlyList<SurvivorCounts> Monthly(IEnumerable<Transaction> charges, out DateOnly? observedThrough)
    {
        ArgumentNullException.ThrowIfNull(charges);
        var spans = new Dictionary<string, (int First, int Last)>(StringComparer.Ordinal);
        var lastDay = DateOnly.MinValue;
        foreach (var charge in charges)
        {
            if (!(charge.Amount > 0))
                continue;
            var day = DateOnly.FromDateTime(charge.Timestamp);
            if (day > lastDay)
                lastDay = day;
            var month = MonthIndex(day);
            spans[charge.CustomerId] = spans.TryGetValue(charge.CustomerId, out var span)
                ? (Math.Min(span.First, month), Math.Max(span.Last, month))
                : (month, month);
        }
        observedThrough = null;
        if (spans.Count == 0)
            return [];
        var lastComplete = MonthIndex(lastDay) - (lastDay.AddDays(1).Month == lastDay.Month ? 1 : 0);
        observedThrough = FirstDay(lastComplete);

        var cohorts = new List<SurvivorCounts>();
        foreach (var cohort in spans.Values.Where(s => s.First < lastComplete).GroupBy(s => s.First).OrderBy(g => g.Key))
        {
            var periods = lastComplete - cohort.Key;
            var survivors = new double[periods + 1];
            foreach (var (first, last) in cohort)
            {
                // Subscribed from its first month through its last: periods 0 .. last − first, within the observed months.
                for (var k = 0; k <= Math.Min(last - first, periods); k++)
                    survivors[k]++;
            }
            cohorts.Add(new SurvivorCounts(FirstDay(cohort.Key).ToString("yyyy-MM", CultureInfo.InvariantCulture), 0, survivors));
        }
        return cohorts;
    }

    static int MonthIndex(DateOnly day) => (day.Year * 12) + day.Month - 1;

    static DateOnly FirstDay(int month) => new(month / 12, (month % 12) + 1, 1);
}
