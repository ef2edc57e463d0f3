using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Tests.Evaluation;

public sealed class ModelGradingTests
{
    [Theory]
    [InlineData(0.42, 0.40, ModelGrade.A)]   // exactly 5 % better
    [InlineData(0.50, 0.40, ModelGrade.A)]
    [InlineData(0.4199, 0.40, ModelGrade.B)] // just short of 5 %
    [InlineData(0.4001, 0.40, ModelGrade.B)]
    [InlineData(0.40, 0.40, ModelGrade.C)]   // a tie does not beat the baseline
    [InlineData(0.30, 0.40, ModelGrade.C)]
    public void GradeUsesAFivePercentRelativeMarginOverAPositiveBaseline(double model, double baseline, ModelGrade expected)
    {
        Assert.Equal(expected, ModelGrading.Grade(model, baseline));
    }

    [Theory]
    [InlineData(0.05, 0.0, ModelGrade.A)]
    [InlineData(0.049, 0.0, ModelGrade.B)]
    [InlineData(0.0, 0.0, ModelGrade.C)]
    [InlineData(0.05, -0.3, ModelGrade.A)]
    [InlineData(-0.1, -0.3, ModelGrade.C)]  // better than the baseline but worse than chance
    [InlineData(0.02, double.NaN, ModelGrade.B)]
    [InlineData(double.NaN, 0.1, ModelGrade.C)]
    public void GradeAgainstABaselineNoBetterThanChanceNeedsFiveGiniPoints(double model, double baseline, ModelGrade expected)
    {
        Assert.Equal(expected, ModelGrading.Grade(model, baseline));
    }

    [Fact]
    public void GradeComparesWithTheBestOfSeveralBaselinesIgnoringUndefinedOnes()
    {
        // Best baseline 0.40: 0.41 beats it by 2.5 % (B), though it beats 0.20 by far more.
        var grade = ModelGrading.Grade(0.41, [0.20, double.NaN, 0.40]);

        Assert.Equal(ModelGrade.B, grade);
    }

    [Theory]
    [InlineData(0.7190, 0.7004, "0.719", "0.700")]
    // A grade B by 0.0004 must not read "0.835 against 0.835".
    [InlineData(0.83521, 0.83483, "0.8352", "0.8348")]
    // A tie, which grades C, stays at three.
    [InlineData(0.5, 0.5, "0.500", "0.500")]
    public void GinisAreShownWithAsManyDecimalsAsTellThemApart(double model, double baseline, string shownModel, string shownBaseline)
    {
        Assert.Equal([shownModel, shownBaseline], ModelGrading.ShowApart(model, baseline));
    }

    [Fact]
    public void ThreeGinisAreShownApartWhereAnyTwoDiffer()
    {
        Assert.Equal(["0.8352", "0.8190", "0.8348"], ModelGrading.ShowApart(0.83521, 0.819, 0.83483));
    }
}
