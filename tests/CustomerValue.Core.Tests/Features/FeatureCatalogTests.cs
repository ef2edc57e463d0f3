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
