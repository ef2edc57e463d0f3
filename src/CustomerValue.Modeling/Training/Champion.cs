using System.Globalization;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Champion / challenger: whether the new bundle becomes <c>models/current</c>. Promotion never makes things worse:
/// <list type="bullet">
/// <item>A missed quality gate the run asked for (<c>--min-auc</c>, <c>--min-grade</c>) keeps the current model.</item>
/// <item>Trained on the same data and setup, the challenger must not be worse than the current model. Both are judged
/// by their held-out evaluation: the current model's final fit has usually seen the newest labels, so scoring it on
/// them would flatter it.</item>
/// <item>When the two cannot be compared (different data, cutoff, horizon, evaluation or mode, or an unreadable
/// card), the challenger must pass the run's own promotion gates: grade B or better, and on contract data a churn AUC
/// above the best churn baseline's.</item>
/// </list>
/// <see cref="PromotionPolicy.Always"/> overrides the last two, and the card says what it overrode.
/// </summary>
public static class Champion
{
    const double Tolerance = 1e-9;

    public static ChampionDecision Decide(TrainingOptions options, ModelCard challenger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(challenger);
        var policy = options.Promote == PromotionPolicy.Always ? "always" : "auto";
        var currentPath = ModelPointer.CurrentBundle(options.ModelsDirectory);
        ModelCard? current = null;
        string? unreadable = null;
        if (currentPath is not null)
        {
            try
            {
                current = ModelCard.FromJson(File.ReadAllText(Path.Combine(currentPath, ModelCard.FileName)), currentPath);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                unreadable = e.Message;
            }
        }
        var previous = current?.Version ?? (currentPath is null ? null : Path.GetFileName(currentPath));
        var decision = new ChampionDecision(previous, false, "", current?.Clv?.Metrics.NormalizedGini, current?.Churn.Metrics.Auc)
        {
            Policy = policy,
        };

        var requested = RequestedGates(options, challenger);
        if (requested.Count > 0)
            return decision with { Reason = $"quality gate not met: {string.Join("; ", requested)}", GateFailures = requested };

        var automatic = Automatic(decision, current, unreadable, challenger);
        if (automatic.Promoted || options.Promote != PromotionPolicy.Always)
            return automatic;
        return automatic with { Promoted = true, Reason = $"--promote always, overriding: {automatic.Reason}", GateFailures = [] };
    }

    /// <summary>
    /// The run's own bar for a challenger that cannot be compared with the current model: what it failed, or nothing.
    /// </summary>
    public static IReadOnlyList<string> PromotionGates(ModelCard challenger)
    {
        ArgumentNullException.ThrowIfNull(challenger);
        var failures = new List<string>();
        if (!Enum.TryParse<ModelGrade>(challenger.Grade, ignoreCase: true, out var grade) || grade > ModelGrade.B)
            failures.Add($"grade {challenger.Grade} is below B ({challenger.GradeReason})");
        if (challenger.IsContract)
        {
            var auc = challenger.Churn.Metrics.Auc;
            var best = challenger.ChurnBaselines
                .Select(b => (b.Name, Auc: b.Auc ?? (b.NormalizedGini + 1) / 2))
                .Where(b => double.IsFinite(b.Auc))
                .OrderByDescending(b => b.Auc)
                .FirstOrDefault();
            if (best.Name is not null && !(auc > best.Auc + Tolerance))
                failures.Add(Invariant($"churn AUC {auc:0.0000} is not above the best baseline '{best.Name}' at {best.Auc:0.0000}"));
        }
        return failures;
    }

