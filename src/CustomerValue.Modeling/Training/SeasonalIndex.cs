using System.Globalization;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The base's own calendar: how far each calendar month's net spend a day sits above or below the base's trend, read
/// from the complete months of the history by least squares on their logarithms, log spend a day = trend × month + the
/// calendar month's own level (a base's growth or decline is the trend, not a season), each level shrunk towards the
/// others as far as the scatter of its days says it may be chance. It moves how a horizon's predicted total falls across
/// its months (<see cref="Apply"/>), never the total or any customer's value.
/// </summary>
/// <param name="ByMonth">January first: each calendar month's spend a day against the trend, the twelve averaging 1.</param>
/// <param name="Years">The fewest complete months behind any calendar month: how many years each month's index was read from at least.</param>
internal sealed record SeasonalIndex(IReadOnlyList<double> ByMonth, int Years)
{
    /// <summary>Complete months an index needs at least: every calendar month once and a few twice, from which the trend is read.</summary>
    public const int FewestMonths = 15;

    /// <summary>The share of the usual month's spend a day at which a month without positive net spend is read.</summary>
    const double ClosedShare = 0.01;

    /// <summary>The share of the median month's spend a day below which the history's first months are its launch, left out (<see cref="Established"/>).</summary>
    const double LaunchShare = 0.1;

    /// <summary>
    /// The index of the complete calendar months from <paramref name="first"/> to <paramref name="through"/> of the base's
    /// net spend by day (<paramref name="netByDay"/>, days without spend absent), from the first of them at a tenth of the
    /// median month's spend a day or more (<see cref="Established"/>); null with fewer than <see cref="FewestMonths"/> of
    /// them or without positive net spend over them. A month whose spend is not positive (a
    /// month closed, or one with returns beyond its sales) is read at a hundredth of the usual month, as logarithms need.
    /// </summary>
    /// <remarks>
    /// The fit is the within-month regression: the trend b = Σ (t − t̄ₘ)(yₜ − ȳₘ) / Σ (t − t̄ₘ)² over the months t of each
    /// calendar month m (yₜ the log of month t's net spend a day), and each calendar month's level ȳₘ − b·t̄ₘ. A month's
    /// log spend varies by chance about as much as its days' spend does, var(day) / (days × mean²); a level's chance
    /// variance vₘ is the mean of its months' over their count. The levels' spread around their mean holds the season's
    /// variance τ² and their chance variance, so τ² is what the spread holds beyond the mean vₘ, and each level keeps
    /// τ² / (τ² + vₘ) of its distance from the mean: a base without a season reads a flat index rather than its months'
    /// chance. The index is exp of the shrunk levels, scaled to average 1.
    /// Measured on a generated steady base of 26 months without a season: read from monthly totals, its February stood at
    /// 0.90 for its 28 days and its other months 4 % apart by chance, which a validation period happened to favour
    /// (shares 2.4 % → 0.8 % off), putting the test months 0.4–4.4 points further off; read a day and shrunk, the index
    /// is flat there.
    /// </remarks>
    public static SeasonalIndex? Of(IReadOnlyDictionary<DateOnly, double> netByDay, DateOnly first, DateOnly through)
    {
        ArgumentNullException.ThrowIfNull(netByDay);
        var start = first.Day == 1 ? first : new DateOnly(first.Year, first.Month, 1).AddMonths(1);
        var end = through.AddDays(1).Day == 1 ? new DateOnly(through.Year, through.Month, 1) : new DateOnly(through.Year, through.Month, 1).AddMonths(-1);
        var complete = new List<(DateOnly Month, double[] Days)>();
        for (var month = start; month <= end; month = month.AddMonths(1))
            complete.Add((month, [.. Enumerable.Range(0, DateTime.DaysInMonth(month.Year, month.Month)).Select(d => netByDay.GetValueOrDefault(month.AddDays(d)))]));
        complete = Established(complete);
        var overall = complete.Count > 0 ? complete.Average(m => m.Days.Average()) : 0;
        if (complete.Count < FewestMonths || overall <= 0)
            return null;
        var byCalendar = Enumerable.Range(0, 12).Select(_ => new List<(int T, double Y, double Chance)>()).ToArray();
        for (var t = 0; t < complete.Count; t++)
        {
            var (month, days) = complete[t];
            // A month closed (or with returns beyond its sales) counts as a hundredth of the usual month: its season is nearly nothing.
            var mean = Math.Max(days.Average(), ClosedShare * overall);
            var chance = days.Sum(d => (d - mean) * (d - mean)) / (days.Length - 1) / (days.Length * mean * mean);
            byCalendar[month.Month - 1].Add((t, Math.Log(mean), chance));
        }
        if (byCalendar.Any(m => m.Count == 0))
            return null;
        double covariance = 0, variance = 0;
        foreach (var months in byCalendar)
        {
            var (meanT, meanY) = (months.Average(m => m.T), months.Average(m => m.Y));
            covariance += months.Sum(m => (m.T - meanT) * (m.Y - meanY));
            variance += months.Sum(m => (m.T - meanT) * (m.T - meanT));
        }
        var trend = variance > 0 ? covariance / variance : 0;
        var levels = byCalendar.Select(months => months.Average(m => m.Y) - trend * months.Average(m => m.T)).ToArray();
        var centre = levels.Average();
        var noise = byCalendar.Select(months => months.Average(m => m.Chance) / months.Count).ToArray();
        var season = Math.Max(0, levels.Average(l => (l - centre) * (l - centre)) - noise.Average());
        var shrunk = levels.Select((l, c) => season + noise[c] > 0 ? Math.Exp((l - centre) * season / (season + noise[c])) : 1).ToArray();
        var average = shrunk.Average();
        return new SeasonalIndex([.. shrunk.Select(l => l / average)], byCalendar.Min(m => m.Count));
    }

