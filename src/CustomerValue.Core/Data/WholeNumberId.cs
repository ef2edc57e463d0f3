namespace CustomerValue.Core.Data;

/// <summary>
/// Customer ids written as numbers: a dataframe writes a column of whole-number ids that has a blank in it as floats
/// (<c>13085.0</c>), so one export's <c>13085.0</c> is another's <c>13085</c>.
/// </summary>
internal static class WholeNumberId
{
    /// <summary>The digits before a decimal point followed by zeros only (<c>13085.0</c>, <c>13085.00</c>); the id itself otherwise.</summary>
    public static ReadOnlySpan<char> Of(ReadOnlySpan<char> id)
    {
        int point = id.IndexOf('.');
        if (point <= 0 || point == id.Length - 1 || !char.IsAsciiDigit(id[0]))
            return id;
        var whole = id[..point];
        return !whole.ContainsAnyExceptInRange('0', '9') && !id[(point + 1)..].ContainsAnyExcept('0') ? whole : id;
    }

    /// <summary>Whether the id has a zero fraction that <see cref="Of"/> drops.</summary>
    public static bool HasZeroFraction(ReadOnlySpan<char> id) => Of(id).Length < id.Length;
}
