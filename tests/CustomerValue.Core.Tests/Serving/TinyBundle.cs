using CustomerValue.Core.Serving;

namespace CustomerValue.Core.Tests.Serving;

/// <summary>The shape the API serves: a CLV and a churn model from one version folder.</summary>
public sealed record TinyBundle(
    EnginePool<TinyRow, TinyPrediction> Clv,
    EnginePool<TinyRow, TinyPrediction> Churn,
    string ModelCard)
{
    public static TinyBundle Load(ModelLoadContext context) => new(
        context.CreateEnginePool<TinyRow, TinyPrediction>(context.LoadTransformer("clv.zip")),
        context.CreateEnginePool<TinyRow, TinyPrediction>(context.LoadTransformer("churn.zip")),
        context.ReadAllText("model-card.json"));
}
