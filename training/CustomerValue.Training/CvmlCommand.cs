using System.CommandLine;
using CustomerValue.Training.Bench;
using CustomerValue.Training.Commands;

namespace CustomerValue.Training;

/// <summary>The root of the <c>cvml</c> command line: one sub-command per file under Commands/.</summary>
public static class CvmlCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("cvml: train, validate and score customer lifetime value and churn models");
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(BtydCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        return root;
    }
}
