using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Evaluation;
using ScottPlot;

namespace CustomerValue.Modeling.Reporting;

/// <summary>
/// PNG charts for the training report. Each method draws one chart and writes it to
/// <c>path</c>, creating the folder if needed; rendering is headless (SkiaSharp), no display needed.
/// </summary>
public static class ReportCharts
{
    public const int DefaultWidth = 900;
    public const int DefaultHeight = 560;

    static readonly Color PredictedColor = new Color(31, 119, 180);
    static readonly Color ActualColor = new Color(255, 127, 14);
    static readonly Color ReferenceColor = new Color(110, 110, 110);

    /// <summary>Mean predicted and mean actual value per decile, side by side.</summary>
    public static void DecileLift(IReadOnlyList<DecileRow> deciles, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(deciles);
        var plot = NewPlot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        foreach (var row in deciles.Where(r => r.Count > 0))
        {
            bars.Add(new Bar { Position = row.Decile - 0.2, Value = row.MeanPredicted, Size = 0.4, FillColor = PredictedColor });
            bars.Add(new Bar { Position = row.Decile + 0.2, Value = row.MeanActual, Size = 0.4, FillColor = ActualColor });
            ticks.Add(new Tick(row.Decile, row.Decile.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Margins(bottom: 0);

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Mean predicted", FillColor = PredictedColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Mean actual", FillColor = ActualColor });
        plot.ShowLegend(Alignment.UpperRight);

        plot.Title("Predicted vs actual value by decile");
        plot.XLabel("Decile of predicted value (1 = highest)");
        plot.YLabel("Mean value per customer");
        Save(plot, path, width, height);
    }

    /// <summary>Observed positive rate against mean predicted probability per bin, with the diagonal of perfect calibration.</summary>
    public static void Calibration(IReadOnlyList<ReliabilityBin> bins, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var plot = NewPlot();
        var perfect = plot.Add.Line(0, 0, 1, 1);
        perfect.Color = ReferenceColor;
        perfect.LinePattern = LinePattern.Dashed;
        perfect.LegendText = "Perfectly calibrated";

        var filled = bins.Where(b => b.Count > 0).ToArray();
        var model = plot.Add.Scatter(filled.Select(b => b.MeanPredicted).ToArray(), filled.Select(b => b.ObservedRate).ToArray());
        model.Color = PredictedColor;
        model.MarkerSize = 9;
        model.LineWidth = 2;
        model.LegendText = "Model";

        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title("Calibration (reliability)");
        plot.XLabel("Mean predicted probability");
        plot.YLabel("Observed rate");
        Save(plot, path, width, height);
    }

    /// <summary>The <paramref name="top"/> most important features as horizontal bars, the most important at the top.</summary>
    public static void FeatureImportance(IReadOnlyList<(string Feature, double Importance)> importances, string path, int top = 20, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(importances);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var shown = importances
            .OrderByDescending(x => Math.Abs(x.Importance))
            .ThenBy(x => x.Feature, StringComparer.Ordinal)
            .Take(top)
            .ToArray();

        var plot = NewPlot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var i = 0; i < shown.Length; i++)
        {
            // Highest first means the largest position, since the y axis grows upward.
            var position = shown.Length - i;
            bars.Add(new Bar { Position = position, Value = shown[i].Importance, Size = 0.7, FillColor = PredictedColor });
            ticks.Add(new Tick(position, shown[i].Feature));
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0);

        plot.Title(shown.Length < importances.Count ? $"Feature importance (top {shown.Length} of {importances.Count})" : "Feature importance");
        plot.XLabel("Importance");
        Save(plot, path, width, height);
    }

    /// <summary>
    /// Predicted against actual value per customer on log(1 + value) axes, which keeps the long tail
    /// of big spenders from squashing everyone else into a corner; the y = x line marks a perfect
    /// prediction. Negative values (net refunds) are drawn at 0.
    /// </summary>
    public static void PredictedVsActual(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        MetricInputs.RequirePairs(predicted.Length, actual.Length, nameof(predicted), nameof(actual));
        var xs = new double[actual.Length];
        var ys = new double[predicted.Length];
        var max = 0.0;
        for (var i = 0; i < xs.Length; i++)
        {
            xs[i] = Math.Log(1 + Math.Max(actual[i], 0));
            ys[i] = Math.Log(1 + Math.Max(predicted[i], 0));
            max = Math.Max(max, Math.Max(xs[i], ys[i]));
        }
        if (max == 0) max = 1;

        var plot = NewPlot();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.Color = PredictedColor.WithAlpha(0.45);
        points.MarkerSize = 4;
        points.LegendText = "Customer";

        var perfect = plot.Add.Line(0, 0, max, max);
        perfect.Color = ReferenceColor;
        perfect.LinePattern = LinePattern.Dashed;
        perfect.LegendText = "Predicted = actual";

        var ticks = LogTicks(max);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.SetLimits(0, max * 1.03, 0, max * 1.03);

        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title("Predicted vs actual value (log scale)");
        plot.XLabel("Actual value");
        plot.YLabel("Predicted value");
        Save(plot, path, width, height);
    }

