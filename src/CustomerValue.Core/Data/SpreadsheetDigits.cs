namespace CustomerValue.Core.Data;

/// <summary>
/// Customer ids of 16 digits or more that all end in zeros from their 16th digit on: a spreadsheet keeps 15 significant
/// digits of a number, so a column of long numeric ids saved through one (formatted as a number, not as text) has the rest
/// replaced by zeros, and customers whose ids shared their first 15 digits are one customer in the file. Random ids end so
/// by chance one time in ten for each digit past the 15th; <see cref="FewestIds"/> of them all ending so do not.
/// </summary>
/// <param name="LongIds">Distinct all-digit customer ids of 16 digits or more.</param>
/// <param name="Example">One of them.</param>
public sealed record SpreadsheetDigits(int LongIds, string Example)
{
    /// <summary>Long ids needed before all of them ending in zeros says more than chance.</summary>
    public const int FewestIds = 20;

    /// <summary>The finding for <paramref name="ids"/> (distinct customer ids), or null when their long numeric ids are too few or some keep a digit past the 15th.</summary>
    public static SpreadsheetDigits? Of(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var count = 0;
        string? example = null;
        foreach (var id in ids)
        {
            if (id.Length < 16 || id[0] == '0' || id.AsSpan().ContainsAnyExceptInRange('0', '9'))
                continue;
            if (id.AsSpan(15).ContainsAnyExcept('0'))
                return null;
            count++;
            example ??= id;
        }
        return count >= FewestIds ? new SpreadsheetDigits(count, example!) : null;
    }

    public string Explain() => FormattableString.Invariant(
        $"all {LongIds:N0} customer ids of 16 digits or more end in zeros from their 16th digit on ('{Example}'), as a spreadsheet writes a long number it kept to 15 significant digits: customers whose ids shared their first 15 digits are one customer in this file, and nothing in it can tell them apart; export the ids again as text (from the source system, or with the column formatted as Text before the spreadsheet saves it)");
}
