using System.CommandLine;
using CustomerValue.Training.Bench;
using CustomerValue.Training.Commands;

namespace CustomerValue.Training;

/// <summary>The root of the <c>cvml</c> command line: one sub-command per file under Commands/.</summary>
public static class CvmlCommand
{
    /// <param name="clock">Where "today" comes from (rows dated after it are rejected); the system clock by default.</param>
    public static RootCommand Create(TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var root = new RootCommand("cvml: train, validate and score customer lifetime value and churn models");
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create(clock));
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(TrainCommand.Create(clock));
        root.Subcommands.Add(BtydCommand.Create());
        root.Subcommands.Add(RetentionCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create(clock));
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(DriftCommand.Create(clock));
        root.Subcommands.Add(RealisedCommand.Create(clock));
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(CampaignCommand.Create(clock));
        root.Subcommands.Add(UsersCommand.Create());
        Cancellable.Wrap(root);
        return root;
    }
}
