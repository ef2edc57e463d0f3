using System.Text.Json;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Training.Tests.Commands;

public sealed class ModelsCommandTests : IDisposable
{
    readonly string _models = Directory.CreateTempSubdirectory("cvml-models-").FullName;

    public void Dispose() => Directory.Delete(_models, recursive: true);

    static readonly Lazy<ModelCard> Shipped = new(() =>
    {
        var bundle = ModelPointer.ResolveBundle(Path.Combine(Cli.Root, "models"));
        return ModelCard.FromJson(File.ReadAllText(Path.Combine(bundle, ModelCard.FileName)), bundle);
    });

    /// <summary>A bundle folder with the shipped card (renamed, re-dated, regraded) and stand-ins for the model files it names.</summary>
    ModelCard Bundle(string version, DateTimeOffset created, string grade)
    {
        var card = Shipped.Value with { Version = version, CreatedAt = created, Grade = grade };
        var folder = Directory.CreateDirectory(Path.Combine(_models, version)).FullName;
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName), card.ToJson());
        foreach (var file in new[] { card.Clv?.FileName, card.Orders?.FileName, card.Churn.FileName, card.ColdStart?.FileName }.OfType<string>())
            File.WriteAllText(Path.Combine(folder, file), "model");
        return card;
    }

    [Fact]
    public async Task ModelsListShowsEveryVersionOldestFirstWithGradeAndDataAndMarksTheCurrentOne()
    {
        var old = Bundle("v1", new DateTimeOffset(2026, 11, 1, 8, 30, 0, TimeSpan.Zero), "B");
        Bundle("v2", new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), "C");
        Directory.CreateDirectory(Path.Combine(_models, ".tmp-v3-0123"));
        ModelPointer.Write(_models, "v1");

        var (exitCode, output, _) = await Cli.RunAsync("models", "list", "--dir", _models);
        var (jsonExit, json, _) = await Cli.RunAsync("models", "list", "--dir", _models, "--json");

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (exitCode, jsonExit));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("* v1 ", lines[1]);
        Assert.Contains("  2026-11-01 08:30  2024-12-31      365      B  ", lines[1]);
        Assert.Contains($"transactions {old.Data.Inputs[0].Sha256[..8]}", lines[1]);
        Assert.StartsWith("  v2 ", lines[2]);
        Assert.Contains("  2026-12-01 09:00  ", lines[2]);
        var versions = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(["v1", "v2"], versions.Select(v => v.GetProperty("version").GetString()));
        Assert.Equal([true, false], versions.Select(v => v.GetProperty("current").GetBoolean()));
        Assert.Equal(old.Data.Inputs[0].Sha256, versions[0].GetProperty("data")[0].GetProperty("sha256").GetString());
        // The shipped card's forecast: Σ predicted value over the horizon after the data's end.
        Assert.Contains($"  {old.Forecast!.PredictedValue.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),14}  transactions ", lines[1]);
        Assert.Equal(old.Forecast.PredictedValue, versions[0].GetProperty("forecastValue").GetDouble(), 9);
    }

    [Fact]
    public async Task ModelsUseRollsCurrentBackAndForwardWithAnAtomicPointerWrite()
    {
        Bundle("v1", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), "B");
        Bundle("v2", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), "B");
        ModelPointer.Write(_models, "v2");

        var (backExit, backOutput, _) = await Cli.RunAsync("models", "use", "v1", "--dir", _models);
        var afterBack = ModelPointer.Read(_models);
        var (forwardExit, _, _) = await Cli.RunAsync("models", "use", "v2", "--dir", _models);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (backExit, forwardExit));
        Assert.Contains("→ v1 (was v2)", backOutput);
        Assert.Equal(("v1", "v2"), (afterBack, ModelPointer.Read(_models)));
        Assert.Equal(["current"], Directory.GetFiles(_models).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ModelsUseOfAnUnknownVersionIsBadInputAndLeavesCurrent()
    {
        Bundle("v1", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), "B");
        ModelPointer.Write(_models, "v1");

        var (exitCode, _, error) = await Cli.RunAsync("models", "use", "v9", "--dir", _models);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("No bundle 'v9'", error);
        Assert.Equal("v1", ModelPointer.Read(_models));
    }

    [Fact]
    public async Task ModelsUseRefusesABundleWhoseModelFileIsMissing()
    {
        Bundle("v1", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), "B");
        var broken = Bundle("v2", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), "B");
        File.Delete(Path.Combine(_models, "v2", broken.Churn.FileName));
        ModelPointer.Write(_models, "v1");

        var (exitCode, _, error) = await Cli.RunAsync("models", "use", "v2", "--dir", _models);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"model file missing: {broken.Churn.FileName}", error);
        Assert.Equal("v1", ModelPointer.Read(_models));
    }
}
