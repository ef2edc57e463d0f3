namespace CustomerValue.Core.Serving;

internal sealed class DelegateModelLoader<TBundle>(Func<ModelLoadContext, TBundle> load) : IModelLoader<TBundle>
    where TBundle : class
{
    public TBundle Load(ModelLoadContext context, CancellationToken cancellationToken) => load(context);
}
