using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Champion / challenger: the new bundle becomes current only if it is not worse than the current
/// one. Both are judged by their held-out evaluation on the same data: the current model's final
/// fit has usually seen the newest labels, so scoring it on them would flatter it. When the two
/// were evaluated on different data or horizons they cannot be compared, and the challenger wins
/// with that said.
/// </summary>
public static class Champion
{
    public static ChampionDecision Decide(TrainingOptions options, ModelCard challenger)
    {
        var currentPath = ModelPointer.CurrentBundle(options.ModelsDirectory);
        if (currentPath is null)
            return new ChampionDecision(null, true, "no current model", null, null);
        ModelCard current;
        try
        {
            current = ModelCard.FromJson(File.ReadAllText(Path.Combine(currentPath, ModelCard.FileName)), currentPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return new ChampionDecision(Path.GetFileName(currentPath), true, $"the current model's card cannot be read ({e.Message})", null, null);
        }

        var currentGini = current.Clv?.Metrics.NormalizedGini;
        var currentAuc = current.Churn.Metrics.Auc;
        if (options.Force)
            return new ChampionDecision(current.Version, true, "--force", currentGini, currentAuc);

        var sameData = current.Data.Inputs.Select(i => i.Sha256).Order().SequenceEqual(challenger.Data.Inputs.Select(i => i.Sha256).Order());
        var sameSetup = current.HorizonDays == challenger.HorizonDays && current.Cutoff == challenger.Cutoff
            && current.Evaluation.Method == challenger.Evaluation.Method && current.Mode == challenger.Mode;
        if (!sameData || !sameSetup)
            return new ChampionDecision(current.Version, true,
                "not comparable with the current model (different data, cutoff, horizon or evaluation): promoted as the newest", currentGini, currentAuc);

        var newGini = challenger.Clv?.Metrics.NormalizedGini;
        var newAuc = challenger.Churn.Metrics.Auc;
        const double tolerance = 1e-9;
        var clvWorse = newGini is { } g && currentGini is { } cg && g < cg - tolerance;
        var churnWorse = double.IsFinite(newAuc) && double.IsFinite(currentAuc) && newAuc < currentAuc - tolerance;
        if (clvWorse || churnWorse)
        {
            var what = string.Join(" and ", new[]
            {
                clvWorse ? $"CLV normalized Gini {newGini:0.0000} < {currentGini:0.0000}" : null,
                churnWorse ? $"churn AUC {newAuc:0.0000} < {currentAuc:0.0000}" : null,
            }.Where(s => s is not null));
            return new ChampionDecision(current.Version, false, $"worse than the current model on the same held-out data ({what}); use --force to promote anyway", currentGini, currentAuc);
        }
        return new ChampionDecision(current.Version, true, "not worse than the current model on the same held-out data", currentGini, currentAuc);
    }
}
