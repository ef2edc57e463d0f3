using System.ComponentModel.DataAnnotations;

namespace CustomerValue.Api.Infrastructure;

/// <summary>The <c>Api</c> section of the configuration.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Most items one <c>POST /v1/predictions/batch</c> may hold.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// Device values accepted in addition to the ones the loaded model was trained on. A listed
    /// device the model has never seen is scored as unknown and reported as a warning; a device in
    /// neither list is rejected as a typo.
    /// </summary>
    public List<string> KnownDevices { get; set; } = ["ios", "android", "web", "desktop", "tablet", "mobile"];
}