    /// <summary>
    /// Cumulative gains: the share of total actual value captured by the top x % of customers when
    /// ranked by prediction, against a perfect ranking (by actual value) and a random one (the
    /// diagonal). The area between the model curve and the diagonal is the Gini, and its ratio to
    /// the perfect curve's area is the normalized Gini: this is the picture behind those numbers.
    /// Ties in the prediction keep input order.
    /// </summary>
    public static void CumulativeGains(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        MetricInputs.RequirePairs(predicted.Length, actual.Length, nameof(predicted), nameof(actual));
        var plot = NewPlot();
        var random = plot.Add.Line(0, 0, 100, 100);
        random.Color = ReferenceColor;
        random.LinePattern = LinePattern.Dashed;
        random.LegendText = "Random";

        var perfect = plot.Add.ScatterLine(GainsCurve(actual, actual));
        perfect.Color = ActualColor;
        perfect.LineWidth = 2;
        perfect.LegendText = "Perfect (by actual value)";

        var model = plot.Add.ScatterLine(GainsCurve(predicted, actual));
        model.Color = PredictedColor;
        model.LineWidth = 2;
        model.LegendText = "Model";

        plot.Axes.SetLimits(0, 100, 0, 100);
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title("Cumulative gains");
        plot.XLabel("Customers ranked by score (%)");
        plot.YLabel("Share of total actual value (%)");
        Save(plot, path, width, height);
    }

    /// <summary>At most ~500 points: enough for a smooth curve without drawing every customer.</summary>
    static Coordinates[] GainsCurve(ReadOnlySpan<double> score, ReadOnlySpan<double> actual)
    {
        var order = Ranking.DescendingOrder(score);
        double total = 0;
        foreach (var a in actual) total += a;
        var n = order.Length;
        var stride = Math.Max(1, n / 500);
        var points = new List<Coordinates> { new(0, 0) };
        double running = 0;
        for (var i = 0; i < n; i++)
        {
            running += actual[order[i]];
            if ((i + 1) % stride == 0 || i == n - 1)
                points.Add(new Coordinates(100.0 * (i + 1) / n, total == 0 ? 0 : 100 * running / total));
        }
        return points.ToArray();
    }

    /// <summary>Ticks at 0, 1, 10, 100 … placed on a log(1 + v) axis and labelled with v itself.</summary>
    static Tick[] LogTicks(double maxLog)
    {
        var ticks = new List<Tick> { new(0, "0") };
        for (var v = 1.0; Math.Log(1 + v) <= maxLog * 1.03; v *= 10)
            ticks.Add(new Tick(Math.Log(1 + v), v.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)));
        return ticks.ToArray();
    }

    /// <summary>
    /// Survival curves: each projected series as a line, each observed series as markers, the share of a cohort still
    /// subscribed against renewal periods.
    /// </summary>
    public static void SurvivalCurves(IReadOnlyList<SurvivalSeries> series, string title, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        var lines = series.Where(s => !s.Observed).Select(s => s.Label).Distinct().ToList();
        foreach (var item in series)
        {
            var color = palette.GetColor(Math.Max(0, lines.IndexOf(item.Label)));
            var scatter = plot.Add.Scatter(item.Periods, item.Shares);
            scatter.Color = color;
            scatter.LegendText = item.Observed ? item.Label + " (observed)" : item.Label;
            if (item.Observed)
            {
                scatter.LineWidth = 0;
                scatter.MarkerSize = 8;
            }
            else
            {
                scatter.LineWidth = 2;
                scatter.MarkerSize = 0;
            }
        }

        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title(title);
        plot.XLabel("Renewal period");
        plot.YLabel("Share still subscribed");
        Save(plot, path, width, height);
    }

    static Plot NewPlot()
    {
        var plot = new Plot();
        if (SansFamily.Value is { } family)
        {
            plot.Font.Set(family);
            // Font.Set pins a regular-weight typeface on every label, which would override Bold.
            var bold = Fonts.GetTypeface(family, bold: true, italic: false);
            plot.Axes.Title.Label.Font = bold;
            plot.Axes.Bottom.Label.Font = bold;
            plot.Axes.Left.Label.Font = bold;
        }
        return plot;
    }

    // The Skia build ScottPlot ships on Linux reads fonts straight from /usr/share/fonts and, asked
    // for a generic "sans-serif", answers with whichever family it found first (on Debian, DejaVu
    // Serif). Name a real sans family that is installed; if none is, keep ScottPlot's default.
    static readonly Lazy<string?> SansFamily = new(() =>
    {
        string[] preferred = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "Segoe UI"];
        var installed = SkiaSharp.SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return preferred.FirstOrDefault(installed.Contains);
    });

    static void Save(Plot plot, string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        plot.SavePng(path, width, height);
    }
}

/// <summary>One curve of <see cref="ReportCharts.SurvivalCurves"/>; an observed series is drawn with markers and matched by label to its projection's colour.</summary>
public sealed record SurvivalSeries(string Label, double[] Periods, double[] Shares, bool Observed);
