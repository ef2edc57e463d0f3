using System.Runtime.CompilerServices;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// Fit input with identical (x, tₓ, T) rows merged into weights, plus the distinct values of each column
/// and per-row indices into them, so the likelihood evaluates log-gammas and logarithms once per distinct
/// value instead of once per customer.
/// </summary>
internal sealed class RepeatData
{
    RepeatData(int rows, double[] x, double[] tx, double[] t, double[] weight,
        double[] distinctX, int[] xIndex, double[] distinctTx, int[] txIndex, double[] distinctT, int[] tIndex)
    {
        Rows = rows;
        X = x;
        Tx = tx;
        T = t;
        Weight = weight;
        DistinctX = distinctX;
        XIndex = xIndex;
        DistinctTx = distinctTx;
        TxIndex = txIndex;
        DistinctT = distinctT;
        TIndex = tIndex;
        TotalWeight = weight.Sum();
    }

    public int Rows { get; }
    public int Count => X.Length;
    public double TotalWeight { get; }
    public double[] X { get; }
    public double[] Tx { get; }
    public double[] T { get; }
    public double[] Weight { get; }
    public double[] DistinctX { get; }
    public int[] XIndex { get; }
    public double[] DistinctTx { get; }
    public int[] TxIndex { get; }
    public double[] DistinctT { get; }
    public int[] TIndex { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RepeatData Aggregate(ReadOnlySpan<RepeatSummary> customers, ReadOnlySpan<double> weights)
    {
        if (!weights.IsEmpty && weights.Length != customers.Length)
        {
            throw new ArgumentException(
                $"Got {weights.Length} weights for {customers.Length} customers; give one weight per customer or none.",
                nameof(weights));
        }

        var rows = new Dictionary<(double X, double Tx, double T), int>(Math.Min(customers.Length, 1 << 16));
        var x = new List<double>();
        var tx = new List<double>();
        var t = new List<double>();
        var w = new List<double>();
        var used = 0;
        for (var i = 0; i < customers.Length; i++)
        {
            var c = customers[i];
            var weight = weights.IsEmpty ? 1.0 : weights[i];
            Validate(c, weight, i);
            if (weight == 0)
            {
                continue;
            }

            used++;
            var key = (c.Frequency, c.Recency, c.Age);
            if (rows.TryGetValue(key, out var row))
            {
                w[row] += weight;
                continue;
            }

            rows.Add(key, x.Count);
            x.Add(c.Frequency);
            tx.Add(c.Recency);
            t.Add(c.Age);
            w.Add(weight);
        }

        if (used == 0)
        {
            throw new ArgumentException("No customers with positive weight to fit.", nameof(customers));
        }

        var xs = x.ToArray();
        var txs = tx.ToArray();
        var ts = t.ToArray();
        var (distinctX, xIndex) = Index(xs);
        var (distinctTx, txIndex) = Index(txs);
        var (distinctT, tIndex) = Index(ts);
        return new RepeatData(used, xs, txs, ts, w.ToArray(), distinctX, xIndex, distinctTx, txIndex, distinctT, tIndex);
    }

    static void Validate(RepeatSummary c, double weight, int row)
    {
        if (!double.IsFinite(c.Frequency) || !double.IsFinite(c.Recency) || !double.IsFinite(c.Age))
        {
            throw new ArgumentException($"Customer {row}: frequency, recency and age must be finite numbers.");
        }

        if (c.Frequency < 0 || c.Recency < 0 || c.Age < 0)
        {
            throw new ArgumentException($"Customer {row}: frequency, recency and age must not be negative (got x={c.Frequency}, tx={c.Recency}, T={c.Age}).");
        }

        // Summaries rounded to two decimals can put tx a hair above T; anything more is a broken summary.
        if (c.Recency > c.Age + 1e-6 * Math.Max(1.0, c.Age))
        {
            throw new ArgumentException($"Customer {row}: recency {c.Recency} exceeds age {c.Age}.");
        }

        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentException($"Customer {row}: weight must be a finite non-negative number (got {weight}).");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static (double[] Distinct, int[] Index) Index(double[] values)
    {
        var map = new Dictionary<double, int>();
        var index = new int[values.Length];
        var distinct = new List<double>();
        for (var i = 0; i < values.Length; i++)
        {
            if (!map.TryGetValue(values[i], out var k))
            {
                k = distinct.Count;
                map.Add(values[i], k);
                distinct.Add(values[i]);
            }

            index[i] = k;
        }

        return (distinct.ToArray(), index);
    }
}
