using Microsoft.ML;
using Microsoft.ML.Data;

namespace CustomerValue.Core.Tests.Serving;

public sealed class TinyRow
{
    public float F1 { get; set; }
    public float F2 { get; set; }
    public float F3 { get; set; }
    public float Label { get; set; }
}

public sealed class TinyPrediction
{
    public float Score { get; set; }
}

/// <summary>Model files of one version, as training would write them.</summary>
public sealed record TinyVersion(string Name, byte[] Clv, byte[] Churn, float[] ClvScores, float[] ChurnScores);

/// <summary>
/// Two versions of a tiny CLV + churn bundle, trained once per test run. Version 2 predicts values
/// around 1000 where version 1 predicts single digits, so a prediction tells which version made it.
/// </summary>
public sealed class TinyModels
{
    public TinyModels()
    {
        var random = new Random(2);
        Inputs = [.. Enumerable.Range(0, 1000).Select(_ => new TinyRow
        {
            F1 = random.NextSingle(), F2 = random.NextSingle(), F3 = random.NextSingle(),
        })];
        V1 = Version("v1", (a, b, c) => 1 + a + 2 * b + 3 * c, (a, b, _) => a - b);
        V2 = Version("v2", (a, b, c) => 1000 + 5 * a - b + c, (_, _, c) => 500 - 4 * c);
    }

    public IReadOnlyList<TinyRow> Inputs { get; }

    public TinyVersion V1 { get; }

    public TinyVersion V2 { get; }

    public TinyVersion this[string version] => version switch
    {
        "v1" => V1,
        "v2" => V2,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
    };

    TinyVersion Version(string name, Func<float, float, float, float> clv, Func<float, float, float, float> churn)
    {
        var clvZip = Train(clv);
        var churnZip = Train(churn);
        return new TinyVersion(name, clvZip, churnZip, Score(clvZip), Score(churnZip));
    }

    static byte[] Train(Func<float, float, float, float> label)
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(1);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var row = new TinyRow { F1 = random.NextSingle(), F2 = random.NextSingle(), F3 = random.NextSingle() };
            row.Label = label(row.F1, row.F2, row.F3);
            return row;
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(TinyRow.F1), nameof(TinyRow.F2), nameof(TinyRow.F3))
            .Append(ml.Regression.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 20, minimumExampleCountPerLeaf: 5));
        var model = pipeline.Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    /// <summary>Reference scores from a bare engine on one thread: what the pool must reproduce.</summary>
    float[] Score(byte[] zip)
    {
        var ml = new MLContext(seed: 1);
        using var stream = new MemoryStream(zip);
        var model = ml.Model.Load(stream, out _);
        using var engine = ml.Model.CreatePredictionEngine<TinyRow, TinyPrediction>(model);
        return [.. Inputs.Select(row => engine.Predict(row).Score)];
    }
}

[CollectionDefinition(Name)]
public sealed class TinyModelsCollection : ICollectionFixture<TinyModels>
{
    public const string Name = "Tiny serving models";
}
