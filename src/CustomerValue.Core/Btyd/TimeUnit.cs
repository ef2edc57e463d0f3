namespace CustomerValue.Core.Btyd;

/// <summary>The time unit of a <see cref="RepeatSummary"/> and of every prediction made from a model fitted on it.</summary>
public enum TimeUnit
{
    Days,
    Weeks,
    /// <summary>Average Gregorian month, 365.25 / 12 days.</summary>
    Months,
}
