namespace CustomerValue.Core.Data;

/// <summary>
/// Postal codes a spreadsheet took for numbers: it drops their leading zeros (a US ZIP code <c>02134</c> becomes
/// <c>2134</c>), so the codes of whole regions are a digit short and their first digits, the postal region the models
/// read, name another region.
/// </summary>
public static class PostalCodes
{
    /// <summary>Codes of the short lengths needed before they say more than a few codes typed short.</summary>
    const int FewestShort = 10;

    /// <summary>
    /// <paramref name="code"/> with zeros before it up to <paramref name="digits"/> when it is digits only and shorter
    /// (the source spec's <c>postalCodeDigits</c>); as written otherwise.
    /// </summary>
    public static ReadOnlySpan<char> Padded(ReadOnlySpan<char> code, int digits, Span<char> buffer)
    {
        if (code.Length >= digits || code.IsEmpty || code.ContainsAnyExceptInRange('0', '9') || buffer.Length < digits)
            return code;
        var zeros = digits - code.Length;
        buffer[..zeros].Fill('0');
        code.CopyTo(buffer[zeros..]);
        return buffer[..digits];
    }

    /// <summary>A postal code's text (trimmed, not blank) as a file's loader keeps it: padded to the spec's digits when it gives them.</summary>
    internal static string Intern(ReadOnlySpan<char> code, int? digits, Interner interner)
    {
        Span<char> buffer = stackalloc char[16];
        return interner.Intern(digits is { } n ? Padded(code, n, buffer) : code);
    }

    /// <summary>
    /// When most codes are digits of one length of 4 or more (at least 80 %) and at least 10 others, and 0.5 % of all, are
    /// digits one or two shorter: what that means and the spec's part that reads them whole; null otherwise (codes of a
    /// country that mixes lengths, or letters, say nothing).
    /// </summary>
    public static string? StrippedZerosNote(IEnumerable<string?> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        // Codes of digits only by length: how many, and the first of each.
        var byLength = new Dictionary<int, (int Count, string First)>();
        var total = 0;
        foreach (var code in codes)
        {
            if (string.IsNullOrEmpty(code))
                continue;
            total++;
            if (!code.AsSpan().ContainsAnyExceptInRange('0', '9'))
                byLength[code.Length] = byLength.TryGetValue(code.Length, out var seen) ? (seen.Count + 1, seen.First) : (1, code);
        }
        if (byLength.Count == 0)
            return null;
        var (length, (count, _)) = byLength.MaxBy(kv => kv.Value.Count);
        if (length < 4 || count < 0.8 * total)
            return null;
        var shorter = new[] { length - 1, length - 2 }.Where(byLength.ContainsKey).Select(l => byLength[l]).ToList();
        var fewer = shorter.Sum(s => s.Count);
        if (fewer < FewestShort || fewer < 0.005 * total)
            return null;
        var example = shorter[0].First;
        return FormattableString.Invariant(
            $"{fewer:N0} of the {total:N0} postal codes are digits one or two short of the {length} most have ('{example}' beside '{example.PadLeft(length, '0')}'), as a spreadsheet drops the leading zeros of codes it took for numbers: their postal region would name another region; give the source spec \"postalCodeDigits\": {length}, which reads them with their zeros, or export the column again as text");
    }
}
