using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Data;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Store;
using CustomerValue.Modeling.Monitoring;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml realised</c>: once some of a scored run's horizon has passed, compares its predictions with what its customers
/// spent and bought since the run's as-of date, prints the comparison and stores it with the run.
/// </summary>
public static class RealisedCommand
{
    static readonly Option<string> RunOption = new("--run") { Description = "The run id (cvml score prints it), or 'latest' for the current run", Required = true };
    static readonly Option<string?> TransactionsOption = new("--transactions") { Description = "Transactions since the run (earlier rows are ignored)" };
    static readonly Option<string?> SourceOption = new("--source") { Description = "Source spec (JSON) for the transactions file" };
    static readonly Option<string> StoreOption = new("--store") { Description = "The store the run was scored into: a SQLite file or 'Data Source=…', or 'postgres:…'", Required = true };
    static readonly Option<string?> StoreProviderOption = new Option<string?>("--store-provider") { Description = "sqlite or postgres; overrides the --store prefix" }
        .AcceptOnlyFromAmong("sqlite", "postgres");
    static readonly Option<string> ModelsOption = new("--models") { Description = "The models folder holding the run's bundle (for its horizon)", DefaultValueFactory = _ => "models" };
    static readonly Option<int?> HorizonOption = new("--horizon-days") { Description = "The run's horizon in days, when its bundle is no longer in --models" };
    static readonly Option<string?> ThroughOption = new("--through") { Description = "Last day of actuals (yyyy-MM-dd); default: the earlier of the horizon's end and the last transaction date" };
    static readonly Option<bool> JsonOption = new("--json") { Description = "Print the comparison as JSON" };

    /// <param name="clock">Where "today" comes from: rows dated after it are rejected as future dates.</param>
    public static Command Create(TimeProvider clock)
    {
        var command = new Command("realised", "Predicted vs realised for a scored run: totals, Gini, deciles, churn AUC and interval coverage over the elapsed horizon")
        {
            RunOption, TransactionsOption, SourceOption, QueryOptions.Transactions, StoreOption, StoreProviderOption, ModelsOption, HorizonOption, ThroughOption, JsonOption,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, clock, cancellationToken));
        return command;
    }

    static async Task<int> RunAsync(ParseResult parse, TimeProvider clock, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var spec = SourceSpec.WithQuery(parse.GetValue(SourceOption) is { } specPath ? SourceSpec.Load(specPath) : null,
                FileKind.Transactions, parse.GetValue(QueryOptions.Transactions));
            var transactionsPath = parse.GetValue(TransactionsOption) ?? spec?.ResolvePath()
                ?? throw new ArgumentException("Give --transactions, or a --source whose spec names its file.");
            var through = parse.GetValue(ThroughOption) is { } text
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date
                    : throw new FormatException($"--through: '{text}' is not a date (expected yyyy-MM-dd).")
                : (DateOnly?)null;
            var givenHorizon = OptionValues.AtLeast(parse, HorizonOption, 1);

            await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(parse.GetValue(StoreOption)!, parse.GetValue(StoreProviderOption)));
            await store.EnsureSchemaAsync(cancellationToken);
            var runId = parse.GetValue(RunOption)!;
            var run = (runId == "latest" ? await store.GetLatestRunAsync(cancellationToken) : await store.GetRunAsync(runId, cancellationToken))
                ?? throw new ArgumentException($"--run: the store has no run '{runId}'.");
            if (run.Status != ScoringRunStatus.Completed)
                throw new ArgumentException($"--run: run {run.RunId} is {run.Status}; only the current run keeps its customers' predictions.");
            var horizon = givenHorizon ?? HorizonOf(parse.GetValue(ModelsOption)!, run.ModelVersion);

            var customers = await store.ReadRunAsync(run.RunId, cancellationToken).ToListAsync(cancellationToken);
            var transactions = new TransactionLoader(spec, new LoadOptions { Clock = clock }).Stream(transactionsPath);
            var report = RealisedComparison.Compare(run, horizon, customers, transactions, through, clock);
            await store.SaveRealisedAsync(run.RunId, report, cancellationToken);

            if (parse.GetValue(JsonOption))
                output.WriteLine(JsonSerializer.Serialize(report, DriftJson.Default.RealisedReport));
            else
                Print(output, report);
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is DataLoadException or SourceSpecException or InvalidDataException or ArgumentException
            or FormatException or FileNotFoundException or DirectoryNotFoundException or DbException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }

    static int HorizonOf(string modelsDirectory, string version)
    {
        var cardPath = Path.Combine(modelsDirectory, version, ModelCard.FileName);
        if (!File.Exists(cardPath))
            throw new ArgumentException($"The run's model {version} is not in {Path.GetFullPath(modelsDirectory)} ({cardPath} not found): give --models, or --horizon-days.");
        return ModelCard.FromJson(File.ReadAllText(cardPath), cardPath).HorizonDays;
    }

    static void Print(TextWriter output, RealisedReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"run      {r.RunId}, model {r.ModelVersion}, as of {r.AsOf:yyyy-MM-dd}, horizon {r.HorizonDays} days"));
        output.WriteLine(string.Create(inv, $"observed {r.AsOf.AddDays(1):yyyy-MM-dd} to {r.ObservedThrough:yyyy-MM-dd}: {r.ElapsedDays} days, {r.ElapsedShare:P1} of the horizon"));
        output.WriteLine("scaling  " + r.Scaling);
        output.WriteLine(string.Create(inv, $"customers {r.Customers:N0}, {r.CustomersWhoBought:N0} bought in the window; {r.UnknownCustomers:N0} buyers in the file are not in the run"));
        output.WriteLine(string.Create(inv,
            $"total    predicted {r.PredictedTotalElapsed:N2} for the elapsed window ({r.PredictedTotal:N2} over the horizon), actual {r.ActualTotal:N2}, error {Percent(r.TotalError)}"));
        output.WriteLine(string.Create(inv, $"gini     {Number(r.Gini)} (normalized; 1 perfect ordering, 0 random)"));
        output.WriteLine(string.Create(inv,
            $"churn    AUC {Number(r.ChurnAuc)} against no purchase in the window; {r.ChurnedShare:P1} made none, mean churn probability {r.MeanChurnProbability:P1}"));
        output.WriteLine(string.Create(inv, $"interval {Percent(r.IntervalCoverage)} of customers inside their P10-P90 (scaled); 80 % expected"));
        output.WriteLine(string.Create(inv, $"{"decile",8} {"customers",10} {"predicted",14} {"actual",14} {"share",8}"));
        foreach (var d in r.Deciles)
            output.WriteLine(string.Create(inv, $"{d.Decile,8} {d.Customers,10:N0} {d.PredictedTotal,14:N2} {d.ActualTotal,14:N2} {Percent(d.ShareOfActual),8}"));
    }

    static string Number(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    static string Percent(double? value) => value is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "n/a";
}
