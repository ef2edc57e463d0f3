using System.Reflection;
using CustomerValue.Core.Features;

namespace CustomerValue.Core.Tests.Features;

public sealed class FeatureCatalogTests
{
    static readonly FeatureRow AnyRow = FeatureBuilder.Snapshot(
        new("C") { Attributes = new Dictionary<string, string> { ["age"] = "31", ["plan"] = "gold" } },
        [new("C", new DateTime(2024, 1, 1), 10)],
        new DateOnly(2024, 2, 1),
        new FeatureOptions { Attributes = new AttributeSchema(["age"], ["plan"]) });

    [Fact]
    public void EveryFeatureColumnConstantIsCatalogued()
    {
        var constants = typeof(FeatureColumns)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Except([FeatureColumns.CustomerId, FeatureColumns.AttributePrefix])
            .Order(StringComparer.Ordinal);

        var catalogued = FeatureCatalog.Features.Concat(FeatureCatalog.Labels).Select(d => d.Name).Order(StringComparer.Ordinal);

        Assert.Equal(constants, catalogued);
    }

    /// <summary>
    /// A column is the profile's exactly when it changes with the customer's profile row: the transactions alone give
    /// every other column.
    /// </summary>
    [Fact]
    public void TheProfilesColumnsAreThoseATransactionHistoryAloneCannotGive()
    {
        var options = new FeatureOptions { Attributes = AnyRow.Attributes };
        var profile = new CustomerValue.Core.Domain.CustomerProfile("C")
        {
            SignupDate = new DateOnly(2023, 12, 1), PostalCode = "75001", Device = "ios", Channel = "search", Newsletter = true,
            Attributes = new Dictionary<string, string> { ["age"] = "31", ["plan"] = "gold" },
        };
        var withProfile = FeatureBuilder.Snapshot(profile, [new("C", new DateTime(2024, 1, 1), 10)], new DateOnly(2024, 2, 1), options);
        var noProfile = FeatureBuilder.Snapshot(null, [new("C", new DateTime(2024, 1, 1), 10)], new DateOnly(2024, 2, 1), options);
        var catalog = FeatureCatalog.For(AnyRow.Attributes);

        var unknownWithoutProfile = catalog.Where(d => d.Kind == FeatureKind.Numeric
            ? noProfile.GetNumeric(d.Name) != withProfile.GetNumeric(d.Name)
            : noProfile.GetCategorical(d.Name) != withProfile.GetCategorical(d.Name)).Select(d => d.Name);

        Assert.Equal(unknownWithoutProfile, catalog.Where(d => FeatureCatalog.IsProfile(d.Name)).Select(d => d.Name));
        Assert.Equal(["days_since_signup", "postal_code", "postal_region", "device", "channel", "newsletter", "attr_age", "attr_plan"],
            catalog.Where(d => FeatureCatalog.IsProfile(d.Name)).Select(d => d.Name));
    }

    [Fact]
    public void EveryCataloguedColumnCanBeReadFromARowByName()
    {
        var catalog = FeatureCatalog.For(AnyRow.Attributes);

        var values = catalog.Select(d => d.Kind == FeatureKind.Numeric
            ? AnyRow.GetNumeric(d.Name).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : AnyRow.GetCategorical(d.Name)).ToList();

        Assert.Equal(FeatureCatalog.Features.Count + 2, values.Count);
        Assert.Equal("31", values[^2]);
        Assert.Equal("gold", values[^1]);
    }

    [Fact]
    public void AskingForAnUnknownColumnNamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => AnyRow.GetNumeric("attr_nope"));

        Assert.Contains("attr_nope", error.Message);
    }
}
