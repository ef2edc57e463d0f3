using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml models list</c> and <c>cvml models use VERSION</c>: the bundles in a models folder, and which one
/// <c>current</c> names. Switching writes the pointer atomically; a running API watching the folder reloads.
/// </summary>
public static class ModelsCommand
{
    static readonly Option<string> DirectoryOption = new("--dir") { Description = "Models folder: one folder per version and the 'current' pointer", DefaultValueFactory = _ => "models" };
    static readonly Option<bool> JsonOption = new("--json") { Description = "Print the versions as JSON" };
    static readonly Argument<string> VersionArgument = new("VERSION") { Description = "The version folder to serve (see cvml models list)" };

    public static Command Create()
    {
        var list = new Command("list", "List the bundles: version, creation time, cutoff and horizon, data fingerprint, grade, and which is current")
        {
            DirectoryOption, JsonOption,
        };
        list.SetAction((parse, _) => Task.FromResult(List(parse)));

        var use = new Command("use", "Point models/current at a version (rollback or roll forward); a running API reloads it")
        {
            VersionArgument, DirectoryOption,
        };
        use.SetAction((parse, _) => Task.FromResult(Use(parse)));

        return new Command("models", "The model bundles in a models folder and which one is served") { list, use };
    }

    static int List(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        IReadOnlyList<ModelVersion> versions;
        try
        {
            versions = ModelVersions.List(parse.GetValue(DirectoryOption)!);
        }
        catch (DirectoryNotFoundException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        if (parse.GetValue(JsonOption))
        {
            output.WriteLine(JsonSerializer.Serialize(versions.Select(v => new
            {
                v.Version,
                v.Current,
                v.Card?.CreatedAt,
                Cutoff = v.Card?.Cutoff,
                v.Card?.HorizonDays,
                v.Card?.Mode,
                Data = v.Card?.Data.Inputs.Select(i => new { i.Role, i.Name, i.Sha256, i.Rows }),
                v.Card?.Grade,
                ClvGini = v.Card?.Clv?.Metrics.NormalizedGini,
                ChurnAuc = v.Card?.Churn.Metrics.Auc,
                ForecastValue = v.Card?.Forecast?.PredictedValue,
                Promoted = v.Card?.Champion?.Promoted,
                v.Problem,
            }), ModelCard.JsonOptions));
            return ExitCodes.Ok;
        }

        if (versions.Count == 0)
        {
            output.WriteLine($"no bundles in {Path.GetFullPath(parse.GetValue(DirectoryOption)!)}");
            return ExitCodes.Ok;
        }
        var inv = CultureInfo.InvariantCulture;
        var width = Math.Max("version".Length, versions.Max(v => v.Version.Length));
        output.WriteLine(string.Create(inv, $"  {"version".PadRight(width)}  {"created (UTC)",-16}  {"cutoff",-10}  {"horizon",7}  {"grade",5}  {"CLV Gini",8}  {"churn AUC",9}  {"forecast",14}  data"));
        foreach (var v in versions)
        {
            var marker = v.Current ? "* " : "  ";
            if (v.Card is not { } card)
            {
                output.WriteLine($"{marker}{v.Version.PadRight(width)}  ({v.Problem})");
                continue;
            }
            var gini = card.Clv is { } clv ? clv.Metrics.NormalizedGini.ToString("0.000", inv) : "";
            var data = string.Join(" ", card.Data.Inputs.Select(i => $"{i.Role} {i.Sha256[..Math.Min(8, i.Sha256.Length)]}"));
            var problem = v.Problem is null ? "" : $"  ({v.Problem})";
            // Σ predicted value over the horizon after the data's end: how the base's worth moved between versions.
            var forecast = card.Forecast is { } f ? f.PredictedValue.ToString("N0", inv) : "–";
            output.WriteLine(string.Create(inv,
                $"{marker}{v.Version.PadRight(width)}  {card.CreatedAt.UtcDateTime,-16:yyyy-MM-dd HH:mm}  {card.Cutoff,-10:yyyy-MM-dd}  {card.HorizonDays,7}  {card.Grade,5}  {gini,8}  {card.Churn.Metrics.Auc,9:0.000}  {forecast,14}  {data}{problem}"));
        }
        if (!versions.Any(v => v.Current))
            output.WriteLine("(no version is current)");
        return ExitCodes.Ok;
    }

    static int Use(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var directory = parse.GetValue(DirectoryOption)!;
        var version = parse.GetValue(VersionArgument)!;
        try
        {
            var previous = ModelVersions.Use(directory, version);
            output.WriteLine(previous == version
                ? $"{Path.Combine(directory, ModelPointer.FileName)} already names {version}"
                : $"{Path.Combine(directory, ModelPointer.FileName)} → {version} (was {previous ?? "nothing"}); a running API watching {directory} reloads it");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
