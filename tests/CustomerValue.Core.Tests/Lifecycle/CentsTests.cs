using System.Globalization;
using CustomerValue.Core.Lifecycle;

namespace CustomerValue.Core.Tests.Lifecycle;

/// <summary>
/// Spend ceilings are rounded to cents in double arithmetic where that provably gives decimal's answer, and
/// through decimal elsewhere: over values built to sit on and beside every deciding point, both must agree bit
/// for bit with the decimal formulas the rules were written with.
/// </summary>
public sealed class CentsTests
{
    static double DecimalFloorCents(double amount) =>
        !(amount > 0) ? 0
        : amount >= 1e15 ? Math.Floor(amount * 100) / 100
        : (double)(Math.Floor((decimal)amount * 100m) / 100m);

    static double DecimalRoundCents(double amount) =>
        Math.Abs(amount) >= 1e15
            ? Math.Round(amount, 2, MidpointRounding.AwayFromZero)
            : (double)Math.Round((decimal)amount, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public void FloorCentsIsTheDecimalFloorForEveryValue()
    {
        var mismatches = Values(seed: 3)
            .Where(v => BitConverter.DoubleToInt64Bits(LifecycleRules.FloorCents(v)) != BitConverter.DoubleToInt64Bits(DecimalFloorCents(v)))
            .Select(v => v.ToString("R", CultureInfo.InvariantCulture))
            .Take(10)
            .ToList();
        Assert.Empty(mismatches);
    }

    [Fact]
    public void RoundCentsIsTheDecimalRoundingForEveryValue()
    {
        var mismatches = Values(seed: 5)
            .Where(v => BitConverter.DoubleToInt64Bits(LifecycleRules.RoundCents(v)) != BitConverter.DoubleToInt64Bits(DecimalRoundCents(v)))
            .Select(v => v.ToString("R", CultureInfo.InvariantCulture))
            .Take(10)
            .ToList();
        Assert.Empty(mismatches);
    }

    [Fact]
    public void TheDecimalCasesThatMotivatedDecimalStillHold()
    {
        Assert.Equal(29.00, LifecycleRules.FloorCents(0.29 * 100));
        Assert.Equal(0.29, LifecycleRules.FloorCents(0.29));
        Assert.Equal(1.01, LifecycleRules.RoundCents(1.005));
        Assert.Equal(-1.01, LifecycleRules.RoundCents(-1.005));
        Assert.Equal(2.68, LifecycleRules.RoundCents(2.675));
        Assert.Equal(0, LifecycleRules.FloorCents(double.NaN));
        Assert.Throws<OverflowException>(() => LifecycleRules.RoundCents(double.NaN));
    }

    /// <summary>Whole cents, half cents and the doubles next to them, products like the rules make, and a log-uniform spread, both signs.</summary>
    static IEnumerable<double> Values(int seed)
    {
        var random = new Random(seed);
        double[] specials = [0, -0.0, double.Epsilon, 1e-300, 0.004999999999999999, 0.005, 0.995, 1e13, 9e13, 4.5e13, 1e14, 9.99e14, 1e15, 2e15];
        foreach (var s in specials)
        {
            yield return s;
            yield return -s;
        }
        for (var i = 0; i < 400_000; i++)
        {
            var cents = Math.Floor(Math.Pow(10, random.NextDouble() * 15)) + (random.Next(4) switch { 0 => 0, 1 => 0.5, 2 => random.NextDouble(), _ => 0.999 });
            var value = cents / 100;
            var steps = random.Next(-4, 5);
            for (var s = 0; s < Math.Abs(steps); s++)
                value = steps > 0 ? Math.BitIncrement(value) : Math.BitDecrement(value);
            yield return value;
            yield return -value;
            yield return random.NextDouble() * Math.Pow(10, random.Next(-6, 16));
            yield return random.NextDouble() * random.NextDouble() * 1_000 * 0.3;
        }
    }
}
