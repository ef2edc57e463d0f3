using Microsoft.ML.Data;

namespace CustomerValue.Core.Models;

/// <summary>
/// The row both ML.NET models see: one dense feature vector built by <see cref="FeatureVectorizer"/>
/// and a label. The vector's length is only known once the vocabularies are fitted, so the schema
/// comes from <see cref="Schema"/> rather than a <c>VectorType</c> attribute.
/// </summary>
public sealed class ModelRow
{
    public float[] Features { get; set; } = [];
    public float Label { get; set; }

    public static SchemaDefinition Schema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(ModelRow));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }
}

/// <summary>What the CLV regression model returns; <see cref="Score"/> is on the model's target scale.</summary>
public sealed class RegressionScore
{
    public float Score { get; set; }
}

/// <summary>What the churn classifier returns: a Platt-calibrated probability.</summary>
public sealed class BinaryScore
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
}
