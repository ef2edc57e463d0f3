using System.Globalization;

namespace CustomerValue.Core.Data;

/// <summary>
/// The range a loaded amount or date must fall in, wherever it comes from (a file, a request): outside it a value is a
/// typo or a unit error (cents as currency, a year 0001 default), and would overflow sums or yield day counts of
/// thousands of years instead of an error.
/// </summary>
public static class ValueBounds
{
    /// <summary>Largest amount, positive or negative, in currency units.</summary>
    public const double MaxAmount = 1e12;

    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    /// <summary>Why <paramref name="amount"/> is out of range, or null when it is in range.</summary>
    public static string? AmountProblem(double amount) =>
        !double.IsFinite(amount) ? $"'{amount.ToString(CultureInfo.InvariantCulture)}' is not a finite amount."
        : Math.Abs(amount) > MaxAmount ? $"{amount.ToString("R", CultureInfo.InvariantCulture)} is beyond ±1e12, the largest amount accepted."
        : null;

    /// <summary>
    /// Why a customer id cannot be a key, or null when it can: an id holding U+FFFD is text that was not valid UTF-8 (a
    /// Windows-1252 or Latin-1 export read as UTF-8), and two ids that differ only in such bytes ("José", "Josè") would
    /// become one customer.
    /// </summary>
    public static string? CustomerIdProblem(ReadOnlySpan<char> id) =>
        id.Contains('\uFFFD')
            ? "customer id is not valid UTF-8 text; the file may be in another encoding (Windows-1252, Latin-1): save it as UTF-8, or give a source spec with the file's \"encoding\", e.g. \"windows-1252\""
            : null;

    /// <summary>Why <paramref name="date"/> is out of range, or null when it is in range.</summary>
    public static string? DateProblem(DateOnly date) =>
        date < EarliestDate ? $"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is before 1900-01-01, the earliest date accepted." : null;
}
