using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using MathNet.Numerics;

namespace CustomerValue.Core.Models;

/// <summary>
/// The day by which a customer has an even chance of having ordered again, worked out one of two ways. BTYD's
/// (<see cref="Btyd"/>) treats the purchases of a customer still there as a Poisson process: the wait for the next one
/// forgets how long it has been, so a monthly subscriber charged five days ago is expected within about three weeks, not at
/// the next charge; on replenishment or subscription data almost nobody orders by that date. The customer's own rhythm
/// (<see cref="Rhythm"/>) takes the gaps between their purchase days as gamma distributed, with their mean and a spread
/// shrunk toward the base's (<see cref="BaseVariation"/>) when there are few gaps: the wait is what is left of
/// a gap that has lasted the days since the last purchase, times the BTYD chance of being still there. A customer with
/// fewer than <see cref="MinimumGaps"/> gaps has no rhythm to read and is dated by BTYD either way.
/// </summary>
public static class NextOrderTiming
{
    public const string Btyd = "btyd";
    public const string Rhythm = "rhythm";

    /// <summary>Gaps between purchase days before a customer's rhythm is read: two give a spread.</summary>
    public const int MinimumGaps = 2;

    /// <summary>
    /// The weight, in gaps, of the base's squared coefficient of variation (<see cref="BaseVariation"/>) in a customer's
    /// own: one gap's worth, so that three purchase days a month apart say less than a year of monthly charges.
    /// </summary>
    public const double PriorGaps = 1;

    /// <summary>A Poisson customer's squared coefficient of variation of the gaps: the prior where the base shows none.</summary>
    public const double PoissonVariation = 1;

    /// <summary>
    /// The base's squared coefficient of variation of the gaps between purchase days: each customer's with a rhythm to
    /// read, weighted by their gaps (<see cref="PoissonVariation"/> when nobody has one). A subscription base's is near 0,
    /// a catalogue retailer's near 1.
    /// </summary>
    public static double BaseVariation(IEnumerable<FeatureRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        double weighted = 0, gaps = 0;
        foreach (var row in rows)
        {
            if (!ReadsRhythm(row))
                continue;
            var variation = row.StdDaysBetweenPurchases / row.MeanDaysBetweenPurchases;
            weighted += row.Frequency * variation * variation;
            gaps += row.Frequency;
        }
        return gaps == 0 ? PoissonVariation : weighted / gaps;
    }

    /// <summary>The most regular spread read: a coefficient of variation of 0.1 (gamma shape 100).</summary>
    const double SmallestSquaredVariation = 0.01;

    /// <summary>
    /// Days after the row's cutoff by which the customer has a 50 % chance of having ordered again by
    /// <paramref name="method"/> (null or unknown: <see cref="Btyd"/>); null when that is not reached within
    /// <paramref name="horizonDays"/>, for a prospect, or without a usable BTYD model. <paramref name="alive"/>: the row's
    /// BTYD P(alive), worked out by the caller.
    /// </summary>
    /// <param name="baseVariation">The base's <see cref="BaseVariation"/>, read by <see cref="Rhythm"/>.</param>
    public static double? DaysToNextOrder(string? method, BtydFeatureModel? btyd, FeatureRow row, double horizonDays, double alive, double baseVariation)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (btyd is null)
            return null;
        return method == Rhythm && ReadsRhythm(row) && double.IsFinite(alive)
            ? ByRhythm(row.MeanDaysBetweenPurchases, row.StdDaysBetweenPurchases, row.Frequency, row.RecencyDays, alive, horizonDays, baseVariation)
            : btyd.DaysToNextPurchase(row, horizonDays, alive);
    }

    /// <summary>The whole day after the cutoff a date <paramref name="days"/> after it falls on, as serving dates it (rounded up, at least 1).</summary>
    public static double Day(double days) => Math.Max(1, Math.Ceiling(days - 1e-9));

    /// <summary>
    /// How far a date <paramref name="days"/> after the cutoff (null: none within the horizon) was from the actual next
    /// order <paramref name="actualDays"/> after it (null: none within the horizon), in days with both capped at the
    /// horizon's end: the loss of a median where the outcome is cut off at the horizon.
    /// </summary>
    public static double DaysOff(double? days, int? actualDays, double horizonDays) =>
        Math.Abs(Math.Min(horizonDays, actualDays ?? horizonDays) - Math.Min(horizonDays, days is { } d ? Day(d) : horizonDays));

    /// <summary>Whether <paramref name="row"/> has enough gaps between purchase days for <see cref="Rhythm"/> to date it.</summary>
    public static bool ReadsRhythm(FeatureRow row) =>
        !row.IsProspect && row.Frequency >= MinimumGaps && row.MeanDaysBetweenPurchases > 0 && row.StdDaysBetweenPurchases >= 0;

    /// <summary>
    /// The whole number of days after the cutoff by which a customer <paramref name="alive"/> with that chance, whose
    /// <paramref name="gaps"/> gaps between purchase days have the mean <paramref name="meanGap"/> and standard deviation
    /// <paramref name="sdGap"/>, and whose last purchase was <paramref name="recencyDays"/> before the cutoff, has a 50 %
    /// chance of having ordered again; null when that is not reached within <paramref name="horizonDays"/>. The spread is
    /// shrunk toward <paramref name="baseVariation"/> (<see cref="BaseVariation"/>) by <see cref="PriorGaps"/>.
    /// </summary>
    public static double? ByRhythm(double meanGap, double sdGap, int gaps, int recencyDays, double alive, double horizonDays, double baseVariation)
    {
        if (!(meanGap > 0) || gaps < 1 || !(horizonDays >= 1) || !(alive >= 0.5))
            return null;
        var variation = sdGap / meanGap;
        var prior = double.IsFinite(baseVariation) && baseVariation >= 0 ? baseVariation : PoissonVariation;
        var squared = Math.Max(SmallestSquaredVariation, ((gaps * variation * variation) + (PriorGaps * prior)) / (gaps + PriorGaps));
        var shape = 1 / squared;
        var scale = meanGap / shape;
        double Survival(double days) => SpecialFunctions.GammaUpperRegularized(shape, Math.Max(0, days) / scale);
        var lasted = Survival(recencyDays);
        // A gap that has lasted far longer than the rhythm allows ends any day now, if the customer is still there.
        double ChanceBy(int day) => lasted <= 1e-12 ? alive : alive * (lasted - Survival(recencyDays + day)) / lasted;
        var last = (int)Math.Floor(horizonDays);
        if (ChanceBy(last) < 0.5)
            return null;
        // The chance grows with the day: the first whole day it reaches 50 %.
        int low = 1, high = last;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (ChanceBy(mid) >= 0.5)
                high = mid;
            else
                low = mid + 1;
        }
        return low;
    }
}
