using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Tests.Evaluation;

public sealed class PlattCalibratorTests
{
    [Fact]
    public void FitRecoversTheSigmoidThatGeneratedTheLabels()
    {
        // Labels drawn from P(y) = 1/(1 + exp(−2s + 1)), i.e. A = −2, B = 1.
        var random = new Random(20240601);
        var score = new double[20_000];
        var label = new bool[score.Length];
        for (var i = 0; i < score.Length; i++)
        {
            score[i] = random.NextDouble() * 6 - 3;
            label[i] = random.NextDouble() < 1 / (1 + Math.Exp(-2 * score[i] + 1));
        }

        var calibrator = PlattCalibrator.Fit(score, label);

        Assert.InRange(calibrator.A, -2.1, -1.9);
        Assert.InRange(calibrator.B, 0.9, 1.1);
    }

    [Fact]
    public void PerfectlySeparatedScoresStillGiveFiniteProbabilities()
    {
        var calibrator = PlattCalibrator.Fit([-2, -1, 1, 2], [false, false, true, true]);

        // Platt's smoothed targets for one class of two: 3/4 and 1/4, so the fit cannot reach 0 or 1.
        Assert.True(double.IsFinite(calibrator.A) && double.IsFinite(calibrator.B));
        Assert.InRange(calibrator.Calibrate(2), 0.5, 1.0 - 1e-6);
        Assert.InRange(calibrator.Calibrate(-2), 1e-6, 0.5);
    }

    [Fact]
    public void OneClassOnlyCannotBeCalibrated()
    {
        Assert.Throws<ArgumentException>(() => PlattCalibrator.Fit([0.1, 0.2], [true, true]));
    }
}
