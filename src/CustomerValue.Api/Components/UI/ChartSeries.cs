namespace CustomerValue.Api.Components.UI;

/// <summary>One series of a chart: its legend label and one value per chart label.</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double> Values);
