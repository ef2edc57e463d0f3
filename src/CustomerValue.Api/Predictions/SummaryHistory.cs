using CustomerValue.Core.Domain;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Turns a history summary into the order list the feature code needs: the first order on
/// firstOrderDate with firstOrderValue, the last on lastOrderDate, the others spread evenly between
/// them, every order after the first carrying an equal share of the remaining spend. Recency,
/// tenure, order count and total spend come out exact; gaps, window counts and spend trend are
/// approximations, which the response says in a warning.
/// </summary>
public static class SummaryHistory
{
    /// <summary>Half a cent: amounts closer than this count as equal.</summary>
    public const double CentTolerance = 0.005;

    public static DatedAmount[] Expand(HistorySummaryRequest summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var orders = summary.Orders ?? throw new ArgumentException("The summary has no order count.", nameof(summary));
        var total = summary.TotalSpend ?? throw new ArgumentException("The summary has no total spend.", nameof(summary));
        var first = summary.FirstOrderDate ?? throw new ArgumentException("The summary has no first order date.", nameof(summary));
        var last = summary.LastOrderDate ?? throw new ArgumentException("The summary has no last order date.", nameof(summary));
        if (orders == 1)
            return [new DatedAmount(first, total)];

        var firstValue = summary.FirstOrderValue ?? total / orders;
        var repeatValue = Math.Max(0, total - firstValue) / (orders - 1);
        var span = last.DayNumber - first.DayNumber;
        var history = new DatedAmount[orders];
        history[0] = new DatedAmount(first, firstValue);
        for (var k = 1; k < orders; k++)
        {
            // round(k · span / (orders − 1)) in integers; steps of at least one day keep the days distinct.
            var offset = (int)(((2L * k * span) + (orders - 1)) / (2L * (orders - 1)));
            history[k] = new DatedAmount(first.AddDays(offset), repeatValue);
        }
        return history;
    }
}
