using System.CommandLine;
using System.CommandLine.Invocation;

namespace CustomerValue.Training;

/// <summary>
/// Every command's action, wrapped so that Ctrl-C (which cancels the action's token) ends with "cancelled" on standard
/// error and exit code 130 once the current step notices, instead of System.CommandLine's silent exit code 1.
/// </summary>
internal sealed class Cancellable(CommandLineAction inner) : AsynchronousCommandLineAction
{
    public static void Wrap(Command command)
    {
        if (command.Action is { } action and not Cancellable)
            command.Action = new Cancellable(action);
        foreach (var subcommand in command.Subcommands)
            Wrap(subcommand);
    }

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        try
        {
            return inner switch
            {
                AsynchronousCommandLineAction asynchronous => await asynchronous.InvokeAsync(parseResult, cancellationToken),
                SynchronousCommandLineAction synchronous => synchronous.Invoke(parseResult),
                _ => throw new InvalidOperationException($"Unknown action type {inner.GetType()}."),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
    }
}
