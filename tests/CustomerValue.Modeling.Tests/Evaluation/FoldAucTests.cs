using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Tests.Evaluation;

public sealed class FoldAucTests
{
    [Fact]
    public void AFoldWithOneChurnClassIsNamedAndLeftOutOfTheMean()
    {
        double[] folds = [double.NaN, double.NaN, double.NaN, 0.611, 1.0];

        Assert.Equal("n/a (one class), n/a (one class), n/a (one class), 0.611, 1.000 (mean 0.8055 over the 2 folds with both classes", FoldAuc.Describe(folds));
        Assert.Equal((0.8055, 2), FoldAuc.MeanOfDefined(folds));
    }

    [Fact]
    public void FoldsThatAllHaveAnAucReadAsBefore()
    {
        double[] folds = [0.831, 0.843, 0.842, 0.865, 0.869];

        Assert.Equal("0.831, 0.843, 0.842, 0.865, 0.869 (mean 0.8500", FoldAuc.Describe(folds));
        Assert.Equal("n/a (one class) (no fold has both classes)", FoldAuc.Describe([double.NaN]));
    }
}
