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

        var lapsed = LapsedTriggers(s);
        if (lapsed.Count > 0) return Recovery(s, value, lapsed);

        var risks = RiskTriggers(s);
        if (risks.Count > 0) return Retention(s, value, risks);

        return Monetization(s, value);
    }

    (LifecycleStage, string, IReadOnlyList<Recommendation>) Segmentation(CustomerSignals s, double value)
    {
        var reason = s.DaysSinceSignup is { } signup
            ? $"prospect: no purchase yet, signed up {signup} days ago"
            : "prospect: no purchase yet";
        var offer = AcquisitionRecommendation(LifecycleActions.WelcomeOffer, "a first-order offer", s, value);
        return (LifecycleStage.Segmentation, reason, [offer]);
    }

    (LifecycleStage, string, IReadOnlyList<Recommendation>) Acquisition(CustomerSignals s, double value)
    {
        var first = s.DaysSinceFirstOrder!.Value;
        var reason = $"new customer: {Orders(s.Orders)}, the first {first} days ago " +
                     $"(new while at most {Orders(_options.AcquisitionMaxOrders)} within {_options.AcquisitionMaxDays} days)";
        var offer = s.Orders == 1
            ? AcquisitionRecommendation(LifecycleActions.SecondPurchaseIncentive,
                $"one order, {first} days ago: an incentive for the second", s, value)
            : AcquisitionRecommendation(LifecycleActions.RepeatPurchaseIncentive,
                $"{Orders(s.Orders)} in the first {first} days: an incentive to make buying a habit", s, value);
        return (LifecycleStage.Acquisition, reason, [offer]);
    }

    List<string> LapsedTriggers(CustomerSignals s)
    {
        var triggers = new List<string>();
        var sinceLast = s.DaysSinceLastOrder!.Value;
        if (sinceLast > _options.LapsedAfterDays)
            triggers.Add($"{NoOrderFor(s)} (lapsed after {_options.LapsedAfterDays})");
        if (s.ProbabilityAlive is { } alive && alive < _options.LapsedBelowProbabilityAlive)
            triggers.Add($"probability alive {Prob(alive)} is below {Prob(_options.LapsedBelowProbabilityAlive)}");
        if (s.ChurnProbability >= _options.RecoveryChurnProbability)
            triggers.Add($"churn probability {Prob(s.ChurnProbability)} is at or above {Prob(_options.RecoveryChurnProbability)}");
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

    List<string> RiskTriggers(CustomerSignals s)
    {
        var triggers = new List<string>();
        if (s.ChurnProbability >= _options.RetentionChurnProbability)
            triggers.Add($"churn probability {Prob(s.ChurnProbability)} is at or above {Prob(_options.RetentionChurnProbability)}");
        if (IsOverdue(s))
            triggers.Add($"{NoOrderFor(s)} (overdue from {Multiple(_options.OverdueGapMultiple)})");
        if (s.SpendTrend <= _options.DecliningSpendTrend)
            triggers.Add($"spend trend {Trend(s.SpendTrend)} is at or below {Trend(_options.DecliningSpendTrend)}");
        return triggers;
    }

    (LifecycleStage, string, IReadOnlyList<Recommendation>) Retention(CustomerSignals s, double value, List<string> triggers)
    {
        var reason = "churn risk rising: " + string.Join("; ", triggers);
        var actions = new List<Recommendation>();

        if (IsOverdue(s))
            actions.Add(AtStakeRecommendation(LifecycleActions.FrequencyReminder, $"overdue: {NoOrderFor(s)}", s, value));

        if (s.Orders >= _options.SubscriptionMinOrders && s.MeanDaysBetweenOrders is { } gap && gap <= _options.SubscriptionMaxGapDays)
            actions.Add(AtStakeRecommendation(LifecycleActions.Subscription,
                $"regular buyer: {Orders(s.Orders)}, one every {Days(gap)} days on average " +
                $"(subscription from {Orders(_options.SubscriptionMinOrders)} at most {Days(_options.SubscriptionMaxGapDays)} days apart), " +
                $"{s.ExpectedOrders.ToString("0.#", Inv)} more expected over the horizon", s, value));

        var tenure = s.DaysSinceSignup ?? s.DaysSinceFirstOrder!.Value;
        if (tenure >= _options.LoyaltyMinTenureDays)
            actions.Add(AtStakeRecommendation(LifecycleActions.LoyaltyReward,
                $"a customer for {tenure} days (loyalty reward from {_options.LoyaltyMinTenureDays})", s, value));

        if (actions.Count == 0)
            actions.Add(AtStakeRecommendation(LifecycleActions.RetentionOffer,
                $"{triggers[0]}, and no reminder, subscription or loyalty reward fits", s, value));

        return (LifecycleStage.Retention, reason, actions);
    }

    (LifecycleStage, string, IReadOnlyList<Recommendation>) Monetization(CustomerSignals s, double value)
    {
        var growing = s.SpendTrend >= _options.GrowingSpendTrend;
        var reason = $"{(growing ? "active and growing" : "active")}: last order {s.DaysSinceLastOrder} days ago, " +
                     $"churn probability {Prob(s.ChurnProbability)}, spend trend {Trend(s.SpendTrend)}";
        var actions = new List<Recommendation>();
        var share = _options.MonetizationSpendShare;
        var margin = _options.Margin;

        var next = _tiers.FirstOrDefault(t => t.MinValue > value);
        if (next is not null && value >= _options.AscensionProximity * next.MinValue)
        {
            var incremental = (next.MinValue - value) * margin;
            actions.Add(Capped(LifecycleActions.Ascension,
                $"predicted value {Money(value)} is {Share(value / next.MinValue)} of the {next.Name} tier at {Money(next.MinValue)} " +
                $"(offered from {Share(_options.AscensionProximity)}); incremental margin ({Money(next.MinValue)} − {Money(value)}) × {Rate(margin)} " +
                $"= {Money(incremental)}, spend up to {Share(share)} of it",
                share * incremental));
        }

        var uplift = _options.ExpectedUplift * value * margin;
        var upliftText = $"incremental margin {Share(_options.ExpectedUplift)} uplift × value {Money(value)} × margin {Rate(margin)} " +
                         $"= {Money(uplift)}, spend up to {Share(share)} of it";
        if (growing)
            actions.Add(Capped(LifecycleActions.Upsell,
                $"spend trend {Trend(s.SpendTrend)} is at or above {Trend(_options.GrowingSpendTrend)}; {upliftText}",
                share * uplift));

        actions.Add(Capped(LifecycleActions.CrossSell,
            $"active customer, {s.ExpectedOrders.ToString("0.#", Inv)} orders expected over the horizon; {upliftText}",
            share * uplift));

        return (LifecycleStage.Monetization, reason, actions);
    }

    Recommendation AcquisitionRecommendation(string action, string why, CustomerSignals s, double value)
    {
        var cost = AcquisitionCost(s.AcquisitionChannel, out var costSource);
        var worth = value * _options.Margin;
        return Capped(action,
            $"{why}; predicted value {Money(value)} × margin {Rate(_options.Margin)} = {Money(worth)} " +
            $"less acquisition cost {Money(cost)} ({costSource})",
            worth - cost);
    }

    Recommendation AtStakeRecommendation(string action, string why, CustomerSignals s, double value) =>
        Capped(action,
            $"{why}; margin at stake: churn probability {Prob(s.ChurnProbability)} × value {Money(value)} × margin {Rate(_options.Margin)} " +
            $"= {Money(FloorCents(s.ChurnProbability * value * _options.Margin))}",
            s.ChurnProbability * value * _options.Margin);

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
    /// worth. Going through decimal first keeps 28.999999999999996 (0.29 × 100) at 29.00.
    /// </summary>
    internal static double FloorCents(double amount)
    {
        if (!(amount > 0)) return 0;
        if (amount >= 1e15) return Math.Floor(amount * 100) / 100;
        return (double)(Math.Floor((decimal)amount * 100m) / 100m);
    }

    internal static double RoundCents(double amount)
    {
        if (Math.Abs(amount) >= 1e15) return Math.Round(amount, 2, MidpointRounding.AwayFromZero);
        return (double)Math.Round((decimal)amount, 2, MidpointRounding.AwayFromZero);
    }

    string NoOrderFor(CustomerSignals s)
    {
        var sinceLast = s.DaysSinceLastOrder!.Value;
        return s.MeanDaysBetweenOrders is { } gap
            ? $"no order for {sinceLast} days, {Multiple(sinceLast / gap)} the usual gap of {Days(gap)} days"
            : $"no order for {sinceLast} days";
    }

    static string Orders(int n) => n == 1 ? "1 order" : $"{n} orders";
    static string Money(double x) => x.ToString("0.00", Inv);
    static string Prob(double p) => p.ToString("0.###", Inv);
    static string Rate(double r) => r.ToString("0.###", Inv);
    static string Share(double r) => r.ToString("0.#%", Inv);
    static string Trend(double t) => t.ToString("+0.#%;−0.#%;0%", Inv);
    static string Days(double d) => d.ToString("0.#", Inv);
    static string Multiple(double m) => m.ToString("0.0", Inv) + "×";
}
