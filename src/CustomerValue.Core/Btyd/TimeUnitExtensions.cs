namespace CustomerValue.Core.Btyd;

public static class TimeUnitExtensions
{
    public static double Days(this TimeUnit unit) => unit switch
    {
        TimeUnit.Days => 1.0,
        TimeUnit.Weeks => 7.0,
        TimeUnit.Months => 365.25 / 12.0,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    public static string Name(this TimeUnit unit) => unit switch
    {
        TimeUnit.Days => "days",
        TimeUnit.Weeks => "weeks",
        TimeUnit.Months => "months",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };
}
