namespace CustomerValue.Core.Serving;

/// <summary>
/// Builds the served bundle (for example a CLV and a churn engine pool) from one version folder.
/// Throwing fails the load: the previous generation keeps serving.
/// </summary>
public interface IModelLoader<out TBundle>
    where TBundle : class
{
    TBundle Load(ModelLoadContext context, CancellationToken cancellationToken);
}
