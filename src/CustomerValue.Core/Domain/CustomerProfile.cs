namespace CustomerValue.Core.Domain;

/// <summary>
/// What is known about a customer apart from their purchases. Every field but the id is optional:
/// transaction-only data has no profiles at all.
/// </summary>
public sealed record CustomerProfile(string CustomerId)
{
    public DateOnly? SignupDate { get; init; }
    public string? PostalCode { get; init; }
    public string? Device { get; init; }
    public string? Channel { get; init; }
    public bool? Newsletter { get; init; }

    /// <summary>
    /// Built from the transactions file alone (the channel, device and postal code of the customer's first purchase;
    /// <see cref="Data.LoadReport.ProfilesFromOrders"/>), with no customers file row behind it: it describes a customer
    /// who bought, and never makes one of a customer the snapshot has not seen buy by its cutoff.
    /// </summary>
    public bool FromOrders { get; init; }

    /// <summary>Further columns of the customers file, raw text by column name.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = EmptyAttributes;

    /// <summary>Given churn label, for contract or subscription data.</summary>
    public bool? Churned { get; init; }
    public DateOnly? ChurnDate { get; init; }

    /// <summary>Left on or before <paramref name="day"/> by the churn date, or labelled churned without one (when, is unknown).</summary>
    public bool GoneBy(DateOnly day) => ChurnDate is { } left ? left <= day : Churned == true;

    /// <summary>The label the file gives, whenever it falls: the churned flag, or true with a churn date; null for none.</summary>
    public bool? ChurnLabel => Churned ?? (ChurnDate is not null ? true : null);

    static readonly IReadOnlyDictionary<string, string> EmptyAttributes = new Dictionary<string, string>();
}
