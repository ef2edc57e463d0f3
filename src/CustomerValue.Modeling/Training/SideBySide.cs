using System.Runtime.ExceptionServices;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Runs independent fits at the same time: the first on the calling thread, each other on a thread of its own. Not the
/// thread pool: a FastTree fit with one thread still hands every step to a pool task and blocks on it, so fits parked on
/// pool threads would starve the pool they wait on.
/// </summary>
internal static class SideBySide
{
    /// <summary>Returns when every action has ended; the first failure (the calling thread's before the others') is rethrown.</summary>
    public static void Run(IReadOnlyList<Action> work)
    {
        var others = work.Skip(1).Select(a => Task.Factory.StartNew(a, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Exception? failure = null;
        try
        {
            if (work.Count > 0)
                work[0]();
        }
        catch (Exception e)
        {
            failure = e;
        }
        try
        {
            Task.WaitAll(others);
        }
        catch (AggregateException e)
        {
            failure ??= e.InnerExceptions[0];
        }
        if (failure is not null)
            ExceptionDispatchInfo.Throw(failure);
    }
}
