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
    /// <remarks>
    /// An id in a spreadsheet's scientific notation (<c>4.20017E+11</c>) is a long numeric id a spreadsheet rounded to its
    /// first digits when the file went through it: customers whose ids begin alike now share one, and nothing in the file
    /// can tell them apart again.
    /// </remarks>
    public static string? CustomerIdProblem(ReadOnlySpan<char> id) =>
        id.Contains('\uFFFD')
            ? "customer id is not valid UTF-8 text; the file may be in another encoding (Windows-1252, Latin-1): save it as UTF-8, or give a source spec with the file's \"encoding\", e.g. \"windows-1252\""
            : IsSpreadsheetRounded(id)
            ? $"customer id '{id}' is a number in a spreadsheet's scientific notation: a spreadsheet rounded long numeric ids to their first digits, so customers whose ids begin alike now share one and cannot be told apart; export the ids again as text (from the source system, or with the column formatted as Text before the spreadsheet saves it)"
            : null;

    /// <summary>
    /// Whether the id is written as a spreadsheet writes a long number in scientific notation: a digit, optionally a point
    /// and more digits, then <c>E+</c> and a two- or three-digit exponent larger than the digits after the point (so the
    /// number had digits that were dropped).
    /// </summary>
    internal static bool IsSpreadsheetRounded(ReadOnlySpan<char> id)
    {
        // Cheap first look, as every row's id passes here: "…E+NN" or "…E+NNN".
        int e = id.Length >= 5 && (id[^4] is 'E' or 'e') ? id.Length - 4 : id.Length >= 6 && (id[^5] is 'E' or 'e') ? id.Length - 5 : -1;
        if (e < 1 || id[e + 1] != '+' || !char.IsAsciiDigit(id[0]) || id[(e + 2)..].ContainsAnyExceptInRange('0', '9'))
            return false;
        var mantissa = id[..e];
        int fraction = 0;
        if (mantissa.Length > 1)
        {
            if (mantissa[1] != '.' || mantissa.Length == 2 || mantissa[2..].ContainsAnyExceptInRange('0', '9'))
                return false;
            fraction = mantissa.Length - 2;
        }
        return int.Parse(id[(e + 2)..], CultureInfo.InvariantCulture) > fraction;
    }

    /// <summary>Why <paramref name="date"/> is out of range, or null when it is in range.</summary>
    public static string? DateProblem(DateOnly date) =>
        date < EarliestDate ? $"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is before 1900-01-01, the earliest date accepted." : null;
}
