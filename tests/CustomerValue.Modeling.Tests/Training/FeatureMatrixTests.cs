using CustomerValue.Core.Models;
using CustomerValue.Modeling.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class FeatureMatrixTests
{
    const int Slots = 4;
    static readonly TreeHyperparameters SmallTrees = new(NumberOfTrees: 20, NumberOfLeaves: 8, LearningRate: 0.2, MinimumExampleCountPerLeaf: 5);

    [Fact]
    public void TreesFittedThroughTheMatrixViewEqualThoseFittedOnRowObjects()
    {
        var (rows, spend, churned) = Table(3_000);
        var ml = new MLContext(seed: 1);
        var targets = spend.Select(v => ClvScale.ToTarget(ClvObjective.Tweedie, v)).ToArray();
        var fromObjects = ModelPipelines.Clv(ml, ClvObjective.Tweedie, SmallTrees).Fit(ml.Data.LoadFromEnumerable(
            rows.Select((r, i) => new ModelRow { Features = r, Label = targets[i] }).ToArray(), ModelRow.Schema(Slots)));
        var churnFromObjects = ModelPipelines.Churn(ml, SmallTrees).Fit(ml.Data.LoadFromEnumerable(
            rows.Select((r, i) => new ChurnRow { Features = r, Label = churned[i] }).ToArray(), ChurnRowSchema()));

        var learner = new Learner(ml, Slots);
        var matrix = FeatureMatrix.Of(rows, Slots);
        var clv = learner.FitClv(matrix, spend, ClvObjective.Tweedie, SmallTrees);
        var churn = learner.FitChurn(matrix, churned, SmallTrees);

        var objectsView = ml.Data.LoadFromEnumerable(rows.Select(r => new ModelRow { Features = r }).ToArray(), ModelRow.Schema(Slots));
        Assert.Equal(fromObjects.Transform(objectsView).GetColumn<float>("Score").ToArray(), clv.Model.Transform(learner.View(matrix, [])).GetColumn<float>("Score").ToArray());
        Assert.Equal(churnFromObjects.Transform(objectsView).GetColumn<float>("Probability").ToArray(), churn.Transform(learner.View(matrix, [])).GetColumn<float>("Probability").ToArray());
        Assert.Equal(
            ml.Data.LoadFromEnumerable(Array.Empty<ModelRow>(), ModelRow.Schema(Slots)).Schema.Select(c => (c.Name, c.Type.ToString())),
            clv.InputSchema.Select(c => (c.Name, c.Type.ToString())));
    }

    /// <summary>
    /// A fit reads the rows without their +0 slots; FastTree builds the same per-slot lists from them, so the trees, the
    /// Platt calibrator and the saved bytes are those of a fit that reads every slot. The table has 0/1 slots as bits,
    /// numeric slots that are mostly 0, some −0 and a slot that is 0 throughout.
    /// </summary>
    [Fact]
    public void TreesFittedOnTheSlotsThatAreNotZeroAreTheBytesOfThoseFittedOnEverySlot()
    {
        const int slots = 3 + 40;
        var random = new Random(17);
        var rows = Enumerable.Range(0, 4_000).Select(_ => Enumerable.Range(0, slots).Select(s => s switch
        {
            0 => random.Next(3) == 0 ? (float)Math.Round(random.NextDouble() * 80, 1) : 0f,
            1 => random.Next(5) == 0 ? -0f : (float)random.NextDouble(),
            2 => 0f,
            _ => random.Next(8) == 0 ? 1f : 0f,
        }).ToArray()).ToList();
        var spend = rows.Select(r => r[3] == 1 ? 0 : (2 * r[0]) + (40 * r[1]) + (30 * r[5]) + (10 * random.NextDouble())).ToArray();
        var churned = rows.Select(r => r[1] + (0.5 * r[4]) + (0.4 * random.NextDouble()) > 0.8).ToArray();
        var matrix = new FeatureMatrix(rows.Count, slots, denseSlots: 3);
        for (var i = 0; i < rows.Count; i++)
            matrix.SetRow(i, rows[i]);
        var ml = new MLContext(seed: 1);
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<ModelRow>(), ModelRow.Schema(slots)).Schema;
        var churnSchema = ml.Data.LoadFromEnumerable(Array.Empty<ChurnRow>(), ChurnRowSchema(slots)).Schema;
        var targets = spend.Select(v => (float)ClvScale.ToTarget(ClvObjective.Tweedie, v)).ToArray();

        SortedDictionary<string, string>[] Fits(bool explicitOnly) =>
        [
            SavedModel.Entries(ml, ModelPipelines.Clv(ml, ClvObjective.Tweedie, SmallTrees)
                .Fit(matrix.View(schema, nameof(ModelRow.Features), nameof(ModelRow.Label), targets, explicitOnly)), schema),
            SavedModel.Entries(ml, ModelPipelines.Churn(ml, SmallTrees)
                .Fit(matrix.View(churnSchema, nameof(ChurnRow.Features), nameof(ChurnRow.Label), churned, explicitOnly)), schema),
        ];

        Assert.Equal(Fits(explicitOnly: false), Fits(explicitOnly: true));
    }

    /// <summary>
    /// Predictions come from the compiled trees on every core: the values ML.NET's own scoring of the view gives, bit for
    /// bit, for both CLV objectives (Log1p's smearing factor included) and the calibrated churn probability, over more rows
    /// than one chunk.
    /// </summary>
    [Fact]
    public void PredictionsAreThoseOfMLNetsOwnScoring()
    {
        var (rows, spend, churned) = Table(10_000);
        var ml = new MLContext(seed: 1);
        var learner = new Learner(ml, Slots);
        var matrix = FeatureMatrix.Of(rows, Slots);
        float[] MLNet(ITransformer model, string column) => [.. model.Transform(learner.View(matrix, [])).GetColumn<float>(column)];

        foreach (var objective in new[] { ClvObjective.Tweedie, ClvObjective.Log1p })
        {
            var clv = learner.FitClv(matrix, spend, objective, SmallTrees);
            var scores = MLNet(clv.Model, "Score");
            var targets = spend.Select(v => ClvScale.ToTarget(objective, v)).ToArray();
            var smearing = objective == ClvObjective.Log1p ? targets.Select((t, i) => Math.Exp(t - scores[i])).Average() : 1.0;
            Assert.Equal(smearing, clv.Smearing);
            Assert.Equal(scores.Select(s => ClvScale.ToValue(objective, s, smearing)), learner.PredictClv(clv, matrix));
        }
        var churn = learner.FitChurn(matrix, churned, SmallTrees);
        Assert.Equal(MLNet(churn, "Probability").Select(p => (double)Math.Clamp(p, 0f, 1f)), learner.PredictChurn(churn, matrix));
    }

    [Fact]
    public void FitsRunSideBySideGiveTheModelsTheyGiveOneAfterAnother()
    {
        var (rows, spend, churned) = Table(3_000);
        var learner = new Learner(new MLContext(seed: 1), Slots);
        var matrix = FeatureMatrix.Of(rows, Slots);
        var alone = (Clv: learner.PredictClv(learner.FitClv(matrix, spend, ClvObjective.Log1p, SmallTrees), matrix),
            Churn: learner.PredictChurn(learner.FitChurn(matrix, churned, SmallTrees), matrix));

        double[] clv = [], churn = [];
        SideBySide.Run([
            () => clv = learner.PredictClv(learner.FitClv(matrix, spend, ClvObjective.Log1p, SmallTrees), matrix),
            () => churn = learner.PredictChurn(learner.FitChurn(matrix, churned, SmallTrees), matrix),
        ]);

        Assert.Equal(alone.Clv, clv);
        Assert.Equal(alone.Churn, churn);
    }

    /// <summary>
    /// A FastTree fit hands each step to <c>Task.Run</c> and waits on it; only on a pool thread does that step run in
    /// place instead of waiting for a worker, so every fit (whoever calls) runs on one.
    /// </summary>
    [Fact]
    public void FitsRunOnPoolThreadsWhoeverCalls()
    {
        var onPool = new bool[3];
        var caller = new Thread(() => SideBySide.Run([
            () => onPool[0] = Thread.CurrentThread.IsThreadPoolThread,
            () => onPool[1] = Thread.CurrentThread.IsThreadPoolThread,
        ]));
        caller.Start();
        caller.Join();

        onPool[2] = SideBySide.OnThePool(() => Thread.CurrentThread.IsThreadPoolThread);

        Assert.All(onPool, Assert.True);
    }

    [Fact]
    public void SideBySideRethrowsTheFirstFailureAfterEveryFitHasEnded()
    {
        var finished = false;
        var failure = Assert.Throws<InvalidOperationException>(() => SideBySide.Run([
            () => throw new InvalidOperationException("first"),
            () => { Thread.Sleep(200); finished = true; },
        ]));

        Assert.Equal("first", failure.Message);
        Assert.True(finished);
    }

    /// <summary>Each fit of a large table holds its own copies of the rows, so two of them never run at once (the memory, not the cores, is the limit).</summary>
    [Fact]
    public void FitsOfLargeTablesRunOneAtATime()
    {
        int running = 0, most = 0;
        void Fit()
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(200);
            Interlocked.Decrement(ref running);
        }
        SideBySide.Run([Fit, Fit, Fit], SideBySide.OneAtATimeFromRows);

        Assert.Equal(1, most);
    }

    static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                return;
        }
    }

    /// <summary>Slots past the dense ones are held as bits, over more than one 64-bit word here; whole rows and selections read back what was written.</summary>
    [Fact]
    public void SlotsHeldAsBitsReadBackAsTheValuesWritten()
    {
        const int slots = 3 + 70;
        var random = new Random(5);
        var rows = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, slots)
            .Select(s => s < 3 ? (float)random.NextDouble() * 100 : random.Next(2)).ToArray()).ToList();
        var matrix = new FeatureMatrix(rows.Count, slots, denseSlots: 3);
        for (var i = 0; i < rows.Count; i++)
            matrix.SetRow(i, rows[i]);
        int[] picked = [70, 1, 3, 66, 0, 72, 64];
        var selection = matrix.Select(picked);

        var (row, selected) = (new float[slots], new float[picked.Length]);
        for (var i = 0; i < rows.Count; i++)
        {
            matrix.CopyRow(i, row);
            selection.CopyRow(i, selected);
            Assert.Equal(rows[i], row);
            Assert.Equal(picked.Select(s => rows[i][s]), selected);
        }
    }

    [Fact]
    public void ASlotHeldAsABitRefusesAnythingButZeroOrOne()
    {
        var matrix = new FeatureMatrix(1, 4, denseSlots: 2);

        var failure = Assert.Throws<ArgumentException>(() => matrix.SetRow(0, [5f, 6f, 1f, 0.5f]));

        Assert.Contains("Row 0, slot 3: 0.5 where only 0 or 1 is held", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatrixRefusesARowOfAnotherWidth()
    {
        var failure = Assert.Throws<ArgumentException>(() => FeatureMatrix.Of([new float[Slots], new float[Slots + 1]], Slots));

        Assert.Contains("Row 1 has 5 slots; the matrix has 4", failure.Message, StringComparison.Ordinal);
    }

    static (List<float[]> Rows, double[] Spend, bool[] Churned) Table(int count)
    {
        var random = new Random(11);
        var rows = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Slots).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
        var spend = rows.Select(r => r[0] > 0.6f ? 0 : (100 * r[1]) + (20 * random.NextDouble())).ToArray();
        var churned = rows.Select(r => r[2] + (0.3 * random.NextDouble()) > 0.7).ToArray();
        return (rows, spend, churned);
    }

    sealed class ChurnRow
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    static SchemaDefinition ChurnRowSchema(int slots = Slots)
    {
        var schema = SchemaDefinition.Create(typeof(ChurnRow));
        schema[nameof(ChurnRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slots);
        return schema;
    }
}
