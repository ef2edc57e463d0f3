namespace CustomerValue.Core.Features;

/// <summary>The time unit of a BTYD summary; the value is its length in days.</summary>
public enum TimeUnit
{
    Day = 1,
    Week = 7,
}

public static class TimeUnitExtensions
{
    public static double Days(this TimeUnit unit) => unit switch
    {
        TimeUnit.Day => 1,
        TimeUnit.Week => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };
}
