using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace CustomerValue.Core.Monitoring;

/// <summary>
/// When drift is worth a look and when it is worth acting on. The defaults are common practice for the population
/// stability index: below 0.1 stable, 0.1 to 0.25 watch, 0.25 and above act (retrain, or find what changed upstream).
/// The unseen share (categorical values training never saw) uses the same levels.
/// </summary>
public sealed record DriftThresholds
{
    public const string SectionName = "Drift";

    [Range(0.0, double.MaxValue)]
    public double Watch { get; init; } = 0.1;

    [Range(0.0, double.MaxValue)]
    public double Act { get; init; } = 0.25;

    public static DriftThresholds Default { get; } = new();

    public DriftLevel LevelOf(double figure) => figure >= Act ? DriftLevel.Act : figure >= Watch ? DriftLevel.Watch : DriftLevel.Stable;

    /// <summary>Problems with the thresholds, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(Watch >= 0 && double.IsFinite(Watch)))
            problems.Add($"Drift:Watch is {Watch}; it must be a finite number ≥ 0.");
        if (!(Act >= 0 && double.IsFinite(Act)))
            problems.Add($"Drift:Act is {Act}; it must be a finite number ≥ 0.");
        if (Act < Watch)
            problems.Add($"Drift:Act ({Act}) is below Drift:Watch ({Watch}).");
        return problems;
    }
}

[JsonConverter(typeof(CamelCaseEnumConverter<DriftLevel>))]
public enum DriftLevel
{
    Stable,
    Watch,
    Act,
}
