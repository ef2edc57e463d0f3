using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Data;

/// <summary>Where the customers' profiles come from.</summary>
public static class CustomerProfiles
{
    /// <summary>
    /// The customers file's profiles; without one, what the transactions say of each customer who bought (the channel,
    /// device and postal code of their first purchase: <see cref="LoadReport.ProfilesFromOrders"/>); null when neither.
    /// </summary>
    public static IEnumerable<CustomerProfile>? Of(IEnumerable<CustomerProfile>? customersFile, LoadReport? transactions) =>
        customersFile ?? transactions?.ProfilesFromOrders?.Values;

    /// <summary>
    /// The column of the customers file whose values are the ids of more buyers than its mapped customer id matches: a
    /// customers export keyed by its own number beside the email the orders are keyed by (Shopify's Customer ID 7001 and
    /// Email). Null when no attribute column matches more, or none matches any.
    /// </summary>
    /// <param name="isBuyer">Whether the transactions hold a customer with this id.</param>
    public static (string Column, int Matches)? IdColumn(IReadOnlyCollection<CustomerProfile> profiles, Func<string, bool> isBuyer)
    {
        var byId = profiles.Count(p => isBuyer(p.CustomerId));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            foreach (var (column, value) in profile.Attributes)
            {
                if (value.Trim() is { Length: > 0 } id && isBuyer(id))
                    counts[column] = counts.GetValueOrDefault(column) + 1;
            }
        }
        var best = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault();
        return best.Key is not null && best.Value > byId ? (best.Key, best.Value) : null;
    }

    /// <summary>The sentence that names <see cref="IdColumn"/>'s column as the id to map.</summary>
    public static string IdColumnHint((string Column, int Matches) found) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the customers file's column '{found.Column}' holds the ids of {found.Matches:N0} customers in the transactions: read it as the id with a source spec for the customers file (--customers-source) with \"mapping\": {{ \"customer_id\": \"{found.Column}\" }}");
}
