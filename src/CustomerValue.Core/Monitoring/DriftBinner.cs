using CustomerValue.Core.Features;

namespace CustomerValue.Core.Monitoring;

/// <summary>What a customer was predicted: the values whose distribution <see cref="DriftBaseline.Predictions"/> records.</summary>
public readonly record struct PredictedValues(double PredictedValue, double ChurnProbability, double ExpectedOrders)
{
    public const string PredictedValueColumn = "predictedValue";
    public const string ChurnProbabilityColumn = "churnProbability";
    public const string ExpectedOrdersColumn = "expectedOrders";

    internal static Func<PredictedValues, double> Reader(string column) => column switch
    {
        PredictedValueColumn => static p => p.PredictedValue,
        ChurnProbabilityColumn => static p => p.ChurnProbability,
        ExpectedOrdersColumn => static p => p.ExpectedOrders,
        _ => throw new InvalidDataException($"'{column}' is not a prediction a drift baseline can record."),
    };
}

/// <summary>
/// A <see cref="DriftBaseline"/> made ready to place rows: a reader and a bin lookup per column, built once per loaded
/// bundle. Thread-safe: it holds no state of its own beyond what it was built with.
/// </summary>
public sealed class DriftBinner
{
    readonly Func<FeatureRow, double>?[] _numeric;
    readonly Func<FeatureRow, string>?[] _categorical;
    readonly Dictionary<string, int>?[] _levels;
    readonly double[][] _edges;
    readonly Func<PredictedValues, double>[] _predictions;

    public DriftBinner(DriftBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        Baseline = baseline;
        Columns = [.. baseline.Inputs, .. baseline.Predictions];
        InputCount = baseline.Inputs.Count;
        _numeric = new Func<FeatureRow, double>?[InputCount];
        _categorical = new Func<FeatureRow, string>?[InputCount];
        _levels = new Dictionary<string, int>?[Columns.Count];
        _edges = new double[Columns.Count][];
        for (var c = 0; c < Columns.Count; c++)
        {
            var column = Columns[c];
            _edges[c] = [.. column.Edges ?? []];
            if (column.Kind == DriftColumnKind.Categorical)
            {
                var map = new Dictionary<string, int>(StringComparer.Ordinal);
                var levels = column.Levels ?? [];
                for (var l = 0; l < levels.Count; l++)
                    map[levels[l]] = l;
                _levels[c] = map;
            }
            if (c >= InputCount)
                continue;
            if (column.Kind == DriftColumnKind.Numeric)
                _numeric[c] = FeatureRow.NumericReader(column.Name);
            else
                _categorical[c] = FeatureRow.CategoricalReader(column.Name);
        }
        _predictions = [.. baseline.Predictions.Select(p => PredictedValues.Reader(p.Name))];
    }

    public DriftBaseline Baseline { get; }

    /// <summary>Inputs, then predictions, in the baseline's order.</summary>
    public IReadOnlyList<ColumnBaseline> Columns { get; }

    public int InputCount { get; }

    /// <summary>Writes the bin of every column for one scored customer into <paramref name="bins"/> (one per column).</summary>
    public void Bin(FeatureRow row, PredictedValues predicted, Span<int> bins)
    {
        ArgumentNullException.ThrowIfNull(row);
        for (var c = 0; c < InputCount; c++)
            bins[c] = _numeric[c] is { } numeric ? NumericBin(c, numeric(row)) : CategoricalBin(c, _categorical[c]!(row));
        for (var p = 0; p < _predictions.Length; p++)
            bins[InputCount + p] = NumericBin(InputCount + p, _predictions[p](predicted));
    }

    /// <summary>The bin of <paramref name="value"/> in numeric column <paramref name="column"/>: the first edge it does not exceed; missing (NaN, ±∞) last.</summary>
    public int NumericBin(int column, double value)
    {
        var edges = _edges[column];
        if (!double.IsFinite(value))
            return edges.Length + 1;
        var index = Array.BinarySearch(edges, value);
        // An exact hit on an edge belongs to the bin that edge closes; otherwise the complement names the next edge up.
        return index >= 0 ? index : ~index;
    }

    /// <summary>
    /// The level's bin; after the levels, the bin of values training never saw (or beyond the kept levels), then the
    /// bin of missing values (blank).
    /// </summary>
    public int CategoricalBin(int column, string value)
    {
        var levels = _levels[column]!;
        if (string.IsNullOrEmpty(value))
            return levels.Count + 1;
        return levels.TryGetValue(value, out var bin) ? bin : levels.Count;
    }

    /// <summary>Whether the values in the unseen bin (next to last) of <paramref name="column"/> are ones training never saw.</summary>
    public bool CountsUnseen(int column) => Columns[column] is { Kind: DriftColumnKind.Categorical, OtherLevels: false };
}
