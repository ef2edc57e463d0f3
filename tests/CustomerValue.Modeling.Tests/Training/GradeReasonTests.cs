using CustomerValue.Modeling.Evaluation;
using Xunit;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class GradeReasonTests
{
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
