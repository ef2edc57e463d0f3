using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Scoring;

namespace CustomerValue.Core.Tests.Scoring;

public sealed class ExplanationTextTests
{
    [Theory]
    [InlineData(FeatureColumns.RecencyDays, 214.0, -3.2, "no order for 214 days lowers the predicted value")]
    [InlineData(DerivedColumns.ProbabilityAliveColumn, 0.7, -1.0, "a 70% chance of still being an active customer lowers the predicted value")]
    [InlineData(DerivedColumns.ExpectedSpendColumn, 2189.64, 12.5, "2189.64 expected from the purchase pattern raises the predicted value")]
    [InlineData(DerivedColumns.ExpectedPurchasesColumn, -1.0, -4.0, "no purchase pattern yet lowers the predicted value")]
    [InlineData(DerivedColumns.HistoricValueColumn, 320.0, 8.0, "a past buying pace worth 320.00 over the horizon raises the predicted value")]
    public void FeaturesReadAsPlainWords(string feature, double value, double contribution, string expected)
    {
        Assert.Equal(expected, ExplanationText.Describe(feature, value, contribution));
    }

    [Fact]
    public void ACategoryNamesItsValue()
    {
        Assert.Equal("postal region '10' raises the predicted value", ExplanationText.Describe(FeatureColumns.PostalRegion, "10", 2.0));
    }
}
