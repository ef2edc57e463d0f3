using System.ComponentModel.DataAnnotations;
using CustomerValue.Core.Monitoring;

namespace CustomerValue.Api.Monitoring;

/// <summary>The <c>Drift</c> section: thresholds (as <c>cvml score</c>'s defaults) and the live window's size.</summary>
public sealed class DriftOptions
{
    public const string SectionName = "Drift";

    /// <summary>PSI or unseen-category share from which a column is flagged 'watch'.</summary>
    [Range(0.0, 1e6)]
    public double Watch { get; set; } = DriftThresholds.Default.Watch;

    /// <summary>PSI or unseen-category share from which a column is flagged 'act'.</summary>
    [Range(0.0, 1e6)]
    public double Act { get; set; } = DriftThresholds.Default.Act;

    /// <summary>The live figures are over the last this many customers predicted.</summary>
    [Range(1, 1_000_000)]
    public int WindowSize { get; set; } = 1000;

    public DriftThresholds Thresholds => new() { Watch = Watch, Act = Act };
}
