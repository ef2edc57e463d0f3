namespace CustomerValue.Core.Segmentation;

/// <summary>
/// Scores recency, frequency and monetary value 1–5 against quintile cut points fitted on a
/// population, and names the customer's RF segment.
/// </summary>
/// <remarks>
/// Fitting keeps tied values in one bin, so the bins follow the data rather than the arithmetic
/// quantiles: when 70 % of customers have frequency 0, they all score F = 1 and the remaining 30 %
/// are split into quintile-sized bins 2–5, instead of a 0 cut point repeated three times leaving
/// scores 2–4 empty. docs/lifecycle.md gives the algorithm and the segment map.
/// </remarks>
public sealed class RfmScorer
{
    const int Bins = RfmBreakpoints.CutCount + 1;

    /// <exception cref="ArgumentException">The cut points fail <see cref="RfmBreakpoints.Validate"/>.</exception>
    public RfmScorer(RfmBreakpoints breakpoints)
    {
        ArgumentNullException.ThrowIfNull(breakpoints);
        var problems = breakpoints.Validate();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid RFM breakpoints: " + string.Join(" ", problems), nameof(breakpoints));
        Breakpoints = new RfmBreakpoints(
            (double[])breakpoints.Recency.Clone(), (double[])breakpoints.Frequency.Clone(), (double[])breakpoints.Monetary.Clone());
    }

    public RfmBreakpoints Breakpoints { get; }

    /// <summary>Fits cut points on the customers who purchased; prospects are skipped.</summary>
    /// <exception cref="ArgumentException">No customer purchased, or a value is not a finite number.</exception>
    public static RfmScorer Fit(IEnumerable<RfmValues> population)
    {
        ArgumentNullException.ThrowIfNull(population);
        var recency = new List<double>();
        var frequency = new List<double>();
        var monetary = new List<double>();
        foreach (var customer in population)
        {
            if (customer.RecencyDays is not { } days) continue;
            RequireFinite(customer);
            recency.Add(days);
            frequency.Add(customer.Frequency);
            monetary.Add(customer.Monetary);
        }
        if (recency.Count == 0)
            throw new ArgumentException("RFM cut points need at least one customer who purchased.", nameof(population));

        return new RfmScorer(new RfmBreakpoints(Cuts(recency), Cuts(frequency), Cuts(monetary)));
    }

    /// <exception cref="ArgumentException">A value is not a finite number.</exception>
    public RfmScore Score(RfmValues customer)
    {
        if (customer.RecencyDays is not { } days) return new RfmScore(0, 0, 0, RfmSegment.Prospect);
        RequireFinite(customer);

        var r = Bins + 1 - Bin(days, Breakpoints.Recency);
        var f = Bin(customer.Frequency, Breakpoints.Frequency);
        var m = Bin(customer.Monetary, Breakpoints.Monetary);
        return new RfmScore(r, f, m, Segment(r, f));
    }

    /// <summary>The RF segment of a recency and frequency score, each 1–5.</summary>
    public static RfmSegment Segment(int recency, int frequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recency, Bins);
        ArgumentOutOfRangeException.ThrowIfLessThan(frequency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frequency, Bins);

        return (recency, frequency) switch
        {
            (5, 1) => RfmSegment.NewCustomers,
            (5, 2 or 3) => RfmSegment.PotentialLoyalists,
            (5, _) => RfmSegment.Champions,
            (4, 1) => RfmSegment.Promising,
            (4, 2 or 3) => RfmSegment.PotentialLoyalists,
            (4, _) => RfmSegment.LoyalCustomers,
            (3, 1 or 2) => RfmSegment.AboutToSleep,
            (3, 3) => RfmSegment.NeedAttention,
            (3, _) => RfmSegment.LoyalCustomers,
            (_, 5) => RfmSegment.CantLoseThem,
            (_, 3 or 4) => RfmSegment.AtRisk,
            (2, _) => RfmSegment.Hibernating,
            _ => RfmSegment.Lost,
        };
    }

    /// <summary>1 + the number of cut points the value exceeds.</summary>
    static int Bin(double value, double[] cuts)
    {
        var bin = 1;
        foreach (var cut in cuts)
        {
            if (value > cut) bin++;
        }
        return bin;
    }

    /// <summary>
    /// Walks the sorted values bin by bin. Each bin aims at an equal share of the values not yet
    /// placed, so a large tie swallowing one bin leaves the rest split evenly. A tie group is never
    /// cut: the bin ends just before it or just after it, whichever lands nearer the target size
    /// (after it when the bin would otherwise be empty). Cut points left over once every value is
    /// placed repeat the largest value.
    /// </summary>
    internal static double[] Cuts(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var cuts = new double[RfmBreakpoints.CutCount];
        var start = 0;
        for (var b = 0; b < cuts.Length; b++)
        {
            if (start >= n)
            {
                cuts[b] = sorted[n - 1];
                continue;
            }
            var target = (double)(n - start) / (Bins - b);
            var size = Math.Max(1, (int)Math.Round(target, MidpointRounding.AwayFromZero));
            var end = Math.Min(start + size, n) - 1;

            var tieFirst = end;
            while (tieFirst > start && sorted[tieFirst - 1] == sorted[end]) tieFirst--;
            var tieLast = end;
            while (tieLast + 1 < n && sorted[tieLast + 1] == sorted[end]) tieLast++;

            var sizeBefore = tieFirst - start;
            var sizeAfter = tieLast - start + 1;
            end = sizeBefore > 0 && Math.Abs(sizeBefore - target) < Math.Abs(sizeAfter - target)
                ? tieFirst - 1
                : tieLast;

            cuts[b] = sorted[end];
            start = end + 1;
        }
        return cuts;
    }

    static void RequireFinite(RfmValues customer)
    {
        if (!double.IsFinite(customer.RecencyDays ?? 0) || !double.IsFinite(customer.Frequency) || !double.IsFinite(customer.Monetary))
            throw new ArgumentException(
                $"RFM values must be finite numbers, were recency {customer.RecencyDays}, frequency {customer.Frequency}, monetary {customer.Monetary}.",
                nameof(customer));
    }
}
