namespace CustomerValue.Core.Data;

/// <summary>Summary statistics shared by the data summary and the feature encoder.</summary>
internal static class SampleStatistics
{
    /// <summary>The median (the mean of the middle two for an even count), 0 for no values; sorts <paramref name="values"/> in place.</summary>
    public static double MedianOrZero(List<double> values)
    {
        if (values.Count == 0)
            return 0;
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
