using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Core.Models;

/// <summary>
/// P10/P90 from residual quantiles per band of predicted value. Chosen over quantile regression
/// because FastTree has no quantile loss, and because bands fitted on held-out residuals are honest
/// about the model's real error, which grows with the prediction.
/// </summary>
public static class PredictionInterval
{
    public const int DefaultBands = 5;

    /// <remarks>
    /// The top band's interval is the prediction times its quantiles of (actual − predicted) ÷ predicted when the card
    /// kept them: a customer predicted at 10,000 in a band that starts at 300 gets an interval in proportion, not the
    /// band's one width. A prediction above the top band's <see cref="IntervalBand.UpperPrediction"/> (the largest
    /// held-out prediction the bands were fitted on) still gets the top band's; <see cref="BeyondBands"/> tells a caller
    /// the bands say little about it.
    /// </remarks>
    public static (double P10, double P90) Of(IntervalCard card, double predicted)
    {
        if (card.Bands.Count == 0)
            return (predicted, predicted);
        var band = card.Bands.FirstOrDefault(b => predicted <= b.UpperPrediction) ?? card.Bands[^1];
        if (band.RatioP10 is { } r10 && band.RatioP90 is { } r90 && predicted > 0)
            return (Math.Max(0, predicted * (1 + r10)), Math.Max(0, predicted * (1 + r90)));
        return (Math.Max(0, predicted + band.ResidualP10), Math.Max(0, predicted + band.ResidualP90));
    }

    /// <summary>
    /// Whether <paramref name="predicted"/> lies above every prediction the bands were fitted on. Bands written before the
    /// top band kept its largest prediction end at <see cref="double.MaxValue"/> (times the card's scale), so nothing is above them.
    /// </summary>
    public static bool BeyondBands(IntervalCard card, double predicted) =>
        card.Bands.Count > 0 && predicted > card.Bands[^1].UpperPrediction;

    /// <summary>
    /// Bands of equal row count over the predictions, each with the 10th and 90th percentile of actual − predicted and
    /// its largest prediction (the top band's too: a prediction far above it is not what its residuals describe); the top
    /// band also with the percentiles of (actual − predicted) ÷ predicted, which <see cref="Of"/> serves.
    /// </summary>
    public static IReadOnlyList<IntervalBand> FitBands(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, int bands = DefaultBands)
    {
        if (predicted.Length != actual.Length)
            throw new ArgumentException("Predicted and actual differ in length.", nameof(actual));
        if (predicted.Length == 0)
            return [];
        var order = Enumerable.Range(0, predicted.Length).ToArray();
        var p = predicted.ToArray();
        Array.Sort(order, (a, b) => p[a].CompareTo(p[b]));
        var result = new List<IntervalBand>(bands);
        var start = 0;
        for (var band = 0; band < bands && start < order.Length; band++)
        {
            var end = band == bands - 1 ? order.Length : (int)((long)order.Length * (band + 1) / bands);
            // A band must not split equal predictions, or a value would fall in two bands.
            while (end < order.Length && end > start && p[order[end]] == p[order[end - 1]])
                end++;
            if (end <= start)
                continue;
            var residuals = new double[end - start];
            for (var i = start; i < end; i++)
                residuals[i - start] = actual[order[i]] - p[order[i]];
            Array.Sort(residuals);
            var upper = p[order[end - 1]];
            var ratios = end == order.Length ? Ratios(p, actual, order.AsSpan(start, end - start)) : [];
            result.Add(new IntervalBand(upper, Quantile(residuals, 0.10), Quantile(residuals, 0.90), residuals.Length,
                ratios.Length > 0 ? Quantile(ratios, 0.10) : null, ratios.Length > 0 ? Quantile(ratios, 0.90) : null));
            start = end;
        }
        return result;
    }

    /// <summary>(actual − predicted) ÷ predicted of the rows with a prediction above 0, sorted.</summary>
    static double[] Ratios(double[] predicted, ReadOnlySpan<double> actual, ReadOnlySpan<int> rows)
    {
        var ratios = new List<double>(rows.Length);
        foreach (var row in rows)
        {
            if (predicted[row] > 0)
                ratios.Add((actual[row] - predicted[row]) / predicted[row]);
        }
        ratios.Sort();
        return [.. ratios];
    }

    /// <summary>
    /// <see cref="Coverage"/> within each of <paramref name="groups"/> equal-sized groups of the rows ordered by
    /// predicted value, lowest first; empty with fewer rows than groups.
    /// </summary>
    public static IReadOnlyList<double> CoverageByGroup(IntervalCard card, ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, int groups = 10)
    {
        if (predicted.Length < groups)
            return [];
        var order = Enumerable.Range(0, predicted.Length).ToArray();
        var p = predicted.ToArray();
        Array.Sort(order, (a, b) => p[a].CompareTo(p[b]));
        var result = new double[groups];
        for (var g = 0; g < groups; g++)
        {
            var (from, to) = ((int)((long)order.Length * g / groups), (int)((long)order.Length * (g + 1) / groups));
            var inside = 0;
            for (var i = from; i < to; i++)
            {
                if (Holds(card, p[order[i]], actual[order[i]]))
                    inside++;
            }
            result[g] = (double)inside / (to - from);
        }
        return result;
    }

    /// <summary>Share of rows whose actual lies inside [P10, P90].</summary>
    public static double Coverage(IntervalCard card, ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        if (predicted.Length == 0)
            return double.NaN;
        var inside = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            if (Holds(card, predicted[i], actual[i]))
                inside++;
        }
        return (double)inside / predicted.Length;
    }

    /// <summary>Whether <paramref name="actual"/> lies inside the [P10, P90] of <paramref name="predicted"/>.</summary>
    static bool Holds(IntervalCard card, double predicted, double actual)
    {
        var (lo, hi) = Of(card, predicted);
        return actual >= lo - 1e-9 && actual <= hi + 1e-9;
    }

    /// <summary>Linear interpolation between order statistics (type 7, numpy's default).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
            return double.NaN;
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
