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

    /// <summary>
    /// What a reactivation list on Olist read: "15 repeat orders raises the predicted value", "an order every 1 days on
    /// average", "2 orders in the last horizon-length period lowers the predicted value".
    /// </summary>
    [Theory]
    [InlineData(FeatureColumns.Frequency, 15.0, 0.7, "15 repeat orders raise the predicted value")]
    [InlineData(FeatureColumns.Frequency, 1.0, -0.7, "1 repeat order lowers the predicted value")]
    [InlineData(FeatureColumns.Frequency, 0.0, -0.7, "no repeat order lowers the predicted value")]
    [InlineData(FeatureColumns.Monetary, 532.32, -0.4, "repeat orders of 532.32 on average lower the predicted value")]
    [InlineData(FeatureColumns.StdDaysBetweenPurchases, 42.0114, 0.9, "gaps between orders varying by 42 days raise the predicted value")]
    [InlineData(FeatureColumns.MeanDaysBetweenPurchases, 1.0, -0.8, "an order every 1 day on average lowers the predicted value")]
    [InlineData(FeatureColumns.PurchaseDays90, 3.0, 0.2, "3 orders in the last 90 days raise the predicted value")]
    [InlineData(FeatureColumns.PurchaseDaysLastHorizon, 2.0, -0.3, "2 orders in the last 180 days lower the predicted value")]
    [InlineData(FeatureColumns.SpendLastHorizon, 120.5, 0.3, "a spend of 120.50 in the last 180 days raises the predicted value")]
    [InlineData(FeatureColumns.PurchaseDaysLastHorizon, 0.0, -0.3, "no order in the last 180 days lowers the predicted value")]
    public void SentencesAgreeInNumberAndNameTheHorizonInDays(string feature, double value, double contribution, string expected)
    {
        Assert.Equal(expected, ExplanationText.Describe(feature, value, contribution, horizonDays: 180));
    }

    [Fact]
    public void TheSameFeatureUnderAnotherHorizonGetsItsOwnSentence()
    {
        Assert.Equal("no order in the last 180 days lowers the predicted value", ExplanationText.Describe(FeatureColumns.PurchaseDaysLastHorizon, 0.0, -1.0, 180));
        Assert.Equal("no order in the last 365 days lowers the predicted value", ExplanationText.Describe(FeatureColumns.PurchaseDaysLastHorizon, 0.0, -1.0, 365));
        Assert.Equal("no order in the last horizon-length period lowers the predicted value", ExplanationText.Describe(FeatureColumns.PurchaseDaysLastHorizon, 0.0, -1.0));
    }

    [Fact]
    public void ACategoryNamesItsValue()
    {
        Assert.Equal("postal region '10' raises the predicted value", ExplanationText.Describe(FeatureColumns.PostalRegion, "10", 2.0));
    }

    /// <summary>Whole-number sentences are kept and shared; -0 formats as "-0", so it must not be answered with 0's.</summary>
    [Fact]
    public void ZeroAndNegativeZeroKeepTheirOwnSentences()
    {
        var zero = ExplanationText.Describe(FeatureColumns.TenureDays, 0.0, -1.0);
        var negativeZero = ExplanationText.Describe(FeatureColumns.TenureDays, -0.0, -1.0);

        Assert.Equal("a first order 0 days ago lowers the predicted value", zero);
        Assert.Equal("a first order -0 days ago lowers the predicted value", negativeZero);
        Assert.Equal(zero, ExplanationText.Describe(FeatureColumns.TenureDays, 0.0, -2.5));
    }

    [Fact]
    public void AMissingValueAZeroAndAnEmptyCategoryKeepTheirOwnSentences()
    {
        Assert.Equal("tenure days unknown raises the predicted value", ExplanationText.Describe(FeatureColumns.TenureDays, null, 1.0));
        Assert.Equal("a first order 0 days ago raises the predicted value", ExplanationText.Describe(FeatureColumns.TenureDays, 0.0, 1.0));
        Assert.Equal("no tenure days given raises the predicted value", ExplanationText.Describe(FeatureColumns.TenureDays, "", 1.0));
        Assert.Equal("tenure days unknown raises the predicted value", ExplanationText.Describe(FeatureColumns.TenureDays, null, 1.0));
    }

    [Fact]
    public void OneDayIsADay()
    {
        Assert.Equal("no order for 1 day lowers the predicted value", ExplanationText.Describe(FeatureColumns.RecencyDays, 1.0, -1.0));
        Assert.Equal("a first order 1 day ago raises the predicted value", ExplanationText.Describe(FeatureColumns.TenureDays, 1.0, 1.0));
        Assert.Equal("signed up 1 day ago raises the predicted value", ExplanationText.Describe(FeatureColumns.DaysSinceSignup, 1.0, 1.0));
        Assert.Equal("no order for 2 days lowers the predicted value", ExplanationText.Describe(FeatureColumns.RecencyDays, 2.0, -1.0));
    }
}
