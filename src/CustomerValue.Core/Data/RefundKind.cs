using System.Globalization;
using System.Text.Json;

namespace CustomerValue.Core.Data;

/// <summary>
/// A value of an unused column that names a refund or a return (a transactions export's <c>Kind</c> of <c>refund</c>)
/// on rows whose amounts are mostly positive: the export writes a refund's amount as it writes a sale's, and loaded as
/// they are those refunds count as purchases, adding their amounts where they should take them off.
/// </summary>
/// <param name="Column">The unused column.</param>
/// <param name="Value">The value naming a refund.</param>
/// <param name="PositiveRows">Its loaded rows with a positive amount.</param>
/// <param name="NegativeRows">Its loaded rows with a negative amount.</param>
public sealed record RefundKind(string Column, string Value, long PositiveRows, long NegativeRows)
{
    /// <summary>The least share of a refund value's rows with a positive amount for it to be named.</summary>
    internal const double LeastPositiveShare = 0.5;

    /// <summary>Words (letters only, lower case) of a row that gives money back, in the languages the header guess knows.</summary>
    static readonly HashSet<string> RefundWords = new(StringComparer.Ordinal)
    {
        "refund", "refunds", "return", "returns", "creditnote", "creditmemo", "reversal", "gutschrift", "erstattung",
        "ruckerstattung", "rückerstattung", "storno", "devolucion", "devolución", "reembolso", "devolucao", "devolução", "remboursement",
        "avoir", "retour", "terugbetaling", "creditnota", "rimborso", "notadicredito",
    };

    /// <summary>Whether a value names a refund or a return.</summary>
    public static bool IsRefundWord(ReadOnlySpan<char> value) => LetterWords.Contain(RefundWords, value);

    /// <summary>What was found and the spec that reads those rows as returns.</summary>
    public string Explain() =>
        string.Create(CultureInfo.InvariantCulture,
            $"column '{Column}' marks {PositiveRows + NegativeRows:N0} rows '{Value}', and {PositiveRows:N0} of them have a positive amount: ")
        + "a refund written as a sale is, they count as purchases, adding their amounts where they should take them off; "
        + $"a source spec's \"negate\": {{ {JsonSerializer.Serialize(Column)}: [{JsonSerializer.Serialize(Value)}] }} reads them as returns";
}
