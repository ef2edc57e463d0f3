using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Core.Models;

/// <summary>
/// What a bundle's predicted value can come from. Training compares every candidate on the validation period and the
/// bundle serves the winner (<see cref="ClvModelCard.Candidate"/>): trees with or without the BTYD columns, BTYD +
/// Gamma-Gamma alone, or a simple rule. Each is multiplied by the card's scale, chosen on the validation period too.
/// </summary>
public static class ClvCandidates
{
    /// <summary>Trees with the BTYD columns, blended with BTYD + Gamma-Gamma by the card's weight.</summary>
    public const string Hybrid = "hybrid";

    /// <summary>The same learner on the feature row alone, no BTYD columns.</summary>
    public const string Trees = "trees";

    /// <summary>BTYD expected purchases × Gamma-Gamma expected spend per purchase (prospects: 0).</summary>
    public const string Btyd = "btyd-gamma-gamma";

    /// <summary>Average ticket × purchase days per day of tenure (tenure ≥ 30 days) × horizon.</summary>
    public const string Historic = "historic-formula";

    /// <summary>The net spend of the horizon-length window before the cutoff, as the next window's.</summary>
    public const string LastPeriodSpend = "last-period-spend";

    /// <summary>The first order's value.</summary>
    public const string FirstOrder = "first-order-value";

    /// <summary>Every candidate, the most complex first; on an exact tie of validation Gini the simpler (later) one ships.</summary>
    public static IReadOnlyList<string> All { get; } = [Hybrid, Trees, Btyd, Historic, LastPeriodSpend, FirstOrder];

    public static bool UsesTrees(string candidate) => candidate is Hybrid or Trees;

    /// <summary>The unscaled value of a candidate that is not trees; NaN where it needs a BTYD model that is missing.</summary>
    public static double RuleValue(string candidate, FeatureRow row, int horizonDays, BtydFeatureModel? btyd)
    {
        ArgumentNullException.ThrowIfNull(row);
        return candidate switch
        {
            Btyd => btyd is null ? double.NaN : row.IsProspect ? 0 : Floor(btyd.ExpectedSpend(row, horizonDays)),
            Historic => HistoricFormula.Value(row, horizonDays),
            LastPeriodSpend => Math.Max(0, row.SpendLastHorizon),
            FirstOrder => Math.Max(0, row.FirstTicket),
            _ => throw new ArgumentOutOfRangeException(nameof(candidate), candidate, "Not a rule candidate."),
        };
    }

    /// <summary>The feature columns a rule candidate reads, which its explanation is given in.</summary>
    public static IReadOnlyList<string> Inputs(string candidate) => candidate switch
    {
        Btyd => [FeatureColumns.RecencyDays, FeatureColumns.Frequency, FeatureColumns.TenureDays, FeatureColumns.Monetary],
        Historic => [FeatureColumns.Frequency, FeatureColumns.TenureDays, FeatureColumns.TotalSpend],
        LastPeriodSpend => [FeatureColumns.SpendLastHorizon],
        FirstOrder => [FeatureColumns.FirstTicket],
        _ => [],
    };

    /// <summary>
    /// Exact Shapley values of a rule candidate's inputs (at most four, so 2⁴ evaluations): how far each input moves this
    /// customer's value from that of a typical customer (<paramref name="reference"/>: the training median of each input),
    /// in currency over the horizon. They sum to value − reference value.
    /// </summary>
    public static IReadOnlyList<FeatureContribution> Explain(
        string candidate, FeatureRow row, IReadOnlyDictionary<string, double> reference, int horizonDays, BtydFeatureModel? btyd, double scale)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(reference);
        var inputs = Inputs(candidate);
        if (row.IsProspect || inputs.Count == 0 || inputs.Any(i => !reference.ContainsKey(i)))
            return [];
        var n = inputs.Count;
        var values = new double[1 << n];
        for (var mask = 0; mask < values.Length; mask++)
        {
            var mixed = row;
            for (var i = 0; i < n; i++)
            {
                if ((mask & (1 << i)) == 0)
                    mixed = With(mixed, inputs[i], reference[inputs[i]]);
            }
            if (mixed.RecencyDays > mixed.TenureDays)
                mixed = mixed with { RecencyDays = mixed.TenureDays };
            values[mask] = scale * RuleValue(candidate, mixed, horizonDays, btyd);
        }
        if (values.Any(v => !double.IsFinite(v)))
            return [];
        var factorial = new double[n + 1];
        factorial[0] = 1;
        for (var k = 1; k <= n; k++)
            factorial[k] = factorial[k - 1] * k;
        var result = new List<FeatureContribution>(n);
        for (var i = 0; i < n; i++)
        {
            double phi = 0;
            for (var mask = 0; mask < values.Length; mask++)
            {
                if ((mask & (1 << i)) != 0)
                    continue;
                var size = System.Numerics.BitOperations.PopCount((uint)mask);
                phi += factorial[size] * factorial[n - size - 1] / factorial[n] * (values[mask | (1 << i)] - values[mask]);
            }
            if (phi != 0)
                result.Add(new FeatureContribution(inputs[i], phi));
        }
        return [.. result.OrderByDescending(c => Math.Abs(c.Contribution)).ThenBy(c => c.Feature, StringComparer.Ordinal)];
    }

    static FeatureRow With(FeatureRow row, string column, double value) => column switch
    {
        FeatureColumns.RecencyDays => row with { RecencyDays = (int)Math.Round(value) },
        FeatureColumns.Frequency => row with { Frequency = (int)Math.Round(value) },
        FeatureColumns.TenureDays => row with { TenureDays = (int)Math.Round(value) },
        FeatureColumns.Monetary => row with { Monetary = value },
        FeatureColumns.TotalSpend => row with { TotalSpend = value },
        FeatureColumns.SpendLastHorizon => row with { SpendLastHorizon = value },
        FeatureColumns.FirstTicket => row with { FirstTicket = value },
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Not a rule input."),
    };

    static double Floor(double value) => double.IsFinite(value) ? Math.Max(0, value) : 0;
}
