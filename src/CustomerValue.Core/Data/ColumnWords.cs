namespace CustomerValue.Core.Data;

/// <summary>The words of a column's name, as messages and guesses read them.</summary>
public static class ColumnWords
{
    /// <summary>"Billing Zip", "billing_zip", "customerAge", "SubscriptionID": lower-case words split at non-letters and at a lower-to-upper change.</summary>
    public static IEnumerable<string> Of(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < column.Length; i++)
        {
            var c = column[i];
            if (!char.IsLetter(c) || (char.IsUpper(c) && i > 0 && char.IsLower(column[i - 1])))
            {
                if (word.Length > 0)
                    yield return word.ToString();
                word.Clear();
            }
            if (char.IsLetter(c))
                word.Append(char.ToLowerInvariant(c));
        }
        if (word.Length > 0)
            yield return word.ToString();
    }
}
