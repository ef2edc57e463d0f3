using System.CommandLine;
using System.Globalization;

namespace CustomerValue.Training.Commands;

/// <summary>
/// Numeric option values checked where a command reads them, before it reads any data: a value out of range stops the
/// command with one line naming the option (exit code 1), not with what the value breaks later, deep in a run.
/// </summary>
internal static class OptionValues
{
    /// <summary>The option's value, or a <see cref="FormatException"/> naming it when the value is below <paramref name="minimum"/>.</summary>
    public static int AtLeast(ParseResult parse, Option<int> option, int minimum) =>
        parse.GetValue(option) is var value && value >= minimum ? value : throw Below(option.Name, value, minimum);

    /// <summary>As <see cref="AtLeast(ParseResult, Option{int}, int)"/> for an option that may be left out (null stays null).</summary>
    public static int? AtLeast(ParseResult parse, Option<int?> option, int minimum) =>
        parse.GetValue(option) is { } value && value < minimum ? throw Below(option.Name, value, minimum) : parse.GetValue(option);

    static FormatException Below(string option, int value, int minimum) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{option}: must be at least {minimum} (got {value})."));
}
