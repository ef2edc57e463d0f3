using CustomerValue.Core.Btyd;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Features;

/// <summary>
/// Turns a raw event log into BG/BB patterns: time is cut into consecutive periods of <c>periodDays</c> days from
/// <c>periodStart</c>, each period one transaction opportunity. A customer's first period with a transaction is
/// their opportunity 0; x counts the later periods with at least one transaction, tₓ is the last of them and n the
/// complete periods after the first one up to the calibration end. Several transactions in one period count once;
/// transactions after the calibration end and customers with no complete opportunity yet are left out (counted).
/// </summary>
public static class OpportunitySummary
{
    public sealed record Result(RepeatOpportunities[] Patterns, double[] Customers, int CustomersWithoutOpportunity, long TransactionsAfterCalibration);

    public static Result Build(IEnumerable<Transaction> transactions, DateOnly periodStart, int periodDays, DateOnly calibrationEnd)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentOutOfRangeException.ThrowIfLessThan(periodDays, 1);
        // Periods wholly on or before the calibration end: [start + k·L, start + (k+1)·L) for k < complete.
        var complete = (calibrationEnd.DayNumber - periodStart.DayNumber + 1) / periodDays;
        if (complete < 2)
            throw new ArgumentException($"From {periodStart:yyyy-MM-dd} to {calibrationEnd:yyyy-MM-dd} there are {complete} whole periods of {periodDays} days; BG/BB needs at least two (a first transaction and one opportunity).");

        var periods = new Dictionary<string, SortedSet<int>>();
        long after = 0;
        foreach (var t in transactions)
        {
            var day = DateOnly.FromDateTime(t.Timestamp);
            if (day < periodStart)
                throw new ArgumentException($"Customer {t.CustomerId} has a transaction on {day:yyyy-MM-dd}, before the period start {periodStart:yyyy-MM-dd}.");
            var period = (day.DayNumber - periodStart.DayNumber) / periodDays;
            if (period >= complete)
            {
                after++;
                continue;
            }

            if (!periods.TryGetValue(t.CustomerId, out var set))
                periods[t.CustomerId] = set = [];
            set.Add(period);
        }

        var counts = new SortedDictionary<(int X, int Tx, int N), double>();
        var without = 0;
        foreach (var set in periods.Values)
        {
            var first = set.Min;
            var n = complete - 1 - first;
            if (n == 0)
            {
                without++;
                continue;
            }

            var x = set.Count - 1;
            var tx = set.Max - first;
            counts[(x, tx, n)] = counts.GetValueOrDefault((x, tx, n)) + 1;
        }

        return new Result(
            counts.Keys.Select(k => new RepeatOpportunities(k.X, k.Tx, k.N)).ToArray(),
            counts.Values.ToArray(), without, after);
    }
}
