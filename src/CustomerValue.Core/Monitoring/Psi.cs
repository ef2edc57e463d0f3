namespace CustomerValue.Core.Monitoring;

/// <summary>
/// The population stability index: Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ) over bins, e the training share and a the share now.
/// A bin empty on one side would make the sum infinite, so every share is first raised to at least
/// <see cref="MinimumShare"/> (the usual small-constant treatment; it caps an empty bin's term near 0.07 per 10 %).
/// </summary>
public static class Psi
{
    public const double MinimumShare = 1e-4;

    public static double Compute(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        if (expected.Length != actual.Length)
            throw new ArgumentException($"{expected.Length} expected shares against {actual.Length} actual ones.", nameof(actual));
        double psi = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = Math.Max(expected[i], MinimumShare);
            var a = Math.Max(actual[i], MinimumShare);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }
}