    static ChampionDecision Automatic(ChampionDecision decision, ModelCard? current, string? unreadable, ModelCard challenger)
    {
        // Even with nothing to replace: a model whose held-out figure is undefined has shown nothing, and serving it
        // would hand out numbers that no measurement stands behind.
        if (Undefined(challenger) is { } undefined)
            return decision with
            {
                Reason = $"{undefined}; {(current is null && unreadable is null ? "no model is current" : $"{decision.PreviousVersion} stays current")}; --promote always overrides",
                GateFailures = [undefined],
            };
        if (current is null && unreadable is null)
            return decision with { Promoted = true, Reason = "no current model" };

        var differences = current is null ? [$"the current model's card cannot be read ({unreadable})"] : Differences(current, challenger);
        if (differences.Count > 0)
        {
            var why = $"not comparable with the current model {decision.PreviousVersion} ({string.Join("; ", differences)})";
            var failures = PromotionGates(challenger);
            return failures.Count == 0
                ? decision with { Promoted = true, Reason = $"{why}; promoted because it passes the promotion gates (grade {challenger.Grade}{(challenger.IsContract ? ", churn AUC above every baseline" : "")})" }
                : decision with
                {
                    Reason = $"{why}, and it fails the promotion gates: {string.Join("; ", failures)}. {decision.PreviousVersion} stays current; --promote always overrides",
                    GateFailures = failures,
                };
        }

        var currentGini = current!.Clv?.Metrics.NormalizedGini;
        var currentAuc = current.Churn.Metrics.Auc;
        var newGini = challenger.Clv?.Metrics.NormalizedGini;
        var newAuc = challenger.Churn.Metrics.Auc;
        var clvWorse = newGini is { } g && currentGini is { } cg && g < cg - Tolerance;
        var churnWorse = double.IsFinite(newAuc) && double.IsFinite(currentAuc) && newAuc < currentAuc - Tolerance;
        if (clvWorse || churnWorse)
        {
            var what = string.Join(" and ", new[]
            {
                clvWorse ? Invariant($"CLV normalized Gini {newGini:0.0000} < {currentGini:0.0000}") : null,
                churnWorse ? Invariant($"churn AUC {newAuc:0.0000} < {currentAuc:0.0000}") : null,
            }.Where(s => s is not null));
            return decision with { Reason = $"worse than the current model on the same held-out data ({what}); --promote always overrides" };
        }
        return decision with { Promoted = true, Reason = "not worse than the current model on the same held-out data" };
    }

    /// <summary>Why the challenger's headline held-out figure (churn AUC on contract data, CLV Gini otherwise) is undefined; null when it is a number.</summary>
    static string? Undefined(ModelCard challenger)
    {
        var (name, value) = challenger.IsContract || challenger.Clv is null
            ? ("churn AUC", challenger.Churn.Metrics.Auc)
            : ("CLV normalized Gini", challenger.Clv.Metrics.NormalizedGini);
        return double.IsFinite(value) ? null : $"its held-out {name} is undefined (the held-out rows have one class, or the model predicts one value for all)";
    }

    /// <summary>What makes the two models' held-out figures incomparable; empty when they are comparable.</summary>
    static List<string> Differences(ModelCard current, ModelCard challenger)
    {
        var differences = new List<string>();
        if (!current.Data.Inputs.Select(i => i.Sha256).Order().SequenceEqual(challenger.Data.Inputs.Select(i => i.Sha256).Order()))
            differences.Add("different data");
        if (current.Cutoff != challenger.Cutoff)
            differences.Add(Invariant($"cutoff {challenger.Cutoff:yyyy-MM-dd}, current {current.Cutoff:yyyy-MM-dd}"));
        if (current.HorizonDays != challenger.HorizonDays)
            differences.Add(Invariant($"horizon {challenger.HorizonDays} days, current {current.HorizonDays}"));
        if (current.Evaluation.Method != challenger.Evaluation.Method)
            differences.Add($"evaluation {challenger.Evaluation.Method}, current {current.Evaluation.Method}");
        if (current.Mode != challenger.Mode)
            differences.Add($"mode {challenger.Mode}, current {current.Mode}");
        return differences;
    }

    /// <summary>The gates the run was asked for.</summary>
    static List<string> RequestedGates(TrainingOptions options, ModelCard card)
    {
        var failures = new List<string>();
        if (options.MinimumAuc is { } minAuc && !(card.Churn.Metrics.Auc >= minAuc))
            failures.Add(Invariant($"churn AUC {card.Churn.Metrics.Auc:0.000} < --min-auc {minAuc:0.000}"));
        if (options.MinimumGrade is { } minGrade && string.CompareOrdinal(card.Grade, minGrade.ToUpperInvariant()) > 0)
            failures.Add($"grade {card.Grade} is below --min-grade {minGrade.ToUpperInvariant()}");
        return failures;
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
