using System.Globalization;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Segmentation;

namespace CustomerValue.Api.Components.UI;

/// <summary>How the console writes numbers and names: invariant culture, so a page reads the same on every server.</summary>
public static class Display
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Money in the currency of the training data, whole units with thousands separators.</summary>
    public static string Money(double value) => value.ToString("#,##0", Invariant);

    /// <summary>Money with cents, for amounts small enough that cents matter.</summary>
    public static string Cents(double value) => value.ToString("#,##0.00", Invariant);

    public static string Percent(double share) => share.ToString("0.0 %", Invariant);

    public static string Count(long value) => value.ToString("#,##0", Invariant);

    public static string Number(double value, string format = "0.###") => value.ToString(format, Invariant);

    public static string Number(double? value, string format = "0.###") => value is { } v && double.IsFinite(v) ? Number(v, format) : "–";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    /// <summary>A change with its sign, e.g. "+1,200" or "−35".</summary>
    public static string Signed(double change, Func<double, string> format) =>
        change > 0 ? "+" + format(change) : change < 0 ? "−" + format(-change) : "±0";

    /// <summary>The stage as marketers speak of it, with what it means.</summary>
    public static string Stage(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Segmentation => "Prospect",
        LifecycleStage.Acquisition => "New",
        LifecycleStage.Monetization => "Active",
        LifecycleStage.Retention => "At risk",
        LifecycleStage.Recovery => "Lapsed",
        _ => stage.ToString(),
    };

    /// <summary>"Retention (at risk)": the stage's name in the API and lists, and its meaning.</summary>
    public static string StageLong(LifecycleStage stage) => $"{stage} ({Stage(stage).ToLowerInvariant()})";

    /// <summary>"AtRisk" → "At Risk"; the store keeps the enum name.</summary>
    public static string Segment(string? segment) =>
        Enum.TryParse<RfmSegment>(segment, out var s) && Enum.IsDefined(s) ? s.DisplayName() : string.IsNullOrEmpty(segment) ? "–" : segment;
}
