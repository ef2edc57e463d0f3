namespace CustomerValue.Core.Data;

/// <summary>Words matched by their letters alone, in lower case: <c>Order Refunded</c>, <c>order_refunded</c> and <c>ORDER-REFUNDED</c> alike.</summary>
internal static class LetterWords
{
    /// <summary>Longer values are no word of these sets (and are not copied to be looked up).</summary>
    const int LongestWord = 32;

    /// <summary>Whether <paramref name="words"/> (letters only, lower case) holds the letters of <paramref name="value"/>, without allocating.</summary>
    public static bool Contain(HashSet<string> words, ReadOnlySpan<char> value)
    {
        Span<char> letters = stackalloc char[Math.Min(value.Length, LongestWord)];
        int count = 0;
        foreach (var c in value)
        {
            if (!char.IsLetter(c))
                continue;
            if (count == letters.Length)
                return false;
            letters[count++] = char.ToLowerInvariant(c);
        }
        return count > 0 && words.GetAlternateLookup<ReadOnlySpan<char>>().Contains(letters[..count]);
    }
}
