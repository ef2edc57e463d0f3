using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Monitoring;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Writes a bundle into a hidden temporary folder and renames it into place, then (if promoted)
/// moves <c>models/current</c>. A failure at any point leaves the current pointer untouched and no
/// half-written version folder behind.
/// </summary>
public static class BundleWriter
{
    /// <param name="writeModels">Writes the model files into the folder it is given.</param>
    /// <param name="writeReport">Writes the report into the folder it is given, from the card as it is saved.</param>
    /// <param name="driftSnapshot">The customers as of the data's end (the ones serving starts from), recorded beside the card
    /// as the drift baseline and summed into the card's <see cref="ModelCard.Forecast"/>; null writes neither.</param>
    /// <param name="forecastMonths">The forecast's share in each calendar month of the horizon (<see cref="ForecastCard.ByMonth"/>); null for none.</param>
    /// <returns>The bundle's folder and its card as saved (with the forecast).</returns>
    public static (string Path, ModelCard Card) Write(string modelsDirectory, ModelCard card, Action<string> writeModels, Action<string, ModelCard> writeReport,
        bool promote, IReadOnlyList<FeatureRow>? driftSnapshot = null, IReadOnlyList<(DateOnly From, DateOnly To, double Share)>? forecastMonths = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        Directory.CreateDirectory(modelsDirectory);
        var target = Path.Combine(modelsDirectory, card.Version);
        if (Directory.Exists(target))
            throw new IOException($"A bundle named '{card.Version}' already exists in {modelsDirectory}.");
        var temp = Path.Combine(modelsDirectory, $".tmp-{card.Version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            writeModels(temp);
            var cardPath = Path.Combine(temp, ModelCard.FileName);
            File.WriteAllText(cardPath, card.ToJson());
            if (driftSnapshot is not null)
            {
                // The baseline loads the bundle as serving will, so the forecast sums what serving answers.
                DriftBaselineBuilder.Write(temp, driftSnapshot, out var predictions);
                if (ForecastTotals.Of(card, driftSnapshot, predictions, forecastMonths) is { } forecast)
                {
                    card = card with { Forecast = forecast };
                    File.WriteAllText(cardPath, card.ToJson());
                }
            }
            writeReport(temp, card);
            Directory.Move(temp, target);
        }
        catch
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
            throw;
        }
        if (promote)
            ModelPointer.Write(modelsDirectory, card.Version);
        return (target, card);
    }
}
