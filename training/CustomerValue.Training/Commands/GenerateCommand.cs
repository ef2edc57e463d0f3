using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using CustomerValue.Modeling.Synthetic;
using Spectre.Console;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml generate</c>: a synthetic customer base with known truth (customers.csv,
/// transactions.csv, truth.csv), for tests, demos and benchmarks.
/// </summary>
public static class GenerateCommand
{
    static readonly Option<int> CustomersOption = new("--customers")
    {
        Description = "Number of customers to simulate",
        DefaultValueFactory = _ => SyntheticDataOptions.DefaultCustomers,
    };

    static readonly Option<int> SeedOption = new("--seed")
    {
        Description = "Random seed: the same seed gives byte-identical files",
        DefaultValueFactory = _ => SyntheticDataOptions.DefaultSeed,
    };

    static readonly Option<DirectoryInfo> OutOption = new("--out")
    {
        Description = "Directory to write customers.csv, transactions.csv and truth.csv into (created if missing)",
        Required = true,
    };

    static readonly Option<DateOnly?> StartOption = new("--start")
    {
        Description = "First day of data, yyyy-MM-dd (default 2023-01-01); customers sign up from here to the truth date",
        CustomParser = result => ParseDate(result),
    };

    static readonly Option<DateOnly?> EndOption = new("--end")
    {
        Description = "Last day of data, yyyy-MM-dd (default 2025-12-31)",
        CustomParser = result => ParseDate(result),
    };

    static readonly Option<int> HorizonOption = new("--horizon-days")
    {
        Description = "Days after the truth date that the truth covers",
        DefaultValueFactory = _ => SyntheticDataOptions.DefaultHorizonDays,
    };

    static readonly Option<DateOnly?> TruthDateOption = new("--truth-date")
    {
        Description = "Last day of history for truth.csv, yyyy-MM-dd (default: end minus horizon, the training's default cutoff)",
        CustomParser = result => ParseDate(result),
    };

    public static Command Create()
    {
        var command = new Command("generate", "Simulate a customer base with known truth: customers.csv, transactions.csv, truth.csv")
        {
            CustomersOption, SeedOption, OutOption, StartOption, EndOption, HorizonOption, TruthDateOption,
        };
        command.SetAction(RunAsync);
        return command;
    }

    static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var options = new SyntheticDataOptions
        {
            Customers = parseResult.GetValue(CustomersOption),
            Seed = parseResult.GetValue(SeedOption),
            Start = parseResult.GetValue(StartOption) ?? SyntheticDataOptions.DefaultStart,
            End = parseResult.GetValue(EndOption) ?? SyntheticDataOptions.DefaultEnd,
            HorizonDays = parseResult.GetValue(HorizonOption),
            TruthDate = parseResult.GetValue(TruthDateOption),
        };
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var message in errors)
            {
                await error.WriteLineAsync(message);
            }

            return ExitCodes.BadInput;
        }

        var directory = parseResult.GetRequiredValue(OutOption).FullName;
        var stopwatch = Stopwatch.StartNew();
        GenerationSummary summary;
        try
        {
            summary = await Task.Run(() => Generate(options, directory, output, cancellationToken), cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot write to {directory}: {exception.Message}");
            return ExitCodes.BadInput;
        }

        stopwatch.Stop();
        Print(output, summary, options, directory, stopwatch.Elapsed);
        return ExitCodes.Ok;
    }

    static GenerationSummary Generate(SyntheticDataOptions options, string directory, TextWriter output, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
        {
            return AnsiConsole.Progress().Start(context =>
            {
                var task = context.AddTask("Simulating customers", maxValue: options.Customers);
                var progress = new SynchronousProgress(written => task.Value = written);
                return SyntheticDatasetWriter.Write(options, directory, progress: progress, cancellationToken: cancellationToken);
            });
        }

        // Redirected output gets a plain line at every tenth of the way.
        var nextTenth = 1;
        var plain = new SynchronousProgress(written =>
        {
            var tenths = (int)(written * 10L / options.Customers);
            if (tenths >= nextTenth)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {tenths * 10}% ({written:N0} customers)"));
                nextTenth = tenths + 1;
            }
        });
        return SyntheticDatasetWriter.Write(options, directory, progress: plain, cancellationToken: cancellationToken);
    }

    static void Print(TextWriter output, GenerationSummary summary, SyntheticDataOptions options, string directory, TimeSpan elapsed)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture,
            $"Wrote {summary.Customers:N0} customers ({summary.Prospects:N0} without a purchase) and {summary.TransactionLines:N0} transactions ({summary.Orders:N0} orders, {summary.Returns:N0} returns) to {directory}"));
        output.WriteLine(string.Create(culture,
            $"  {summary.TransactionsPerCustomer:0.00} transactions per customer; seed {options.Seed}; data {options.Start:yyyy-MM-dd} to {options.End:yyyy-MM-dd}; truth at {summary.TruthDate:yyyy-MM-dd} over {options.HorizonDays} days"));
        output.WriteLine(string.Create(culture,
            $"  {SyntheticFiles.CustomersFile} {Megabytes(summary.CustomersFileBytes)}, {SyntheticFiles.TransactionsFile} {Megabytes(summary.TransactionsFileBytes)}, {SyntheticFiles.TruthFile} {Megabytes(summary.TruthFileBytes)}; {elapsed.TotalSeconds:0.0} s"));
    }

    static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB");

    static DateOnly ParseDate(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        var name = result.Parent is OptionResult option ? option.Option.Name : "date";
        result.AddError($"Option '{name}' expects a date as yyyy-MM-dd, not '{text}'.");
        return default;
    }

    /// <summary>
    /// Reports on the writer's thread: <see cref="Progress{T}"/> would post to the thread pool and
    /// could print after the summary.
    /// </summary>
    sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
