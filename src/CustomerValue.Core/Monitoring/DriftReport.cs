namespace CustomerValue.Core.Monitoring;

/// <summary>
/// How far the customers scored have moved from the baseline (the customers as of the data's end when the model was trained): per input and per prediction, the population
/// stability index (<see cref="Monitoring.Psi"/>) and, for a categorical input, the share of values training never saw.
/// </summary>
/// <param name="BaselineAsOf">The date of the baseline's customers: the data's end when the model was trained.</param>
/// <param name="Rows">Customers the figures are over.</param>
/// <param name="Level">The worst level of any column.</param>
public sealed record DriftReport(
    DateOnly BaselineAsOf,
    long BaselineRows,
    long Rows,
    DriftThresholds Thresholds,
    DriftLevel Level,
    IReadOnlyList<ColumnDrift> Inputs,
    IReadOnlyList<ColumnDrift> Predictions)
{
    /// <summary>The inputs by PSI, largest first (unseen share breaking ties).</summary>
    public IEnumerable<ColumnDrift> MovedMost(int count) => Inputs
        .Where(c => c.Psi is not null)
        .OrderByDescending(c => c.Psi)
        .ThenByDescending(c => c.UnseenShare ?? 0)
        .ThenBy(c => c.Name, StringComparer.Ordinal)
        .Take(count);

    /// <summary>Inputs and predictions at <see cref="DriftLevel.Watch"/> or above, worst first.</summary>
    public IReadOnlyList<ColumnDrift> Flagged => [.. Inputs.Concat(Predictions)
        .Where(c => c.Level != DriftLevel.Stable)
        .OrderByDescending(c => c.Level)
        .ThenByDescending(c => c.Psi)];

    internal static DriftReport Of(DriftTally tally, DriftThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var binner = tally.Binner;
        var columns = new ColumnDrift[binner.Columns.Count];
        for (var c = 0; c < columns.Length; c++)
            columns[c] = Column(binner, c, tally.Counts(c), tally.Rows, thresholds);
        var inputs = columns[..binner.InputCount];
        var predictions = columns[binner.InputCount..];
        var level = columns.Select(c => c.Level).DefaultIfEmpty(DriftLevel.Stable).Max();
        return new DriftReport(binner.Baseline.AsOf, binner.Baseline.Rows, tally.Rows, thresholds, level, inputs, predictions);
    }

    static ColumnDrift Column(DriftBinner binner, int c, IReadOnlyList<long> counts, long rows, DriftThresholds thresholds)
    {
        var baseline = binner.Columns[c];
        var expected = baseline.Shares.ToArray();
        var actual = new double[counts.Count];
        var bins = new BinDrift[counts.Count];
        for (var b = 0; b < counts.Count; b++)
        {
            actual[b] = rows > 0 ? (double)counts[b] / rows : 0;
            bins[b] = new BinDrift(baseline.BinLabel(b), expected[b], actual[b], counts[b]);
        }
        if (rows == 0)
            return new ColumnDrift(baseline.Name, baseline.Kind, null, null, DriftLevel.Stable, bins);
        var psi = Monitoring.Psi.Compute(expected, actual);
        double? unseen = binner.CountsUnseen(c) ? actual[^2] : null;
        var level = (DriftLevel)Math.Max((int)thresholds.LevelOf(psi), (int)thresholds.LevelOf(unseen ?? 0));
        return new ColumnDrift(baseline.Name, baseline.Kind, psi, unseen, level, bins);
    }
}

/// <param name="Psi">Null when no customer was counted.</param>
/// <param name="UnseenShare">Categorical columns whose training levels are all kept: the share of values training never saw (blanks are missing, not unseen).</param>
/// <param name="Level">The worse of the PSI's and the unseen share's levels.</param>
public sealed record ColumnDrift(string Name, DriftColumnKind Kind, double? Psi, double? UnseenShare, DriftLevel Level, IReadOnlyList<BinDrift> Bins);

/// <summary>One bin: its share of the baseline and of the customers scored, and how many of those fell in it.</summary>
public sealed record BinDrift(string Bin, double Expected, double Actual, long Count);
