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
}
