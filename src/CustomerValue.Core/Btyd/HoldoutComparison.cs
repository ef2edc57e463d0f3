namespace CustomerValue.Core.Btyd;

/// <summary>Mean actual and predicted holdout purchases of the customers with one calibration frequency.</summary>
/// <param name="Frequency">Calibration repeat purchases x; the last row holds x ≥ this value.</param>
/// <param name="AndAbove">True for the last, open-ended row (e.g. 7+).</param>
public sealed record HoldoutFrequencyRow(int Frequency, bool AndAbove, int Customers, double MeanActual, double MeanPredicted)
{
    public string Label => AndAbove ? $"{Frequency}+" : Frequency.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// How well a transaction model's conditional expectations E[X(T, T+t) | x, tₓ, T] match the repeat purchases
/// customers actually made in a holdout period of length t, the check of Fader, Hardie &amp; Lee (2005, fig. 4).
/// </summary>
/// <param name="Length">Holdout length t in the model's time unit.</param>
/// <param name="ActualTotal">Σ actual holdout purchases.</param>
/// <param name="PredictedTotal">Σ E[X(T, T+t) | x, tₓ, T].</param>
/// <param name="MeanAbsoluteError">Per customer, |actual − expected| averaged.</param>
/// <param name="RootMeanSquaredError">Per customer.</param>
/// <param name="ByFrequency">Customers grouped by calibration frequency 0, 1, …, with the last group open-ended.</param>
public sealed record HoldoutComparison(
    double Length,
    int Customers,
    double ActualTotal,
    double PredictedTotal,
    double MeanAbsoluteError,
    double RootMeanSquaredError,
    IReadOnlyList<HoldoutFrequencyRow> ByFrequency)
{
    /// <param name="actual">Purchases each customer made in the holdout, in the order of <paramref name="customers"/>.</param>
    /// <param name="length">Holdout length in the model's time unit.</param>
    /// <param name="topFrequency">The open-ended last group: 7 gives groups 0 … 6 and 7+.</param>
    public static HoldoutComparison Of(ITransactionModel model, ReadOnlySpan<RepeatSummary> customers, ReadOnlySpan<double> actual,
        double length, int topFrequency = 7)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(topFrequency);
        BtydMath.CheckHorizon(length);
        if (actual.Length != customers.Length)
        {
            throw new ArgumentException($"Got {actual.Length} holdout counts for {customers.Length} customers.", nameof(actual));
        }

        var groups = topFrequency + 1;
        var count = new int[groups];
        var sumActual = new double[groups];
        var sumPredicted = new double[groups];
        double totalActual = 0, totalPredicted = 0, absolute = 0, squared = 0;
        for (var i = 0; i < customers.Length; i++)
        {
            var predicted = model.ExpectedPurchases(length, customers[i]);
            var error = actual[i] - predicted;
            totalActual += actual[i];
            totalPredicted += predicted;
            absolute += Math.Abs(error);
            squared += error * error;
            var g = (int)Math.Min(customers[i].Frequency, topFrequency);
            count[g]++;
            sumActual[g] += actual[i];
            sumPredicted[g] += predicted;
        }

        var n = customers.Length;
        var rows = new HoldoutFrequencyRow[groups];
        for (var g = 0; g < groups; g++)
        {
            rows[g] = new HoldoutFrequencyRow(g, g == topFrequency, count[g],
                count[g] == 0 ? double.NaN : sumActual[g] / count[g],
                count[g] == 0 ? double.NaN : sumPredicted[g] / count[g]);
        }

        return new HoldoutComparison(length, n, totalActual, totalPredicted,
            n == 0 ? double.NaN : absolute / n, n == 0 ? double.NaN : Math.Sqrt(squared / n), rows);
    }
}
