using System.Globalization;
using System.Text.Json;

namespace CustomerValue.Core.Data;

/// <summary>
/// One customer id that holds most of a file's returns and returns more than it buys, as the account's own address does in a ledger export (PayPal's
/// activity download, a bank statement): the refunds and payouts it sends carry it where a payment carries the payer, so
/// the refunds come off that "customer" rather than off the buyers who got them, and the payouts count as its returns.
/// </summary>
/// <param name="CustomerId">The id holding the returns.</param>
/// <param name="CustomerColumn">The column the ids are read from.</param>
/// <param name="Returns">Its rows with a negative amount.</param>
/// <param name="AllReturns">The file's rows with a negative amount.</param>
/// <param name="ReturnedAmount">Σ its negative amounts.</param>
/// <param name="OtherParty">
/// The unused column that holds another customer's id on most of its sampled returns (<c>To Email Address</c>): the
/// customer each refund went to, with how many of the sampled returns it names one on; null when no column does.
/// </param>
public sealed record ReturnsHolder(
    string CustomerId, string CustomerColumn, long Returns, long AllReturns, double ReturnedAmount,
    (string Column, int Named, int Sampled)? OtherParty)
{
    /// <summary>Fewest return rows the id must hold, and its least share of the file's, to be named.</summary>
    internal const int FewestReturns = 10;
    internal const double LeastShare = 0.5;

    /// <summary>Fewest customers in the file: in a small file one customer may well hold most returns.</summary>
    internal const int FewestCustomers = 20;

    /// <summary>What was found and the spec that credits the returns to their customers, or leaves the id's rows out.</summary>
    public string Explain()
    {
        var found = string.Create(CultureInfo.InvariantCulture,
            $"'{CustomerId}' ('{CustomerColumn}') holds {Returns:N0} of the file's {AllReturns:N0} rows with a negative amount ({ReturnedAmount:N2}): ")
            + "as the account's own address does in a ledger export (PayPal's activity download, a bank statement), where the refunds and payouts it sends carry it, "
            + "so those refunds come off it rather than off the customers who got them, and it is scored as a customer; ";
        return found + (OtherParty is var (column, named, sampled)
            ? string.Create(CultureInfo.InvariantCulture,
                $"'{column}' names another customer of the file on {named:N0} of {sampled:N0} of those rows: a source spec with \"customerIdOnReturns\": {JsonSerializer.Serialize(column)} credits each negative amount to the customer in it ")
              + "(rows with none there, payouts, are then rejected as without a customer id: --on-bad-row skip leaves them out)"
            : $"if it is the account itself, leave its rows out with a source spec's \"exclude\": {{ {JsonSerializer.Serialize(CustomerColumn)}: [{JsonSerializer.Serialize(CustomerId)}] }}");
    }
}
