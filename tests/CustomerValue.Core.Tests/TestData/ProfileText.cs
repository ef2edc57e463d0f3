using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Tests.TestData;

/// <summary>A customer profile as one line of text: what two loads of the same customers are compared by.</summary>
public static class ProfileText
{
    public static string Describe(CustomerProfile p) =>
        $"{p.CustomerId}|{p.SignupDate}|{p.PostalCode}|{p.Device}|{p.Channel}|{p.Newsletter}|{p.Churned}|{p.ChurnDate}|"
        + string.Join(";", p.Attributes.Select(a => $"{a.Key}={a.Value}"));
}
