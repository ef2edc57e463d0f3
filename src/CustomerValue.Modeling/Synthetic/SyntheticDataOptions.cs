namespace CustomerValue.Modeling.Synthetic;

/// <summary>
/// What to simulate: how many customers, which seed, the span of the data and the truth date with
/// the horizon after it. Customers sign up between <see cref="Start"/> and the truth date; their
/// purchases run on to <see cref="End"/>, the last day of data.
/// </summary>
public sealed record SyntheticDataOptions
{
    public static readonly DateOnly DefaultStart = new(2023, 1, 1);
    public static readonly DateOnly DefaultEnd = new(2025, 12, 31);
    public const int DefaultCustomers = 1000;
    public const int DefaultSeed = 42;
    public const int DefaultHorizonDays = 365;

    public int Customers { get; init; } = DefaultCustomers;
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>First day of data: the acquisition window opens here.</summary>
    public DateOnly Start { get; init; } = DefaultStart;

    /// <summary>Last day of data (inclusive).</summary>
    public DateOnly End { get; init; } = DefaultEnd;

    public int HorizonDays { get; init; } = DefaultHorizonDays;

    /// <summary>Truth date; null means <see cref="End"/> minus the horizon, the training's default cutoff.</summary>
    public DateOnly? TruthDate { get; init; }

    /// <summary>
    /// The last day of history the truth conditions on. The horizon is the
    /// <see cref="HorizonDays"/> days after it, the truth date itself excluded.
    /// </summary>
    public DateOnly EffectiveTruthDate => TruthDate ?? End.AddDays(-HorizonDays);

    /// <summary>Everything wrong with these options, as sentences; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Customers < 1)
        {
            errors.Add($"The number of customers must be at least 1 (got {Customers}).");
        }

        if (HorizonDays < 1)
        {
            errors.Add($"The horizon must be at least 1 day (got {HorizonDays}).");
        }

        if (End < Start)
        {
            errors.Add($"The end date {End:yyyy-MM-dd} is before the start date {Start:yyyy-MM-dd}.");
            return errors;
        }

        if (HorizonDays < 1)
        {
            return errors;
        }

        var truthDate = EffectiveTruthDate;
        if (truthDate < Start)
        {
            errors.Add(TruthDate is null
                ? $"The data from {Start:yyyy-MM-dd} to {End:yyyy-MM-dd} is shorter than the horizon of {HorizonDays} days plus one day of history."
                : $"The truth date {truthDate:yyyy-MM-dd} is before the start date {Start:yyyy-MM-dd}.");
        }
        else if (truthDate.DayNumber + (long)HorizonDays > End.DayNumber)
        {
            errors.Add($"The truth date {truthDate:yyyy-MM-dd} plus the horizon of {HorizonDays} days runs past the end date {End:yyyy-MM-dd}; the horizon must lie inside the data.");
        }

        return errors;
    }
}
