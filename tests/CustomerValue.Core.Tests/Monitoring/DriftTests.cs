using CustomerValue.Core.Features;
using CustomerValue.Core.Monitoring;

namespace CustomerValue.Core.Tests.Monitoring;

public sealed class DriftTests
{
    static DriftBaseline Baseline(params ColumnBaseline[] predictions) =>
        new() { AsOf = new DateOnly(2024, 12, 31), Rows = 100, Inputs = [], Predictions = predictions };

    static ColumnBaseline Churn(params double[] shares) =>
        new(PredictedValues.ChurnProbabilityColumn, DriftColumnKind.Numeric, shares, Edges: [0.25, 0.5, 0.75]);

    static void AddChurn(DriftTally tally, params double[] probabilities)
    {
        foreach (var p in probabilities)
            tally.Add(Rows.Any, new PredictedValues(0, p, 0));
    }

    [Fact]
    public void PsiIsTheSumOfShareDifferencesTimesTheirLogRatio()
    {
        // (0.7 − 0.5)·ln(0.7/0.5) + (0.3 − 0.5)·ln(0.3/0.5), by hand: 0.2·0.336472 + 0.2·0.510826.
        var psi = Psi.Compute([0.5, 0.5], [0.7, 0.3]);

        Assert.Equal(0.1694596, psi, 6);
    }

    [Fact]
    public void AnEmptyBinCountsAsTheMinimumShare()
    {
        var psi = Psi.Compute([0.5, 0.5, 0], [0.5, 0.4, 0.1]);

        var expected = (0.4 - 0.5) * Math.Log(0.4 / 0.5) + (0.1 - Psi.MinimumShare) * Math.Log(0.1 / Psi.MinimumShare);
        Assert.Equal(expected, psi, 12);
    }

    [Fact]
    public void AValueOnAnEdgeFallsInTheBinThatEdgeClosesAndMissingValuesInTheLastBin()
    {
        var binner = new DriftBinner(Baseline(Churn(0.25, 0.25, 0.25, 0.25, 0)));

        Assert.Equal(0, binner.NumericBin(0, 0.25));
        Assert.Equal(1, binner.NumericBin(0, 0.2500001));
        Assert.Equal(3, binner.NumericBin(0, 0.99));
        Assert.Equal(4, binner.NumericBin(0, double.NaN));
        Assert.Equal(4, binner.NumericBin(0, double.PositiveInfinity));
    }

    [Fact]
    public void CustomersDistributedAsInTrainingGivePsiZeroAndAShiftGivesTheHandComputedPsi()
    {
        var binner = new DriftBinner(Baseline(Churn(0.25, 0.25, 0.25, 0.25, 0)));
        var same = new DriftTally(binner);
        var shifted = new DriftTally(binner);
        AddChurn(same, 0.1, 0.3, 0.6, 0.9);
        AddChurn(shifted, 0.9, 0.9, 0.6, 0.3);

        var stable = same.Report(DriftThresholds.Default).Predictions.Single();
        var moved = shifted.Report(DriftThresholds.Default).Predictions.Single();

        Assert.Equal(0, stable.Psi!.Value, 12);
        Assert.Equal(DriftLevel.Stable, stable.Level);
        // Bins 0..3 hold 0, 1, 1, 2 of 4; the empty bin 0 counts as 0.0001.
        var expected = (0.0001 - 0.25) * Math.Log(0.0001 / 0.25) + 0 + 0 + (0.5 - 0.25) * Math.Log(0.5 / 0.25);
        Assert.Equal(expected, moved.Psi!.Value, 12);
        Assert.Equal(DriftLevel.Act, moved.Level);
        Assert.Equal([0, 1, 1, 2, 0], moved.Bins.Select(b => b.Count));
    }

    [Fact]
    public void TheThresholdsSayStableWatchOrAct()
    {
        var thresholds = DriftThresholds.Default;

        Assert.Equal(DriftLevel.Stable, thresholds.LevelOf(0.0999));
        Assert.Equal(DriftLevel.Watch, thresholds.LevelOf(0.1));
        Assert.Equal(DriftLevel.Act, thresholds.LevelOf(0.25));
        Assert.Contains("Drift:Act", Assert.Single(new DriftThresholds { Watch = 0.3, Act = 0.2 }.Validate()));
    }

    [Fact]
    public void TheWindowForgetsTheOldestCustomersBeyondItsCapacity()
    {
        var window = new DriftWindow(new DriftBinner(Baseline(Churn(0.25, 0.25, 0.25, 0.25, 0))), capacity: 2);
        foreach (var p in new[] { 0.1, 0.1, 0.9, 0.9 })
            window.Add(Rows.Any, new PredictedValues(0, p, 0));

        var column = window.Report(DriftThresholds.Default).Predictions.Single();

        Assert.Equal(2, window.Report(DriftThresholds.Default).Rows);
        Assert.Equal([0, 0, 0, 2, 0], column.Bins.Select(b => b.Count));
    }

    [Fact]
    public void ABaselineThatDoesNotAddUpIsRefusedNamingTheFileAndColumn()
    {
        var json = Baseline(Churn(0.5, 0.5)).ToJson();

        var error = Assert.Throws<InvalidDataException>(() => DriftBaseline.FromJson(json, "bundle/drift-baseline.json"));

        Assert.Contains("bundle/drift-baseline.json", error.Message);
        Assert.Contains("churnProbability", error.Message);
    }
}

public sealed class UnseenCategoryTests
{
    [Fact]
    public void ValuesTrainingNeverSawAreCountedAsUnseen()
    {
        var device = new ColumnBaseline(FeatureColumns.Device, DriftColumnKind.Categorical, [0.5, 0.5, 0, 0], Levels: ["ios", "android"]);
        var binner = new DriftBinner(new DriftBaseline { AsOf = new DateOnly(2024, 2, 1), Rows = 2, Inputs = [device], Predictions = [] });
        var tally = new DriftTally(binner);
        foreach (var value in new[] { "ios", "android", "smart-tv", "smart-tv", "" })
            tally.Add(Rows.OnDevice(value), default);

        var column = tally.Report(DriftThresholds.Default).Inputs.Single();

        // The blank is a missing value, in its own bin: not a category training never saw.
        Assert.Equal(0.4, column.UnseenShare);
        Assert.Equal(["ios", "android", "(unseen)", "missing"], column.Bins.Select(b => b.Bin));
        Assert.Equal([1, 1, 2, 1], column.Bins.Select(b => b.Count));
        Assert.Equal(DriftLevel.Act, column.Level);
    }

    [Fact]
    public void AColumnWithMoreLevelsThanKeptCountsNoValueAsUnseen()
    {
        var postal = new ColumnBaseline(FeatureColumns.Device, DriftColumnKind.Categorical, [1, 0, 0], Levels: ["ios"], OtherLevels: true);
        var tally = new DriftTally(new DriftBinner(new DriftBaseline { AsOf = new DateOnly(2024, 2, 1), Rows = 2, Inputs = [postal], Predictions = [] }));
        tally.Add(Rows.OnDevice("android"), default);

        var column = tally.Report(DriftThresholds.Default).Inputs.Single();

        Assert.Null(column.UnseenShare);
        Assert.Equal("(other)", column.Bins[^2].Bin);
        Assert.Equal(1, column.Bins[^2].Count);
    }
}
