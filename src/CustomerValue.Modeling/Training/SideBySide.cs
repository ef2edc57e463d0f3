using System.Runtime.ExceptionServices;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Runs independent fits at the same time, at most one per core: the first on the calling thread, the others on threads
/// of their own. Not the thread pool: a FastTree fit with one thread still hands every step to a pool task and blocks on
/// it, so fits parked on pool threads would starve the pool they wait on. Not more than the cores: each fit holds its own
/// binned copy of the rows, and a third fit on two cores adds that memory without finishing sooner.
/// </summary>
internal static class SideBySide
{
    /// <summary>Returns when every action has ended; the first failure (the calling thread's before the others') is rethrown.</summary>
    public static void Run(IReadOnlyList<Action> work)
    {
        using var cores = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount - 1));
        void OnACore(Action action)
        {
            cores.Wait();
            try
            {
                action();
            }
            finally
            {
                cores.Release();
            }
        }
        var others = work.Skip(1).Select(a => Task.Factory.StartNew(() => OnACore(a), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
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
