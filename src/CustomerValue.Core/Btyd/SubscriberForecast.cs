namespace CustomerValue.Core.Btyd;

/// <summary>
/// What the subscribers of a month (<see cref="BillingMonths.Subscribers"/>) are expected to pay over the next
/// <see cref="Periods"/> months: each one's expected payments (<see cref="RetentionModel.ExpectedPayments"/>) on the renewals
/// that fall due in them at their own interval from their latest charge (a yearly plan's once, in the month its year
/// ends), given the renewals made by that charge, each payment priced at their charges per month over the latest year
/// (<see cref="Subscriber.Charge"/>) times the interval.
/// </summary>
public sealed record SubscriberForecast(DateOnly Month, int Periods, int Subscribers, double ExpectedPayments, double ExpectedCharges)
{
    /// <summary>The forecast of <paramref name="model"/> for <paramref name="subscribers"/> of <paramref name="month"/>.</summary>
    public static SubscriberForecast Of(RetentionModel model, IReadOnlyList<Subscriber> subscribers, DateOnly month, int periods)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(subscribers);
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        var payments = 0.0;
        var charges = 0.0;
        // Subscribers at the same renewal, due as often on the same plan, share their expectation.
        var shared = new Dictionary<(int Renewals, int Due, int Every), double>();
        foreach (var subscriber in subscribers)
        {
            // A payment covers its interval: the renewals ahead are counted from the latest charge (a yearly plan's next one
            // falls due 12 months after it, whenever in its year the forecast is made).
            (int Renewals, int Due, int Every) key = (subscriber.Renewals - subscriber.MonthsSinceCharge, subscriber.DueIn(periods), subscriber.MonthsApart);
            if (!shared.TryGetValue(key, out var expected))
                shared[key] = expected = model.ExpectedPayments(key.Renewals, key.Due, key.Every);
            payments += expected;
            charges += expected * subscriber.Charge * subscriber.MonthsApart;
        }
        return new SubscriberForecast(month, periods, subscribers.Count, payments, charges);
    }
}

/// <summary>
/// The same forecast made <see cref="SubscriberForecast.Periods"/> months before the data's last complete month, from a
/// model fitted on the cohorts as the data stood then, against what its subscribers paid in the months that followed.
/// </summary>
public sealed record SubscriberBacktest(SubscriberForecast Forecast, int Payments, double Charges)
{
    /// <summary>(expected − paid) / paid for payments; NaN without any.</summary>
    public double PaymentsError => Payments > 0 ? (Forecast.ExpectedPayments - Payments) / Payments : double.NaN;

    /// <summary>(expected − paid) / paid for charges; NaN without any.</summary>
    public double ChargesError => Charges > 0 ? (Forecast.ExpectedCharges - Charges) / Charges : double.NaN;

    /// <summary>
    /// The backtest of <paramref name="kind"/> on <paramref name="billing"/>, ending at <paramref name="end"/> (the last
    /// complete month); null with the reason when the data holds no cohort to fit or no subscriber that many months earlier,
    /// or the fit did not converge.
    /// </summary>
    public static (SubscriberBacktest? Backtest, string? Why) Run(RetentionModelKind kind, BillingMonths billing, DateOnly end, int periods, BtydFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(billing);
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        var origin = BillingMonths.Shift(end, -periods);
        var cohorts = billing.Cohorts(origin, laterCharges: false);
        var subscribers = billing.Subscribers(origin, laterCharges: false);
        if (cohorts.Count == 0 || subscribers.Count == 0)
            return (null, $"no backtest: the data has no cohort with a renewal observed by {origin:yyyy-MM}, {periods} months before {end:yyyy-MM}");
        var model = GroupedRetention.Fit(kind, cohorts, options);
        if (!model.Diagnostics.Converged)
            return (null, $"no backtest: {model.Name} fitted on the cohorts through {origin:yyyy-MM} did not converge");
        var forecast = SubscriberForecast.Of(model, subscribers, origin, periods);
        var (payments, charges) = billing.Paid(subscribers.Select(s => s.CustomerId), origin, periods);
        return (new SubscriberBacktest(forecast, payments, charges), null);
    }
}
