using System.Globalization;
using System.Text;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Evaluation;
using CustomerValue.Modeling.Reporting;

namespace CustomerValue.Modeling.Training;

/// <summary><c>report.md</c> and its charts: does the model beat the baselines, on data it was not fitted on.</summary>
internal static class TrainingReport
{
    public const string FileName = "report.md";

    public static void Write(string directory, ModelCard card, HeldOut heldOut)
    {
        var charts = Path.Combine(directory, "charts");
        Directory.CreateDirectory(charts);
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine(inv, $"# Model report {card.Version}");
        md.AppendLine();
        md.AppendLine(inv, $"**Grade {card.Grade}**: {card.GradeReason}.");
        md.AppendLine();
        md.AppendLine(inv, $"- Cutoff {card.Cutoff:yyyy-MM-dd}, horizon {card.HorizonDays} days, churn window {card.ChurnWindowDays} days, {card.Data.Customers:N0} customers.");
        md.AppendLine(inv, $"- Evaluation: {card.Evaluation.Description}; {card.Evaluation.TestRows:N0} held-out rows.");
        if (card.Evaluation.Periods is { } periods)
            md.AppendLine(inv, $"- Periods: {periods}.");
        md.AppendLine(inv, $"- Search: {card.Evaluation.ConfigurationsTried} trials in {card.Evaluation.SearchSeconds:0.0} s.");
        if (card.Evaluation.NestedSearch is { } nestedFolds)
            md.AppendLine(inv, $"- Nested search, churn settings per fold: {string.Join("; ", nestedFolds.Select(f => $"{f.Fold}: {f.ChurnHyperparameters} (validation AUC {f.ChurnValidationAuc:0.0000})"))}.");
        if (card.ProfileColumns is { } profile)
            md.AppendLine(inv, $"- Profile columns: {profile.Reason}.");
        if (card.Champion is { } champion)
            md.AppendLine(inv, $"- Champion / challenger: {(champion.Promoted ? "promoted" : "NOT promoted")}: {champion.Reason}.");
        md.AppendLine();
        if (card.Recurring is { } recurring)
        {
            md.AppendLine("## Value from the recurring charge");
            md.AppendLine();
            md.AppendLine(recurring.Reading);
            md.AppendLine();
        }
        if (card.Forecast is { } forecast)
        {
            md.AppendLine("## Forecast for the next horizon");
            md.AppendLine();
            md.AppendLine(forecast.Reading);
            md.AppendLine();
            if (forecast.ByMonth is { } byMonth)
            {
                md.AppendLine("| month | predicted value | expected purchase days |");
                md.AppendLine("|---|---|---|");
                foreach (var m in byMonth)
                    md.AppendLine(inv, $"| {m.From:yyyy-MM-dd} – {m.To:yyyy-MM-dd} | {m.PredictedValue:0.00} | {m.ExpectedPurchases:0.0} |");
                md.AppendLine();
                if (card.Clv?.MonthSpread is { } spread)
                {
                    md.AppendLine(inv, $"Months: {spread.Reason}.");
                    md.AppendLine();
                }
            }
        }

        if (card.Clv is { } clv)
        {
            var m = clv.Metrics;
            md.AppendLine("## Lifetime value over the horizon");
            md.AppendLine();
            md.AppendLine(inv, $"Objective: {clv.Objective} ({clv.ObjectiveReason}). Hyperparameters: {clv.Hyperparameters}, chosen on {card.Evaluation.SearchValidation}.");
            md.AppendLine();
            md.AppendLine(inv, $"Blend: ML weight {clv.BlendWeight:0.0} with {clv.BlendPartner} ({clv.BlendReason}).");
            md.AppendLine();
            if (clv.DormancyReason is { } dormancy && ClvCandidates.UsesTrees(clv.Candidate))
            {
                md.AppendLine(inv, $"Customers away longer than the trees learned from: {dormancy}.");
                md.AppendLine();
            }
            md.AppendLine(inv, $"Shipped: **{clv.Candidate}** ({clv.CandidateReason}). Scale of totals {clv.Scale:0.000} ({clv.ScaleReason}).");
            md.AppendLine();
            if (clv.Candidates is { Count: > 0 } candidates)
            {
                md.AppendLine("| candidate | validation Gini | validation total error | test Gini | test total error (scaled) |");
                md.AppendLine("|---|---|---|---|---|");
                foreach (var r in candidates)
                    md.AppendLine(inv, $"| {(r.Shipped ? $"**{r.Name}**" : r.Name)} | {r.ValidationGini:0.000} | {r.ValidationTotalError:P1} | {r.TestGini:0.000} | {r.TestTotalError:P1} |");
                md.AppendLine();
                md.AppendLine(char.ToUpperInvariant(CandidateResult.TestTotalBasis[0]) + CandidateResult.TestTotalBasis[1..] + ".");
                md.AppendLine();
            }
            if (clv.TestTotalsByMonth is { } months)
            {
                md.AppendLine("| test month | predicted | actual | error |");
                md.AppendLine("|---|---|---|---|");
                foreach (var p in months)
                    md.AppendLine(inv, $"| {p.From:yyyy-MM-dd} – {p.To:yyyy-MM-dd} | {p.Predicted:0.00} | {p.Actual:0.00} | {(double.IsFinite(p.Error) ? p.Error.ToString("P1", inv) : "no actual spend")} |");
                md.AppendLine();
            }
            md.AppendLine("| model | normalized Gini | MAE | RMSE |");
            md.AppendLine("|---|---|---|---|");
            md.AppendLine(inv, $"| **model** | {m.NormalizedGini:0.000} | {m.Mae:0.00} | {m.Rmse:0.00} |");
            foreach (var b in card.Baselines)
                md.AppendLine(inv, $"| {b.Name} | {b.NormalizedGini:0.000} | {b.Mae:0.00} | {b.Rmse:0.00} |");
            md.AppendLine();
            if (card.Hybrid is { } h)
            {
                var btydGini = h.PureBtydGini is { } bg ? bg.ToString("0.000", inv) : "n/a";
                md.AppendLine(inv, $"Hybrid (ML with BTYD features) Gini {h.HybridGini:0.000}, pure ML {h.PureMlGini:0.000}, pure BTYD {btydGini}: {h.Verdict}.");
                md.AppendLine();
            }
            if (card.BtydReason is { } btydReason)
                md.AppendLine($"BTYD model: {btydReason}.");
            if (card.Btyd?.KeptShareNote() is { } returns)
                md.AppendLine($"Returns: {returns}.");
            if (card.BtydReason is not null || card.Btyd?.KeptShare is not null)
                md.AppendLine();
            md.AppendLine(inv, $"R² {m.RSquared:0.000}, Spearman {m.Spearman:0.000}, decile MAPE {m.DecileMape:P1}, error of the summed prediction {m.SumError:P1}.");
            if (card.Orders is { } orders)
            {
                md.AppendLine(inv, $"Expected purchase days over the horizon: MAE {orders.Metrics.Mae:0.000}, RMSE {orders.Metrics.Rmse:0.000}, error of the summed prediction {orders.Metrics.SumError:P1}.");
                if (orders is { BtydMae: { } btydMae, BtydRmse: { } btydRmse, BtydSumError: { } btydSum })
                    md.AppendLine(inv, $"The BTYD model's unscaled expected purchases on the same rows: MAE {btydMae:0.000}, RMSE {btydRmse:0.000}, error of the summed prediction {btydSum:P1}.");
                if (orders is { NoPurchaseMae: { } none, NoPurchaseShare: { } share })
                    md.AppendLine(inv, $"{share:P0} of the held-out customers made no purchase over the horizon; predicting none for anyone scores MAE {none:0.000}. Where most customers buy nothing, absolute error favours predictions below the mean: read MAE beside the summed error.");
            }
            if (card.NextOrder is { } next)
                md.AppendLine(string.Create(inv, $"Expected next order dates: {next.CustomersWithDate:N0} held-out customers got one")
                    + (next.CustomersWithDate > 0 ? string.Create(inv, $", {next.ShareOrderedByDate:P1} ordered by it") : "")
                    + (next.MeanDaysOff is { } off ? string.Create(inv, $", {off:0.0} days between date and order on average (both capped at the horizon)") : "")
                    + (card.NextOrderReason is { } why ? $"; {why}." : "."));
            md.AppendLine(string.Create(inv, $"Interval [P10, P90]: coverage {clv.Interval.Coverage:P1} on {clv.Interval.CoverageRows:N0} held-out customers ({clv.Interval.Method})")
                + (clv.Interval.CoverageByDecile is { Count: > 0 } deciles ? $"; by decile of predicted value, lowest first: {string.Join(", ", deciles.Select(d => d.ToString("P0", inv)))}." : "."));
            md.AppendLine();
            md.AppendLine("| decile of predicted value (1 = highest) | rows | mean predicted | mean actual |");
            md.AppendLine("|---|---|---|---|");
            foreach (var d in m.Deciles)
                md.AppendLine(inv, $"| {d.Decile} | {d.Count} | {d.MeanPredicted:0.00} | {d.MeanActual:0.00} |");
            md.AppendLine();
            ReportCharts.DecileLift(m.Deciles, Path.Combine(charts, "decile-lift.png"));
            ReportCharts.PredictedVsActual(heldOut.Clv.ToArray(), heldOut.Spend.ToArray(), Path.Combine(charts, "predicted-vs-actual.png"));
            ReportCharts.FeatureImportance([.. clv.Importance.Select(i => (i.Feature, i.Importance))], Path.Combine(charts, "clv-importance.png"));
            md.AppendLine("![decile lift](charts/decile-lift.png)");
            md.AppendLine("![predicted vs actual](charts/predicted-vs-actual.png)");
            md.AppendLine("![CLV feature importance](charts/clv-importance.png)");
            md.AppendLine();
        }

        var c = card.Churn.Metrics;
        md.AppendLine("## Churn");
        md.AppendLine();
        md.AppendLine("| model | AUC |");
        md.AppendLine("|---|---|");
        md.AppendLine(inv, $"| **model** | {c.Auc:0.000} |");
        foreach (var b in card.ChurnBaselines)
            md.AppendLine(inv, $"| {b.Name} | {b.Auc:0.000} |");
        md.AppendLine();
        md.AppendLine(inv, $"PR-AUC {c.AveragePrecision:0.000}, log-loss {c.LogLoss:0.000}, Brier {c.Brier:0.000}, F1 {c.AtThreshold.F1:0.000} at threshold {c.AtThreshold.Threshold:0.00}, top-decile lift {c.TopDecileLift:0.00}, base rate {c.BaseRate:P1}.");
        if (card.Churn.BlendReason is { } churnBlend)
            md.AppendLine(inv, $"Blend: tree weight {card.Churn.TreeWeight:0.0} with the BTYD no-purchase probability ({churnBlend}).");
        if (card.Churn.DormancyReason is { } churnDormancy && !card.IsContract)
            md.AppendLine(inv, $"Customers away longer than the trees learned from: {churnDormancy}.");
        if (card.Churn.FoldAuc is { } folds)
            md.AppendLine(inv, $"AUC per fold: {FoldAuc.List(folds)}.");
        md.AppendLine();
        ReportCharts.Calibration(c.ReliabilityBins, Path.Combine(charts, "calibration.png"));
        ReportCharts.FeatureImportance([.. card.Churn.Importance.Select(i => (i.Feature, i.Importance))], Path.Combine(charts, "churn-importance.png"));
        md.AppendLine("![calibration](charts/calibration.png)");
        md.AppendLine("![churn feature importance](charts/churn-importance.png)");
        md.AppendLine();

        if (card.ColdStart is { } cold)
        {
            md.AppendLine("## Brand-new customers");
            md.AppendLine();
            var dedicated = cold.DedicatedModel is { } d ? string.Create(inv, $", dedicated model {d.NormalizedGini:0.000}") : "";
            md.AppendLine(inv, $"Cohort: {cold.Cohort} ({cold.Rows:N0} held-out rows). Main model Gini {cold.MainModel.NormalizedGini:0.000}, first-order value {cold.FirstOrderBaseline.NormalizedGini:0.000}{dedicated}.");
            md.AppendLine();
            md.AppendLine(inv, $"Decision: {cold.Decision}.");
            md.AppendLine();
        }
        if (card.Truth is { } truth)
        {
            md.AppendLine("## Against the simulator's truth");
            md.AppendLine();
            md.AppendLine("| | R² vs actual | normalized Gini | churn AUC |");
            md.AppendLine("|---|---|---|---|");
            md.AppendLine(inv, $"| model | {truth.ModelR2:0.000} | {truth.ModelGini:0.000} | {truth.ModelAuc:0.000} |");
            md.AppendLine(inv, $"| oracle (truth.csv) | {truth.OracleR2:0.000} | {truth.OracleGini:0.000} | {truth.OracleAuc:0.000} |");
            md.AppendLine();
            md.AppendLine(inv, $"R² of the model against the true expected spend: {truth.ModelR2AgainstTruth:0.000} ({truth.Rows:N0} held-out customers; {truth.Method}).");
            md.AppendLine();
        }
        foreach (var note in card.Notes)
            md.AppendLine(inv, $"> {note}");
        File.WriteAllText(Path.Combine(directory, FileName), md.ToString());
    }
}
