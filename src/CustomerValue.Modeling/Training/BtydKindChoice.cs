using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Which BTYD model describes a base's purchases best: BG/NBD, MBG/NBD or Pareto/NBD, each fitted on one snapshot's
/// histories (a BTYD model needs no labels) and judged by the mean absolute error of its expected purchase days against
/// the purchase days that followed, each model's expectations scaled to the actual total first (the comparison is of
/// who buys how often, not of the level, which serving calibrates separately). The rows are always ones whose labels end before the test period's
/// begin, so the choice never sees a test label.
/// </summary>
internal static class BtydKindChoice
{
    /// <remarks>
    /// Pareto/NBD joined again once its likelihood stopped integrating per customer by finite differences where the
    /// series converges slowly (a training run on a small generated base had spent over 20 minutes there; the same run
    /// now fits it in seconds). On the CDNOW backtests it had the lowest MAE at equal totals (master 0.5756 against
    /// MBG/NBD 0.5828 and BG/NBD 0.5910).
    /// </remarks>
    public static IReadOnlyList<BtydModelKind> Kinds { get; } = [BtydModelKind.BgNbd, BtydModelKind.MbgNbd, BtydModelKind.ParetoNbd];

    /// <summary>Customers with a purchase a comparison needs; with fewer, <paramref name="fallback"/> stays.</summary>
    public const int MinimumCustomers = 100;

    /// <summary>The kind with the lowest purchase MAE on <paramref name="rows"/> (labels over <paramref name="horizonDays"/>), and why.</summary>
    public static (BtydModelKind Kind, string Reason) Choose(
        IReadOnlyList<CustomerExample> rows, int horizonDays, BtydModelKind fallback, string judgedOn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var customers = rows.Where(r => !r.Features.IsProspect).ToList();
        if (customers.Count < MinimumCustomers)
            return (fallback, $"{Name(fallback)}: {customers.Count} customers with a purchase on {judgedOn}, too few to compare BTYD models (at least {MinimumCustomers})");
        var actual = customers.Sum(r => (double)r.Labels.FuturePurchaseDays);
        var best = (Kind: fallback, Mae: double.PositiveInfinity);
        var lines = new List<string>();
        // The kinds' fits are independent, so they run side by side; they are judged in the same order as ever.
        var fitted = new (BtydFeatureModel Model, double[] Expected)[Kinds.Count];
        SideBySide.Run([.. Kinds.Select((kind, k) => (Action)(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = BtydFeatureModel.Fit(customers.Select(r => r.Features), TimeUnit.Weeks, kind);
            fitted[k] = (model, model.TransactionModel is null ? [] : [.. customers.Select(row => ModelTrainer.BtydPurchaseDays(model, row.Features, horizonDays))]);
        }))]);
        for (var k = 0; k < Kinds.Count; k++)
        {
            var kind = Kinds[k];
            var (model, expected) = fitted[k];
            if (model.TransactionModel is null)
            {
                lines.Add($"{Name(kind)} not usable ({model.Reason})");
                continue;
            }
            var predicted = expected.Sum();
            // At equal totals: on zero-heavy counts MAE rewards a model that predicts too few purchases, and the served
            // purchases are scaled to the actual total anyway.
            var scale = predicted > 0 && actual > 0 ? actual / predicted : 1;
            var mae = customers.Select((row, i) => Math.Abs((scale * expected[i]) - row.Labels.FuturePurchaseDays)).Average();
            lines.Add($"{Name(kind)} MAE {mae:0.0000} at the actual total (unscaled total {(actual > 0 ? (predicted - actual) / actual : double.NaN):+0.0%;-0.0%}" +
                (model.FitNote is null ? ")" : $"; with an L2 penalty of {BtydFeatureModel.RunawayPenalizer:G}, as the plain fit did not converge)"));
            if (mae < best.Mae)
                best = (kind, mae);
        }
        return double.IsFinite(best.Mae)
            ? (best.Kind, $"{Name(best.Kind)}: the lowest purchase MAE on {judgedOn} ({string.Join(", ", lines)})")
            : (fallback, $"{Name(fallback)}: no BTYD model could be fitted on {judgedOn} ({string.Join(", ", lines)})");
    }

    /// <summary>The name <c>--btyd-model</c> takes.</summary>
    public static string Name(BtydModelKind kind) => kind.ToString().ToLowerInvariant();
}
