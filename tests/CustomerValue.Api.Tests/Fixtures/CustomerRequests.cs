using System.Text.Json.Nodes;
using CustomerValue.Core.Domain;

namespace CustomerValue.Api.Tests.Fixtures;

/// <summary>A known customer as the body of POST /v1/predictions: the profile, every order, scored as of a date.</summary>
public static class CustomerRequests
{
    public static JsonObject Of(CustomerProfile profile, IEnumerable<Transaction> orders, DateOnly asOf)
    {
        var attributes = new JsonObject();
        foreach (var (name, value) in profile.Attributes)
            attributes[name] = value;
        return new JsonObject
        {
            ["customerId"] = profile.CustomerId,
            ["asOf"] = asOf.ToString("yyyy-MM-dd"),
            ["profile"] = new JsonObject
            {
                ["postalCode"] = profile.PostalCode,
                ["device"] = profile.Device,
                ["channel"] = profile.Channel,
                ["newsletter"] = profile.Newsletter,
                ["signupDate"] = profile.SignupDate?.ToString("yyyy-MM-dd"),
                ["attributes"] = attributes,
            },
            ["history"] = new JsonObject
            {
                ["orders"] = new JsonArray([.. orders.Select(t => (JsonNode)new JsonObject
                {
                    ["date"] = DateOnly.FromDateTime(t.Timestamp).ToString("yyyy-MM-dd"),
                    ["amount"] = t.Amount,
                })]),
            },
        };
    }
}
