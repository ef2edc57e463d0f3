using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class FeatureStatisticsTests
{
    static readonly DateOnly AsOf = new(2025, 1, 31);
    static readonly AttributeSchema Schema = new([], ["email", "plan"]);

    [Fact]
    public void TheCardListsOnlyCategoricalValuesEnoughRowsShareSoNoCustomersEmailIsWrittenIntoIt()
    {
        // 30 customers: a unique e-mail each, plan "gold" for 20 and "silver" for the 10 others, "platinum" for none.
        var rows = Enumerable.Range(0, 30).Select(i => Example($"c{i}", $"user{i}@example.com", i < 20 ? "gold" : i < 29 ? "silver" : "platinum")).ToList();

        var distributions = FeatureStatistics.Describe(rows, FeatureCatalog.For(Schema));

        var email = distributions[FeatureColumns.Attribute("email")];
        var plan = distributions[FeatureColumns.Attribute("plan")];
        Assert.Equal((30L, 0L), (email.Count, email.Missing));
        Assert.Empty(email.TopValues!);
        // silver has 9 rows, one short of FeatureVectorizer.MinimumCount, which the trees need to see a value at all.
        Assert.Equal(new Dictionary<string, double> { ["gold"] = 20.0 / 30 }, plan.TopValues);
    }

    static CustomerExample Example(string id, string email, string plan) =>
        new(FeatureBuilder.Snapshot(
                new CustomerProfile(id) { Attributes = new Dictionary<string, string> { ["email"] = email, ["plan"] = plan } },
                [],
                AsOf,
                new FeatureOptions { Attributes = Schema }),
            new CustomerLabels(0, 0, false, ChurnLabelSource.Observed));
}
