namespace CustomerValue.Training.Bench;

/// <summary>The middle of repeated end-to-end timings: one slow run on a shared machine does not move it.</summary>
internal static class Medians
{
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            throw new ArgumentException("No values to take the median of.", nameof(values));
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
