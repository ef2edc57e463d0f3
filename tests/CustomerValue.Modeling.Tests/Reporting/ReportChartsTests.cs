using System.Buffers.Binary;
using CustomerValue.Modeling.Evaluation;
using CustomerValue.Modeling.Reporting;

namespace CustomerValue.Modeling.Tests.Reporting;

public sealed class ReportChartsTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "cvml-charts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void DecileLiftRendersAPngOfTheRequestedSize()
    {
        var (predicted, actual) = SampleValues();
        var path = Path.Combine(folder, "deciles.png");

        ReportCharts.DecileLift(RegressionEvaluator.Evaluate(predicted, actual).Deciles, path, 800, 500);

        Assert.Equal((800, 500), PngSize(path));
    }

    [Fact]
    public void CalibrationRendersAPngOfTheRequestedSize()
    {
        var random = new Random(5);
        var probability = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).ToArray();
        var label = probability.Select(p => random.NextDouble() < p * p).ToArray();
        var path = Path.Combine(folder, "calibration.png");

        ReportCharts.Calibration(BinaryEvaluator.Evaluate(probability, label).ReliabilityBins, path, 640, 640);

        Assert.Equal((640, 640), PngSize(path));
    }

    [Fact]
    public void FeatureImportanceRendersAPngOfTheRequestedSize()
    {
        var importances = Enumerable.Range(1, 30).Select(i => ($"feature_{i:00}", 1.0 / i)).ToArray();
        var path = Path.Combine(folder, "importance.png");

        ReportCharts.FeatureImportance(importances, path, top: 15, width: 900, height: 600);

        Assert.Equal((900, 600), PngSize(path));
    }

    [Fact]
    public void PredictedVsActualRendersAPngOfTheRequestedSizeIntoANewFolder()
    {
        var (predicted, actual) = SampleValues();
        var path = Path.Combine(folder, "nested", "scatter.png");

        ReportCharts.PredictedVsActual(predicted, actual, path, 700, 700);

        Assert.Equal((700, 700), PngSize(path));
    }

    [Fact]
    public void CumulativeGainsRendersAPngOfTheRequestedSize()
    {
        var (predicted, actual) = SampleValues();
        var path = Path.Combine(folder, "gains.png");

        ReportCharts.CumulativeGains(predicted, actual, path, 720, 540);

        Assert.Equal((720, 540), PngSize(path));
    }

    /// <summary>Customer values with a heavy tail, predictions noisy around them.</summary>
    static (double[] Predicted, double[] Actual) SampleValues()
    {
        var random = new Random(17);
        var actual = new double[400];
        var predicted = new double[400];
        for (var i = 0; i < actual.Length; i++)
        {
            actual[i] = random.NextDouble() < 0.3 ? 0 : Math.Exp(3 + 1.5 * Normal(random));
            predicted[i] = Math.Max(0, actual[i] * Math.Exp(0.5 * Normal(random)) + 10 * Normal(random));
        }
        return (predicted, actual);
    }

    static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Width and height from the IHDR chunk, after checking the PNG signature.</summary>
    static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 24, $"{path} is too short to be a PNG");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }
}
