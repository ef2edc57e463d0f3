using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;

namespace CustomerValue.Modeling.Monitoring;

/// <summary>
/// Records the customers a bundle starts serving from (as of the data's end) as a <see cref="DriftBaseline"/>: each numeric input in ten bins cut at the
/// snapshot's deciles (tied cut points merged) plus a missing bin, each categorical input by level, and the bundle's
/// own predictions on the snapshot binned the same way.
/// </summary>
public static class DriftBaselineBuilder
{
    /// <summary>Levels kept per categorical column; the rest share one "(other)" bin.</summary>
    public const int MaximumLevels = 200;

    const int Bins = 10;

    /// <summary>
    /// Loads the bundle in <paramref name="bundleDirectory"/> (card and models already written), scores
    /// <paramref name="snapshot"/> (the customers as of one date, the data's end) with it, and writes
    /// <see cref="DriftBaseline.FileName"/> beside the card.
    /// </summary>
    public static DriftBaseline Write(string bundleDirectory, IReadOnlyList<FeatureRow> snapshot) => Write(bundleDirectory, snapshot, out _);

    /// <summary>As <see cref="Write(string, IReadOnlyList{FeatureRow})"/>, handing back the bundle's predictions, row-aligned with <paramref name="snapshot"/>.</summary>
    public static DriftBaseline Write(string bundleDirectory, IReadOnlyList<FeatureRow> snapshot, out PredictedValues[] predictions)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var model = ModelFolder.Load(bundleDirectory, ModelBundle.Load);
        var bundle = model.Bundle;
        var scored = new PredictedValues[snapshot.Count];
        // The three figures a score reports, without the lifecycle plan and segment a score builds from them (unrecorded here).
        Parallel.For(0, snapshot.Count, i =>
        {
            var prediction = bundle.Predict(snapshot[i], explain: false);
            var expectedOrders = prediction.ExpectedPurchases ?? LifecycleSignals.RunRateOrders(snapshot[i], prediction.ChurnProbability, bundle.Card.HorizonDays);
            scored[i] = new PredictedValues(prediction.PredictedValue, prediction.ChurnProbability, expectedOrders);
        });
        predictions = scored;
        var card = bundle.Card;
        var baseline = Build(snapshot, scored, card.Vector, predictsValue: card.Clv is not null || card.Recurring is not null,
            snapshot.Count > 0 ? snapshot[0].AsOf : card.Cutoff, predictsOrders: !card.IsContract);
        File.WriteAllText(Path.Combine(bundleDirectory, DriftBaseline.FileName), baseline.ToJson());
        return baseline;
    }

    /// <param name="layout">The columns the models read: its numeric and categorical columns are the inputs recorded.</param>
    /// <param name="predictsValue">False for a churn-only bundle (a churn table without a recurring charge), whose predicted value is always 0.</param>
    /// <param name="predictsOrders">False for a churn table's bundle: no orders to expect, every customer's expected orders are 0.</param>
    public static DriftBaseline Build(
        IReadOnlyList<FeatureRow> rows, IReadOnlyList<PredictedValues> predictions, VectorLayout layout, bool predictsValue, DateOnly asOf,
        bool predictsOrders = true)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(layout);
        if (rows.Count != predictions.Count)
            throw new ArgumentException($"{rows.Count} rows against {predictions.Count} predictions.", nameof(predictions));
        var inputs = new List<ColumnBaseline>();
        foreach (var column in layout.Numeric)
            inputs.Add(Numeric(column, [.. rows.Select(r => r.GetNumeric(column))]));
        foreach (var vocabulary in layout.Categorical)
            inputs.Add(Categorical(vocabulary.Column, rows.Select(r => r.GetCategorical(vocabulary.Column))));
        var outputs = new List<ColumnBaseline>();
        if (predictsValue)
            outputs.Add(Numeric(PredictedValues.PredictedValueColumn, [.. predictions.Select(p => p.PredictedValue)]));
        outputs.Add(Numeric(PredictedValues.ChurnProbabilityColumn, [.. predictions.Select(p => p.ChurnProbability)]));
        if (predictsOrders)
            outputs.Add(Numeric(PredictedValues.ExpectedOrdersColumn, [.. predictions.Select(p => p.ExpectedOrders)]));
        return new DriftBaseline { AsOf = asOf, Rows = rows.Count, Inputs = inputs, Predictions = outputs };
    }

    /// <summary>Cut points at the deciles of the finite values; equal cut points (a column mostly 0) collapse into one.</summary>
    public static ColumnBaseline Numeric(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        // Array.Sort, not LINQ's stable Order: equal doubles need no stable order, and on a million rows per column it
        // took a quarter of a second more each, for every column of the baseline.
        var finite = Array.FindAll(values, double.IsFinite);
        Array.Sort(finite);
        var edges = new List<double>();
        if (finite.Length > 0)
        {
            for (var q = 1; q < Bins; q++)
            {
                // The smallest value with at least q/10 of the rows at or below it.
                var edge = finite[Math.Max(0, (int)Math.Ceiling(q * finite.Length / (double)Bins) - 1)];
                if (edges.Count == 0 || edge > edges[^1])
                    edges.Add(edge);
            }
        }
        var column = new ColumnBaseline(name, DriftColumnKind.Numeric, new double[edges.Count + 2], edges);
        var binner = new DriftBinner(new DriftBaseline { AsOf = default, Rows = 0, Inputs = [column], Predictions = [] });
        var counts = new long[column.BinCount];
        foreach (var value in values)
            counts[binner.NumericBin(0, value)]++;
        return column with { Shares = Shares(counts, values.Length) };
    }

    /// <summary>Every non-blank level with its share (the most frequent <see cref="MaximumLevels"/>), then unseen (0) and missing (blank).</summary>
    public static ColumnBaseline Categorical(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0, missing = 0;
        foreach (var value in values)
        {
            total++;
            if (string.IsNullOrEmpty(value))
                missing++;
            else
                counts[value] = counts.GetValueOrDefault(value) + 1;
        }
        var ordered = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var other = ordered.Count > MaximumLevels;
        var kept = other ? ordered.Take(MaximumLevels - 1).ToList() : ordered;
        var binCounts = kept.Select(kv => kv.Value)
            .Append(other ? ordered.Skip(kept.Count).Sum(kv => kv.Value) : 0)
            .Append(missing)
            .ToArray();
        return new ColumnBaseline(name, DriftColumnKind.Categorical, Shares(binCounts, total), Levels: [.. kept.Select(kv => kv.Key)], OtherLevels: other);
    }

    static double[] Shares(long[] counts, long total) => [.. counts.Select(c => total > 0 ? (double)c / total : 0)];
}
