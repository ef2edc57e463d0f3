using CustomerValue.Core.Serving;

namespace CustomerValue.Core.Tests.Serving;

public static class ModelSourceTestExtensions
{
    /// <summary>The next load result that matches, or a timeout after <see cref="ModelFolder.Patience"/>.</summary>
    public static Task<ModelLoadResult> NextLoad<TBundle>(this ModelSource<TBundle> source, Func<ModelLoadResult, bool> match)
        where TBundle : class
    {
        var completion = new TaskCompletionSource<ModelLoadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.LoadCompleted += (_, result) =>
        {
            if (match(result))
                completion.TrySetResult(result);
        };
        return completion.Task.WaitAsync(ModelFolder.Patience);
    }
}
