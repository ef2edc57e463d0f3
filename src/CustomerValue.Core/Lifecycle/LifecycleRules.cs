using System.Globalization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Lifecycle;

/// <summary>
/// Places a customer in a <see cref="LifecycleStage"/> and recommends next actions, each with a
/// spend ceiling that keeps lifetime profit above acquisition and retention cost.
/// </summary>
/// <remarks>
/// The rules run in a fixed order and the first that matches decides the stage: no purchase →
/// Segmentation; young → Acquisition; lapsed or very likely to churn → Recovery; churn risk rising →
/// Retention; otherwise (active) → Monetization. docs/lifecycle.md states each rule and ceiling.
/// A recommendation whose ceiling is 0 is kept with MaxSpend 0 and says so: the action can still be
/// run through no-cost touches, and the marketer sees why no budget is allowed.
/// </remarks>
public sealed class LifecycleRules
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    readonly LifecycleOptions _options;
    readonly IReadOnlyList<ValueTier> _tiers;

    /// <exception cref="ArgumentException">The options fail <see cref="LifecycleOptions.Validate"/>.</exception>
    public LifecycleRules(LifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid lifecycle settings: " + string.Join(" ", problems), nameof(options));
        _options = options.Snapshot();
        _tiers = _options.EffectiveValueTiers();
    }

    /// <exception cref="ArgumentException">A signal is missing, out of range or not a number.</exception>
    public LifecycleAssessment Assess(CustomerSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        Check(signals);

        var value = Math.Max(0, signals.PredictedValue);
        var valueAtStake = signals.ChurnProbability * value;
        var (stage, reason, recommendations) = Decide(signals, value);

        return new LifecycleAssessment(
            stage, reason, recommendations,
            MaxAcquisitionCost: FloorCents(value * _options.Margin),
            ValueAtStake: RoundCents(valueAtStake));
    }

    (LifecycleStage, string, IReadOnlyList<Recommendation>) Decide(CustomerSignals s, double value)
    {
        if (s.Orders == 0) return Segmentation(s, value);

        var daysSinceFirst = s.DaysSinceFirstOrder!.Value;
        if (s.Orders <= _options.AcquisitionMaxOrders && daysSinceFirst <= _options.AcquisitionMaxDays)
            return Acquisition(s, value);

        if (LapsedTriggers(s) is { } lapsed) return Recovery(s, value, lapsed);

        if (RiskTriggers(s) is { } risks) return Retention(s, value, risks);

        return Monetization(s, value);
    }

    (LifecycleStage, string, IReadOnlyList<Recommendation>) Segmentation(CustomerSignals s, double value)
    {
        var reason = s.DaysSinceSignup is { } signup
            ? string.Create(Inv, $"prospect: no purchase yet, signed up {signup} days ago")
            : "prospect: no purchase yet";
        var offer = AcquisitionRecommendation(LifecycleActions.WelcomeOffer, "a first-order offer", s, value);
        return (LifecycleStage.Segmentation, reason, [offer]);
    }

    (LifecycleStage, string, IReadOnlyList<Recommendation>) Acquisition(CustomerSignals s, double value)
    {
        var first = s.DaysSinceFirstOrder!.Value;
        var reason = string.Create(Inv, $"new customer: {s.Orders} {OrderWord(s.Orders)}, the first {first} days ago " +
                     $"(new while at most {_options.AcquisitionMaxOrders} {OrderWord(_options.AcquisitionMaxOrders)} within {_options.AcquisitionMaxDays} days)");
        var offer = s.Orders == 1
            ? AcquisitionRecommendation(LifecycleActions.SecondPurchaseIncentive,
                string.Create(Inv, $"one order, {first} days ago: an incentive for the second"), s, value)
            : AcquisitionRecommendation(LifecycleActions.RepeatPurchaseIncentive,
                string.Create(Inv, $"{s.Orders} {OrderWord(s.Orders)} in the first {first} days: an incentive to make buying a habit"), s, value);
        return (LifecycleStage.Acquisition, reason, [offer]);
    }

    /// <summary>Null when none fires: most customers are not lapsed, and need no list.</summary>
    List<string>? LapsedTriggers(CustomerSignals s)
    {
        List<string>? triggers = null;
        var sinceLast = s.DaysSinceLastOrder!.Value;
        if (sinceLast > _options.LapsedAfterDays)
            (triggers ??= []).Add(string.Create(Inv, $"{NoOrderFor(s)} (lapsed after {_options.LapsedAfterDays})"));
        if (s.ProbabilityAlive is { } alive && alive < _options.LapsedBelowProbabilityAlive)
            (triggers ??= []).Add(string.Create(Inv, $"probability alive {alive:0.###} is below {_options.LapsedBelowProbabilityAlive:0.###}"));
        if (s.ChurnProbability >= _options.RecoveryChurnProbability)
            (triggers ??= []).Add(string.Create(Inv, $"churn probability {s.ChurnProbability:0.###} is at or above {_options.RecoveryChurnProbability:0.###}"));
        return triggers;
    }

    (LifecycleStage, string, IReadOnlyList<Recommendation>) Recovery(CustomerSignals s, double value, List<string> triggers)
    {
        var reason = "lapsed: " + string.Join("; ", triggers);
        var offer = AtStakeRecommendation(LifecycleActions.ReactivationOffer, "win back: " + triggers[0], s, value);
        return (LifecycleStage.Recovery, reason, [offer]);
    }

    bool IsOverdue(CustomerSignals s) =>
        s.MeanDaysBetweenOrders is { } gap && s.DaysSinceLastOrder!.Value >= _options.OverdueGapMultiple * gap;

    /// <summary>Null when none fires.</summary>
    List<string>? RiskTriggers(CustomerSignals s)
    {
        List<string>? triggers = null;
        if (s.ChurnProbability >= _options.RetentionChurnProbability)
            (triggers ??= []).Add(string.Create(Inv, $"churn probability {s.ChurnProbability:0.###} is at or above {_options.RetentionChurnProbability:0.###}"));
        if (IsOverdue(s))
            (triggers ??= []).Add(string.Create(Inv, $"{NoOrderFor(s)} (overdue from {_options.OverdueGapMultiple:0.0}×)"));
        if (s.SpendTrend <= _options.DecliningSpendTrend)
            (triggers ??= []).Add(string.Create(Inv, $"spend trend {s.SpendTrend:+0.#%;−0.#%;0%} is at or below {_options.DecliningSpendTrend:+0.#%;−0.#%;0%}"));
        return triggers;
    }

    (LifecycleStage, string, IReadOnlyList<Recommendation>) Retention(CustomerSignals s, double value, List<string> triggers)
    {
        var reason = "churn risk rising: " + string.Join("; ", triggers);
        var actions = new List<Recommendation>();

        if (IsOverdue(s))
            actions.Add(AtStakeRecommendation(LifecycleActions.FrequencyReminder, "overdue: " + NoOrderFor(s), s, value));

        if (s.Orders >= _options.SubscriptionMinOrders && s.MeanDaysBetweenOrders is { } gap && gap <= _options.SubscriptionMaxGapDays)
            actions.Add(AtStakeRecommendation(LifecycleActions.Subscription,
                string.Create(Inv, $"regular buyer: {s.Orders} {OrderWord(s.Orders)}, one every {gap:0.#} days on average " +
                $"(subscription from {_options.SubscriptionMinOrders} {OrderWord(_options.SubscriptionMinOrders)} at most {_options.SubscriptionMaxGapDays:0.#} days apart), " +
                $"{s.ExpectedOrders:0.#} more expected over the horizon"), s, value));

        var tenure = s.DaysSinceSignup ?? s.DaysSinceFirstOrder!.Value;
        if (tenure >= _options.LoyaltyMinTenureDays)
            actions.Add(AtStakeRecommendation(LifecycleActions.LoyaltyReward,
                string.Create(Inv, $"a customer for {tenure} days (loyalty reward from {_options.LoyaltyMinTenureDays})"), s, value));

        if (actions.Count == 0)
            actions.Add(AtStakeRecommendation(LifecycleActions.RetentionOffer,
                $"{triggers[0]}, and no reminder, subscription or loyalty reward fits", s, value));

        return (LifecycleStage.Retention, reason, actions);
    }

    (LifecycleStage, string, IReadOnlyList<Recommendation>) Monetization(CustomerSignals s, double value)
    {
        var growing = s.SpendTrend >= _options.GrowingSpendTrend;
        var reason = string.Create(Inv, $"{(growing ? "active and growing" : "active")}: last order {s.DaysSinceLastOrder!.Value} days ago, " +
                     $"churn probability {s.ChurnProbability:0.###}, spend trend {s.SpendTrend:+0.#%;−0.#%;0%}");
        var actions = new List<Recommendation>(3);
        var share = _options.MonetizationSpendShare;
        var margin = _options.Margin;

        if (NextTier(value) is { } next && value >= _options.AscensionProximity * next.MinValue)
        {
            var incremental = (next.MinValue - value) * margin;
            actions.Add(Capped(LifecycleActions.Ascension,
                string.Create(Inv, $"predicted value {value:0.00} is {value / next.MinValue:0.#%} of the {next.Name} tier at {next.MinValue:0.00} " +
                $"(offered from {_options.AscensionProximity:0.#%}); incremental margin ({next.MinValue:0.00} − {value:0.00}) × {margin:0.###} " +
                $"= {incremental:0.00}, spend up to {share:0.#%} of it"),
                share * incremental));
        }

        var uplift = _options.ExpectedUplift * value * margin;
        var upliftText = string.Create(Inv, $"incremental margin {_options.ExpectedUplift:0.#%} uplift × value {value:0.00} × margin {margin:0.###} " +
            $"= {uplift:0.00}, spend up to {share:0.#%} of it");
        if (growing)
            actions.Add(Capped(LifecycleActions.Upsell,
                string.Create(Inv, $"spend trend {s.SpendTrend:+0.#%;−0.#%;0%} is at or above {_options.GrowingSpendTrend:+0.#%;−0.#%;0%}; {upliftText}"),
                share * uplift));

        actions.Add(Capped(LifecycleActions.CrossSell,
            string.Create(Inv, $"active customer, {s.ExpectedOrders:0.#} orders expected over the horizon; {upliftText}"),
            share * uplift));

        return (LifecycleStage.Monetization, reason, actions);
    }

    Recommendation AcquisitionRecommendation(string action, string why, CustomerSignals s, double value)
    {
        var cost = AcquisitionCost(s.AcquisitionChannel, out var costSource);
        var worth = value * _options.Margin;
        return Capped(action,
            string.Create(Inv, $"{why}; predicted value {value:0.00} × margin {_options.Margin:0.###} = {worth:0.00} " +
            $"less acquisition cost {cost:0.00} ({costSource})"),
            worth - cost);
    }

    Recommendation AtStakeRecommendation(string action, string why, CustomerSignals s, double value) =>
        Capped(action,
            string.Create(Inv, $"{why}; margin at stake: churn probability {s.ChurnProbability:0.###} × value {value:0.00} × margin {_options.Margin:0.###} " +
            $"= {FloorCents(s.ChurnProbability * value * _options.Margin):0.00}"),
            s.ChurnProbability * value * _options.Margin);

    /// <summary>The first tier whose minimum lies above <paramref name="value"/>, or null.</summary>
    ValueTier? NextTier(double value)
    {
        foreach (var tier in _tiers)
        {
            if (tier.MinValue > value)
                return tier;
        }
        return null;
    }

    static Recommendation Capped(string action, string reason, double ceiling)
    {
        var maxSpend = FloorCents(ceiling);
        return maxSpend > 0
            ? new Recommendation(action, reason, maxSpend)
            : new Recommendation(action, reason + "; ceiling 0.00: no paid incentive, use no-cost touches only", 0);
    }

    double AcquisitionCost(string? channel, out string source)
    {
        if (!string.IsNullOrWhiteSpace(channel) && _options.AcquisitionCostByChannel.TryGetValue(channel, out var cost))
        {
            source = $"channel '{channel}'";
            return cost;
        }
        source = string.IsNullOrWhiteSpace(channel) ? "no channel, default cost" : $"channel '{channel}' not listed, default cost";
        return _options.DefaultAcquisitionCost;
    }

    static void Check(CustomerSignals s)
    {
        if (s.Orders < 0) throw new ArgumentException($"Orders must be at least 0, was {s.Orders}.", nameof(s.Orders));
        if (!double.IsFinite(s.PredictedValue))
            throw new ArgumentException($"PredictedValue must be a finite number, was {s.PredictedValue.ToString(Inv)}.", nameof(s.PredictedValue));
        ProbabilityIn(s.ChurnProbability, nameof(s.ChurnProbability));
        if (s.ProbabilityAlive is { } alive) ProbabilityIn(alive, nameof(s.ProbabilityAlive));
        if (!(s.ExpectedOrders >= 0 && double.IsFinite(s.ExpectedOrders)))
            throw new ArgumentException($"ExpectedOrders must be a finite number of at least 0, was {s.ExpectedOrders.ToString(Inv)}.", nameof(s.ExpectedOrders));
        if (!double.IsFinite(s.SpendTrend))
            throw new ArgumentException($"SpendTrend must be a finite number, was {s.SpendTrend.ToString(Inv)}.", nameof(s.SpendTrend));
        if (s.DaysSinceSignup < 0)
            throw new ArgumentException($"DaysSinceSignup must be at least 0, was {s.DaysSinceSignup}.", nameof(s.DaysSinceSignup));
        if (s.MeanDaysBetweenOrders is { } gap && !(gap > 0 && double.IsFinite(gap)))
            throw new ArgumentException($"MeanDaysBetweenOrders must be a finite number above 0, was {gap.ToString(Inv)}.", nameof(s.MeanDaysBetweenOrders));
        if (s.Orders == 0) return;

        if (s.DaysSinceFirstOrder is not { } first || first < 0)
            throw new ArgumentException("DaysSinceFirstOrder must be given and at least 0 for a customer with orders.", nameof(s.DaysSinceFirstOrder));
        if (s.DaysSinceLastOrder is not { } last || last < 0 || last > first)
            throw new ArgumentException("DaysSinceLastOrder must be given, at least 0 and at most DaysSinceFirstOrder for a customer with orders.", nameof(s.DaysSinceLastOrder));
    }

    static void ProbabilityIn(double p, string name)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentException($"{name} must be in [0, 1], was {p.ToString(Inv)}.", name);
    }

    /// <summary>
    /// Rounds a ceiling down to whole cents so rounding never lets spend exceed what the customer is
    /// worth. Going through decimal keeps 28.999999999999996 (0.29 × 100) at 29.00.
    /// </summary>
    internal static double FloorCents(double amount)
    {
        if (!(amount > 0)) return 0;
        if (amount >= 1e15) return Math.Floor(amount * 100) / 100;
        return (double)(Math.Floor((decimal)amount * 100m) / 100m);
    }

    /// <exception cref="OverflowException">The amount is not a number.</exception>
    internal static double RoundCents(double amount)
    {
        if (Math.Abs(amount) >= 1e15) return Math.Round(amount, 2, MidpointRounding.AwayFromZero);
        return (double)Math.Round((decimal)amount, 2, MidpointRounding.AwayFromZero);
    }

    string NoOrderFor(CustomerSignals s)
    {
        var sinceLast = s.DaysSinceLastOrder!.Value;
        return s.MeanDaysBetweenOrders is { } gap
            ? string.Create(Inv, $"no order for {sinceLast} days, {sinceLast / gap:0.0}× the usual gap of {gap:0.#} days")
            : string.Create(Inv, $"no order for {sinceLast} days");
    }

    static string OrderWord(int n) => n == 1 ? "order" : "orders";
}