    /// <summary>
    /// <paramref name="months"/> from the first whose spend a day reaches <see cref="LaunchShare"/> of the median month's:
    /// the months before it are the base's launch (or the start of an export that holds a few early orders), not a season.
    /// </summary>
    /// <remarks>
    /// Olist's orders start in September 2016 with October at 7.5 % of the median month's spend, November empty and
    /// December one order, then January 2017 at 20 % and growing; read as seasons, those months put its November at 0.25
    /// and December at 0.16 of the usual month, in a history whose November (Black Friday) was its busiest month. A month
    /// closed later in the history is a season and stays (<see cref="ClosedShare"/>).
    /// </remarks>
    static List<(DateOnly Month, double[] Days)> Established(List<(DateOnly Month, double[] Days)> months)
    {
        if (months.Count == 0)
            return months;
        var means = months.Select(m => m.Days.Average()).Order().ToArray();
        var median = means.Length % 2 == 1 ? means[means.Length / 2] : (means[(means.Length / 2) - 1] + means[means.Length / 2]) / 2;
        var launch = months.FindIndex(m => m.Days.Average() >= LaunchShare * median);
        return launch <= 0 ? months : months[launch..];
    }

    /// <summary>
    /// <paramref name="shares"/> of a total over <paramref name="parts"/> (calendar parts of a horizon), each weighted by
    /// its days' index and the whole scaled back to sum to 1: the same total, spread as the calendar has it.
    /// </summary>
    public double[] Apply(IReadOnlyList<double> shares, IReadOnlyList<(DateOnly From, DateOnly To)> parts)
    {
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(parts);
        var weighted = new double[shares.Count];
        for (var p = 0; p < shares.Count; p++)
        {
            var (from, to) = parts[p];
            var index = 0.0;
            for (var day = from; day <= to; day = day.AddDays(1))
                index += ByMonth[day.Month - 1];
            weighted[p] = shares[p] * index / (to.DayNumber - from.DayNumber + 1);
        }
        var sum = weighted.Sum();
        return sum > 0 ? [.. weighted.Select(w => w / sum)] : [.. shares];
    }

    /// <summary>"Jan 0.93, Feb 0.88, …": the index as the card's reason names it.</summary>
    public string Describe() => string.Join(", ", ByMonth.Select((v, m) =>
        string.Create(CultureInfo.InvariantCulture, $"{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(m + 1)} {v:0.00}")));

    /// <summary>Σ |predicted share − actual share| over the parts: how far a total's spread across months is off, whatever its level.</summary>
    public static double ShapeError(IReadOnlyList<double> predictedShares, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(predictedShares);
        ArgumentNullException.ThrowIfNull(actual);
        var total = actual.Sum();
        return total > 0 ? predictedShares.Select((p, m) => Math.Abs(p - actual[m] / total)).Sum() : double.NaN;
    }
}
