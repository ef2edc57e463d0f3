using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;

namespace CustomerValue.Core.Tests.Monitoring;

internal static class Rows
{
    /// <summary>A one-order customer on a device, as of 2024-02-01.</summary>
    public static FeatureRow OnDevice(string device) => FeatureBuilder.Snapshot(
        new CustomerProfile("C") { Device = device },
        [new Transaction("C", new DateTime(2024, 1, 1), 10)],
        new DateOnly(2024, 2, 1),
        new FeatureOptions());

    /// <summary>For baselines that read only predictions.</summary>
    public static FeatureRow Any { get; } = OnDevice("ios");
}
