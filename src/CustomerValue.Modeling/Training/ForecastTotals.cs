using System.Globalization;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Monitoring;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The card's <see cref="ForecastCard"/>: the shipped bundle's predictions for the customers serving starts from (the
/// drift baseline's snapshot, scored once), summed over the horizon after the data's end, with the test period's total
/// errors beside them.
/// </summary>
internal static class ForecastTotals
{
    /// <summary>Null for a churn-only card (a churn table without a recurring charge) or an empty snapshot: there is no value to sum.</summary>
    /// <param name="months">The sums' share in each calendar month of the horizon, for <see cref="ForecastCard.ByMonth"/>; null for none.</param>
    public static ForecastCard? Of(ModelCard card, IReadOnlyList<FeatureRow> snapshot, IReadOnlyList<PredictedValues> predictions,
        IReadOnlyList<(DateOnly From, DateOnly To, double Share)>? months = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(predictions);
        if ((card.Clv is null && card.Recurring is null) || snapshot.Count == 0)
            return null;
        if (predictions.Count != snapshot.Count)
            throw new ArgumentException($"{snapshot.Count} customers against {predictions.Count} predictions.", nameof(predictions));
        var value = 0.0;
        var purchases = 0.0;
        var newCustomers = 0;
        for (var i = 0; i < snapshot.Count; i++)
        {
            if (double.IsFinite(predictions[i].PredictedValue))
                value += predictions[i].PredictedValue;
            if (double.IsFinite(predictions[i].ExpectedOrders))
                purchases += predictions[i].ExpectedOrders;
            // A churn table's customers have no orders by nature: none of them is new for it. Nor is a customer with
            // returns only, whose purchases predate the data.
            if (snapshot[i].IsProspect && !snapshot[i].ReturnsOnly && card.Clv is not null)
                newCustomers++;
        }
        var asOf = snapshot[0].AsOf;
        var outOfTime = card.Evaluation.Method != EvaluationPlan.KFold;
        var valueError = card.Clv is { } clv ? Finite(clv.Metrics.SumError) : null;
        var purchasesError = card.Orders is { } orders ? Finite(orders.Metrics.SumError) : null;
        var forecast = new ForecastCard(asOf, asOf.AddDays(1), asOf.AddDays(card.HorizonDays), snapshot.Count, newCustomers, value, purchases,
            valueError, purchasesError, outOfTime, "");
        return forecast with
        {
            Reading = Reading(forecast, card),
            ByMonth = months is null || card.Clv is null ? null : [.. months.Select(m => new ForecastMonth(m.From, m.To, value * m.Share, purchases * m.Share))],
        };
    }

    static double? Finite(double value) => double.IsFinite(value) ? value : null;

    static string Reading(ForecastCard f, ModelCard card)
    {
        var inv = CultureInfo.InvariantCulture;
        if (card.Clv is null)
            return string.Create(inv, $"As of {f.AsOf:yyyy-MM-dd}, the {f.Customers:N0} customers of the table are predicted to pay {f.PredictedValue:N2} over the {card.HorizonDays} days from {f.From:yyyy-MM-dd} to {f.To:yyyy-MM-dd} in recurring charges ")
                + (card.Recurring is { TestPredicted: { } predicted, TestPaid: { } paid } && paid > 0
                    ? string.Create(inv, $"(those labelled churned nothing). Valued the same way from their held-out churn probabilities, the customers still there on {card.Evaluation.TestCutoff:yyyy-MM-dd} were predicted to pay {predicted:N2} over the {card.HorizonDays} days after it, and paid {paid:N2} by their churn dates: {predicted / paid - 1:+0.0%;-0.0%;0.0%} off (the rate per {card.Recurring.PeriodName} is the whole table's, those days included).")
                    : "(those labelled churned nothing). A churn table is one snapshot: no later period tested this total.");
        var sentence = string.Create(inv, $"As of {f.AsOf:yyyy-MM-dd}, the {f.Customers:N0} customers")
            + (f.NewCustomers > 0 ? string.Create(inv, $" ({f.NewCustomers:N0} without an order yet)") : "")
            + string.Create(inv, $" are predicted to spend {f.PredictedValue:N2} in {f.ExpectedPurchases:N0} purchase days over the {card.HorizonDays} days from {f.From:yyyy-MM-dd} to {f.To:yyyy-MM-dd}.");
        var errors = new List<string>();
        if (f.TestValueError is { } v)
            errors.Add(string.Create(inv, $"{v:+0.0%;-0.0%;0.0%} for value"));
        if (f.TestPurchasesError is { } p)
            errors.Add(string.Create(inv, $"{p:+0.0%;-0.0%;0.0%} for purchases"));
        if (errors.Count == 0)
            return sentence;
        var period = string.Create(inv, $"{card.Evaluation.TestCutoff.AddDays(1):yyyy-MM-dd} to {card.Evaluation.TestCutoff.AddDays(card.HorizonDays):yyyy-MM-dd}");
        return f.OutOfTime
            ? sentence + $" On the test period ({period}), later than the data its models were fitted on, totals set the same way were off by {string.Join(" and ", errors)}."
            : sentence + $" The test rows' totals were off by {string.Join(" and ", errors)}, but they are customer folds of the period the scale was set on ({period}): how far off a later period's total is was not measured, as the history is too short for a test period after the fitted one." +
                (!TotalsAnchor.IsServedAtOwnLevel(card.Clv?.ScaleReason) ? ""
                    : card.Clv?.ScaleReason?.Contains(TotalsAnchor.Renewals, StringComparison.Ordinal) == true
                        ? string.Create(inv, $" This forecast does not carry the folds' scale: its total is the renewals' own (sBG on the billing history's monthly cohorts as of {f.AsOf:yyyy-MM-dd}).")
                        : string.Create(inv, $" This forecast does not carry the folds' scale: its total is BTYD + Gamma-Gamma's own, fitted as of {f.AsOf:yyyy-MM-dd}."));
    }
}
