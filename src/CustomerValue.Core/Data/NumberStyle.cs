namespace CustomerValue.Core.Data;

/// <summary>How a source spec wants the numbers of a transactions file (amount, quantity, computed factors) read.</summary>
public enum NumberStyle
{
    /// <summary>A plain number in the spec's culture: a sign, digits, the decimal separator, an exponent (<c>-1234.5</c>).</summary>
    Plain,

    /// <summary>
    /// Also the culture's currency symbol, its thousands separators and an accounting negative in parentheses, as a
    /// spreadsheet's currency format writes them: <c>$1,234.50</c>, <c>-$9.99</c>, <c>($9.99)</c> with <c>en-US</c>.
    /// </summary>
    Currency,
}
