namespace CustomerValue.Core.Segmentation;

/// <summary>
/// Quintile cut points fitted on a population: four ascending upper bounds per measure. A value
/// belongs to the first bin whose bound it does not exceed; above the fourth bound it is in bin 5.
/// Plain arrays so the model card can store them as JSON and serving can score with the same cuts.
/// </summary>
/// <param name="Recency">Bounds on days since the latest purchase (bin 1 = most recent, scored R = 5).</param>
/// <param name="Frequency">Bounds on frequency (bin b scored F = b).</param>
/// <param name="Monetary">Bounds on monetary value (bin b scored M = b).</param>
public sealed record RfmBreakpoints(double[] Recency, double[] Frequency, double[] Monetary)
{
    public const int CutCount = 4;

    /// <summary>Every problem with the cut points; empty when they can score.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Check(nameof(Recency), Recency, problems);
        Check(nameof(Frequency), Frequency, problems);
        Check(nameof(Monetary), Monetary, problems);
        return problems;
    }

    static void Check(string name, double[]? cuts, List<string> problems)
    {
        if (cuts is null || cuts.Length != CutCount)
        {
            problems.Add($"{name} needs exactly {CutCount} cut points, had {cuts?.Length ?? 0}.");
            return;
        }
        if (cuts.Any(c => !double.IsFinite(c))) problems.Add($"{name} cut points must be finite numbers.");
        for (var i = 1; i < cuts.Length; i++)
        {
            if (cuts[i] < cuts[i - 1]) problems.Add($"{name} cut points must not decrease ({cuts[i - 1]} then {cuts[i]}).");
        }
    }
}
