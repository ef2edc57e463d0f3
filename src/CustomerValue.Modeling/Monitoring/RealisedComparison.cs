using System.Globalization;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Store;
using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Monitoring;

/// <summary>
/// Compares a scoring run's predictions with what its customers spent and bought after the run's as-of date, with the
/// training evaluators (<see cref="RegressionEvaluator"/>, <see cref="BinaryEvaluator"/>) so the figures mean what the
/// model card's do.
/// </summary>
public static class RealisedComparison
{
    /// <param name="customers">The run's scored customers.</param>
    /// <param name="transactions">Transactions after the run (earlier ones are ignored; so are later ones past the horizon).</param>
    /// <param name="observedThrough">The last day of actuals; default the earlier of the horizon's end and the last transaction date.</param>
    /// <exception cref="InvalidDataException">No transaction is dated after the run's as-of date, or the run has no customers.</exception>
    public static RealisedReport Compare(
        ScoringRun run, int horizonDays, IReadOnlyList<ScoredCustomer> customers, IEnumerable<Transaction> transactions,
        DateOnly? observedThrough = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        if (customers.Count == 0)
            throw new InvalidDataException($"Run {run.RunId} has no scored customers in the store (only the current run keeps its rows).");

        var index = new Dictionary<string, int>(customers.Count, StringComparer.Ordinal);
        for (var i = 0; i < customers.Count; i++)
            index[customers[i].CustomerId] = i;
        var horizonEnd = run.AsOf.AddDays(horizonDays);
        // The horizon's purchases as (customer, day, amount), 16 bytes each, so the window can be cut once the last
        // date is known without a per-customer array of days.
        var buyer = new List<int>();
        var offsets = new List<int>();
        var amounts = new List<double>();
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        DateOnly? last = null;
        foreach (var transaction in transactions)
        {
            var day = DateOnly.FromDateTime(transaction.Timestamp);
            if (day <= run.AsOf)
                continue;
            if (last is null || day > last)
                last = day;
            if (day > horizonEnd)
                continue;
            if (!index.TryGetValue(transaction.CustomerId, out var i))
            {
                unknown.Add(transaction.CustomerId);
                continue;
            }
            buyer.Add(i);
            offsets.Add(day.DayNumber - run.AsOf.DayNumber);
            amounts.Add(transaction.Amount);
        }
        if (last is null)
            throw new InvalidDataException($"No transaction is dated after the run's as-of date {run.AsOf:yyyy-MM-dd}: nothing has been realised yet.");

        var through = observedThrough ?? (last.Value < horizonEnd ? last.Value : horizonEnd);
        if (through <= run.AsOf)
            throw new InvalidDataException($"The observed window ends {through:yyyy-MM-dd}, not after the run's as-of date {run.AsOf:yyyy-MM-dd}.");
        if (through > horizonEnd)
            through = horizonEnd;
        var elapsed = through.DayNumber - run.AsOf.DayNumber;
        var share = Math.Min(1.0, elapsed / (double)horizonDays);

        var predicted = new double[customers.Count];
        var actual = new double[customers.Count];
        var churn = new double[customers.Count];
        var churned = new bool[customers.Count];
        Array.Fill(churned, true);
        for (var t = 0; t < buyer.Count; t++)
        {
            if (offsets[t] > elapsed)
                continue;
            actual[buyer[t]] += amounts[t];
            churned[buyer[t]] = false;
        }
        long bought = 0, covered = 0;
        for (var i = 0; i < customers.Count; i++)
        {
            var c = customers[i];
            predicted[i] = c.PredictedValue * share;
            churn[i] = c.ChurnProbability;
            if (!churned[i])
                bought++;
            if (actual[i] >= c.ValueP10 * share && actual[i] <= c.ValueP90 * share)
                covered++;
        }

        var metrics = RegressionEvaluator.Evaluate(predicted, actual);
        var auc = BinaryEvaluator.Auc(churn, churned);
        var predictedTotal = customers.Sum(c => c.PredictedValue);
        var actualTotal = actual.Sum();
        var deciles = metrics.Deciles.Select(d => new RealisedDecile(
            d.Decile, d.Count, d.SumPredicted, d.SumActual, Finite(d.MeanPredicted), Finite(d.MeanActual), Finite(d.ShareOfActual))).ToList();

        return new RealisedReport(
            run.RunId, run.ModelVersion, run.AsOf, horizonDays, through, elapsed, share, Scaling(horizonDays, elapsed, share),
            customers.Count, bought, predictedTotal, predictedTotal * share, actualTotal,
            actualTotal != 0 ? (predictedTotal * share - actualTotal) / actualTotal : null,
            Finite(metrics.NormalizedGini), deciles, Finite(auc), 1 - bought / (double)customers.Count, churn.Average(),
            covered / (double)customers.Count, unknown.Count, (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);
    }

    static string Scaling(int horizonDays, int elapsed, double share) => share >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"the whole {horizonDays}-day horizon has passed: predictions are compared as they are.")
        : string.Create(CultureInfo.InvariantCulture,
            $"{elapsed} of the {horizonDays} horizon days have passed ({share:P1}): predicted totals, deciles and P10/P90 intervals are scaled by {share:0.####}, taking spend as even over the horizon; churn is no purchase in those {elapsed} days.");

    static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
