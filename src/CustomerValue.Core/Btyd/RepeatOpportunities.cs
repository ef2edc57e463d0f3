namespace CustomerValue.Core.Btyd;

/// <summary>
/// A customer's history over discrete transaction opportunities (a yearly appeal, a monthly draw), as the BG/BB
/// model sees it. Opportunity 0 is the first transaction, which is not counted.
/// </summary>
/// <param name="Frequency">x: opportunities 1..n at which the customer transacted.</param>
/// <param name="Recency">tₓ: the last opportunity with a transaction, 0 when x = 0.</param>
/// <param name="Opportunities">n: repeat opportunities observed.</param>
public readonly record struct RepeatOpportunities(int Frequency, int Recency, int Opportunities)
{
    /// <summary>Throws unless 0 ≤ x ≤ tₓ ≤ n, with tₓ = 0 exactly when x = 0.</summary>
    public void Validate()
    {
        if (Frequency < 0 || Recency < Frequency || Opportunities < Recency || (Frequency == 0) != (Recency == 0))
        {
            throw new ArgumentException(
                $"Need 0 ≤ x ≤ tx ≤ n with tx = 0 exactly when x = 0 (got x={Frequency}, tx={Recency}, n={Opportunities}).");
        }
    }
}
