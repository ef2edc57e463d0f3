using System.Diagnostics;
using System.Globalization;
using System.Text;
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
    readonly SettingTexts _texts;

    /// <exception cref="ArgumentException">The options fail <see cref="LifecycleOptions.Validate"/>.</exception>
    public LifecycleRules(LifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid lifecycle settings: " + string.Join(" ", problems), nameof(options));
        _options = options.Snapshot();
        _tiers = _options.EffectiveValueTiers();
        _texts = new SettingTexts(_options);
    }

    /// <exception cref="ArgumentException">A signal is missing, out of range or not a number.</exception>
    public LifecycleAssessment Assess(CustomerSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        Check(signals);

        var value = Math.Max(0, signals.PredictedValue);
        var plan = Decide(signals, value);
        var recommendations = new Recommendation[plan.Count];
        for (var i = 0; i < recommendations.Length; i++)
        {
            var maxSpend = FloorCents(plan[i].Ceiling);
            recommendations[i] = new Recommendation(plan[i].Action, ActionReason(signals, value, plan, i), maxSpend > 0 ? maxSpend : 0);
        }

        return new LifecycleAssessment(
            plan.Stage, StageReason(signals, plan), recommendations,
            MaxAcquisitionCost: FloorCents(value * _options.Margin),
            ValueAtStake: RoundCents(AtStake(signals, value)));
    }

    /// <summary>
    /// The stage and the first recommendation of <see cref="Assess"/>, with the same figures, without putting
    /// anything in words: what a stored run keeps of an assessment, at a fraction of the cost.
    /// </summary>
    /// <exception cref="ArgumentException">A signal is missing, out of range or not a number.</exception>
    public LifecyclePlacement Place(CustomerSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        Check(signals);

        var value = Math.Max(0, signals.PredictedValue);
        var plan = Decide(signals, value);
        var (action, ceiling) = plan[0];
        return new LifecyclePlacement(plan.Stage, action, FloorCents(ceiling),
            MaxAcquisitionCost: FloorCents(value * _options.Margin),
            ValueAtStake: RoundCents(AtStake(signals, value)));
    }

    /// <summary>
    /// The first recommendation's reason, as <see cref="Assess"/> words it: what a stored run keeps beside
    /// <see cref="Place"/>'s figures for the customers a list shows, so a reactivation list says why each customer is on it.
    /// </summary>
    /// <exception cref="ArgumentException">A signal is missing, out of range or not a number.</exception>
    public string ActionReason(CustomerSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        Check(signals);

        var value = Math.Max(0, signals.PredictedValue);
        return ActionReason(signals, value, Decide(signals, value), 0);
    }

    string ActionReason(CustomerSignals signals, double value, in Plan plan, int index)
    {
        var (action, ceiling) = plan[index];
        var reason = Why(Sentence(), signals, value, plan, action);
        if (!(FloorCents(ceiling) > 0))
            reason.Append("; ceiling 0.00: no paid incentive, use no-cost touches only");
        return reason.ToString();
    }

    /// <summary>Which rule fired, and the actions with their uncapped ceilings, highest priority first.</summary>
    Plan Decide(CustomerSignals s, double value)
    {
        if (s.UnderContract)
            return ContractPlan(s, value);
        if (s.Orders == 0)
            return s.ReturnsOnly
                // Known from their returns: winning them back is worth what is at stake, not an acquisition's ceiling.
                ? new Plan(LifecycleStage.Recovery, Triggers.ReturnsOnly).With(LifecycleActions.ReactivationOffer, s.ChurnProbability * value * _options.Margin)
                : new Plan(LifecycleStage.Segmentation).With(LifecycleActions.WelcomeOffer, AcquisitionCeiling(s, value));

        var daysSinceFirst = s.DaysSinceFirstOrder!.Value;
        if (s.Orders <= _options.AcquisitionMaxOrders && daysSinceFirst <= _options.AcquisitionMaxDays)
            return new Plan(LifecycleStage.Acquisition).With(
                s.Orders == 1 ? LifecycleActions.SecondPurchaseIncentive : LifecycleActions.RepeatPurchaseIncentive,
                AcquisitionCeiling(s, value));

        var atStake = s.ChurnProbability * value * _options.Margin;
        if (LapsedTriggers(s) is var lapsed and not Triggers.None)
            return new Plan(LifecycleStage.Recovery, lapsed).With(LifecycleActions.ReactivationOffer, atStake);

        if (RiskTriggers(s) is var risks and not Triggers.None)
        {
            var retention = new Plan(LifecycleStage.Retention, risks);
            if (IsOverdue(s))
                retention = retention.With(LifecycleActions.FrequencyReminder, atStake);
            if (IsSubscriber(s))
                retention = retention.With(LifecycleActions.Subscription, atStake);
            if (Tenure(s) >= _options.LoyaltyMinTenureDays)
                retention = retention.With(LifecycleActions.LoyaltyReward, atStake);
            return retention.Count > 0 ? retention : retention.With(LifecycleActions.RetentionOffer, atStake);
        }

        var monetization = new Plan(LifecycleStage.Monetization);
        var share = _options.MonetizationSpendShare;
        if (Ascension(value) is { } next)
            monetization = monetization.With(LifecycleActions.Ascension, share * ((next.MinValue - value) * _options.Margin));
        var uplift = share * Uplift(value);
        if (IsGrowing(s))
            monetization = monetization.With(LifecycleActions.Upsell, uplift);
        return monetization.With(LifecycleActions.CrossSell, uplift);
    }

    /// <summary>
    /// A churn table's customer has no purchases to read: the churn probability places them, unless the table labels them
    /// churned already (Recovery, a reactivation offer). At risk (retention's threshold) a loyalty reward when their
    /// tenure is known and long enough, otherwise a retention offer; below it, cross-sell. The ceilings are the margin at
    /// stake or the uplift, as for buyers: 0 when no value model ran.
    /// </summary>
    Plan ContractPlan(CustomerSignals s, double value)
    {
        var atStake = AtStake(s, value) * _options.Margin;
        // The table says they have left already: winning them back, whatever the model makes of their columns.
        if (s.LabelledChurned)
            return new Plan(LifecycleStage.Recovery, Triggers.LabelledChurned).With(LifecycleActions.ReactivationOffer, atStake);
        // Cancelled and still there until the period ends: the last chance to keep them.
        if (s.SetToEnd)
            return new Plan(LifecycleStage.Retention, Triggers.SetToEnd).With(LifecycleActions.RetentionOffer, atStake);
        // A failed payment ends many subscriptions that nobody chose to end: recovering it comes first.
        if (s.PaymentsFailing)
            return new Plan(LifecycleStage.Retention, Triggers.PaymentsFailing).With(LifecycleActions.PaymentRecovery, atStake);
        if (s.ChurnProbability >= _options.RetentionChurnProbability)
        {
            var retention = new Plan(LifecycleStage.Retention, Triggers.RetentionChurn);
            return s.DaysSinceSignup >= _options.LoyaltyMinTenureDays
                ? retention.With(LifecycleActions.LoyaltyReward, atStake)
                : retention.With(LifecycleActions.RetentionOffer, atStake);
        }
        return new Plan(LifecycleStage.Monetization).With(LifecycleActions.CrossSell, _options.MonetizationSpendShare * Uplift(value));
    }

    Triggers LapsedTriggers(CustomerSignals s)
    {
        var triggers = Triggers.None;
        if (s.DaysSinceLastOrder!.Value > _options.LapsedAfterDays)
            triggers |= Triggers.NoOrder;
        // Before the base's usual gap between orders has passed, the models' probabilities call no one lapsed: where most
        // customers never buy again (a marketplace's 97 %), every churn probability is high, and a customer who ordered
        // twice last month is at risk, not gone (on Olist 515 of the 534 repeat buyers of the last 90 days read "lapsed").
        return BeforeUsualGap(s) ? triggers : triggers | ProbablyLapsed(s);
    }

    Triggers RiskTriggers(CustomerSignals s)
    {
        var triggers = Triggers.None;
        if (s.ChurnProbability >= _options.RetentionChurnProbability)
            triggers |= Triggers.RetentionChurn;
        if (IsOverdue(s))
            triggers |= Triggers.Overdue;
        if (s.SpendTrend <= _options.DecliningSpendTrend)
            triggers |= Triggers.DecliningSpend;
        // At risk for another reason, and lapsed but for the usual gap: the words say why it is not Recovery yet.
        if (triggers != Triggers.None && HeldBeforeUsualGap(s))
            triggers |= Triggers.BeforeUsualGap;
        return triggers;
    }

    /// <summary>Whether the models' probabilities would call the customer lapsed but the base's usual gap has not passed.</summary>
    bool HeldBeforeUsualGap(CustomerSignals s) => BeforeUsualGap(s) && ProbablyLapsed(s) != Triggers.None;

    static bool BeforeUsualGap(CustomerSignals s) => s.UsualGapDays is { } usual && s.DaysSinceLastOrder!.Value < usual;

    /// <summary>The lapse triggers that read the models' probabilities: P(alive) below its threshold, churn at or above its.</summary>
    Triggers ProbablyLapsed(CustomerSignals s) =>
        (s.ProbabilityAlive is { } alive && alive < _options.LapsedBelowProbabilityAlive ? Triggers.LowProbabilityAlive : Triggers.None)
        | (s.ChurnProbability >= _options.RecoveryChurnProbability ? Triggers.RecoveryChurn : Triggers.None);

    bool IsOverdue(CustomerSignals s) =>
        s.MeanDaysBetweenOrders is { } gap && s.DaysSinceLastOrder!.Value >= _options.OverdueGapMultiple * gap;

    bool IsSubscriber(CustomerSignals s) =>
        s.Orders >= _options.SubscriptionMinOrders && s.MeanDaysBetweenOrders is { } gap && gap <= _options.SubscriptionMaxGapDays;

    static int Tenure(CustomerSignals s) => s.DaysSinceSignup ?? s.DaysSinceFirstOrder!.Value;

    bool IsGrowing(CustomerSignals s) => s.SpendTrend >= _options.GrowingSpendTrend;

    double Uplift(double value) => _options.ExpectedUplift * value * _options.Margin;

    double AcquisitionCeiling(CustomerSignals s, double value) => value * _options.Margin - AcquisitionCost(s.AcquisitionChannel);

    /// <summary>The next tier up when the value is close enough to it to offer ascension, or null.</summary>
    ValueTier? Ascension(double value) =>
        NextTier(value) is { } next && value >= _options.AscensionProximity * next.MinValue ? next : null;

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

    double AcquisitionCost(string? channel) =>
        !string.IsNullOrWhiteSpace(channel) && _options.AcquisitionCostByChannel.TryGetValue(channel, out var cost)
            ? cost
            : _options.DefaultAcquisitionCost;

    // The sentences below read the same signals and settings as Decide; only Assess pays for them. Each is written
    // clause by clause into one builder per thread and copied out once: a clause formatted into a string of its own and
    // then joined into the sentence cost an allocation and a copy per clause.

    [ThreadStatic]
    static StringBuilder? t_sentence;

    /// <summary>The thread's builder, emptied: one sentence at a time, turned into a string before the next begins.</summary>
    static StringBuilder Sentence() => (t_sentence ??= new StringBuilder(256)).Clear();

    string StageReason(CustomerSignals s, in Plan plan) => plan.Stage switch
    {
        LifecycleStage.Segmentation => s.DaysSinceSignup is { } signup
            ? Sentence().Append(Inv, $"prospect: no purchase yet, signed up {signup} {DayWord(signup)} ago").ToString()
            : "prospect: no purchase yet",
        LifecycleStage.Acquisition => Sentence().Append(Inv,
            $"new customer: {s.Orders} {OrderWord(s.Orders)}, the first {s.DaysSinceFirstOrder!.Value} {DayWord(s.DaysSinceFirstOrder!.Value)} ago " +
            $"(new while at most {_options.AcquisitionMaxOrders} {OrderWord(_options.AcquisitionMaxOrders)} within {_options.AcquisitionMaxDays} days)").ToString(),
        LifecycleStage.Recovery => TriggerTexts(s.LabelledChurned ? Sentence() : Sentence().Append("lapsed: "), s, plan.Triggers).ToString(),
        LifecycleStage.Retention => TriggerTexts(Sentence().Append(s.SetToEnd ? "leaving: " : s.PaymentsFailing ? "at risk: " : "churn risk rising: "), s, plan.Triggers).ToString(),
        _ when s.UnderContract => Sentence().Append(Inv,
            $"under contract: churn probability {s.ChurnProbability:0.###} is below {_texts.RetentionChurnProbability}").ToString(),
        _ => Sentence().Append(Inv, $"{(IsGrowing(s) ? "active and growing" : "active")}: last order {s.DaysSinceLastOrder!.Value} {DayWord(s.DaysSinceLastOrder!.Value)} ago, " +
            $"churn probability {s.ChurnProbability:0.###}, spend trend {s.SpendTrend:+0.#%;−0.#%;0%}").ToString(),
    };

    /// <summary>The fired triggers in words, in the order the rules check them, separated by "; ".</summary>
    StringBuilder TriggerTexts(StringBuilder text, CustomerSignals s, Triggers triggers)
    {
        var first = true;
        foreach (var trigger in TriggerOrder)
        {
            if ((triggers & trigger) == 0)
                continue;
            if (!first)
                text.Append("; ");
            TriggerText(text, s, trigger);
            first = false;
        }
        return text;
    }

    static readonly Triggers[] TriggerOrder =
    [
        Triggers.LabelledChurned, Triggers.SetToEnd, Triggers.PaymentsFailing, Triggers.ReturnsOnly, Triggers.NoOrder, Triggers.LowProbabilityAlive, Triggers.RecoveryChurn,
        Triggers.RetentionChurn, Triggers.Overdue, Triggers.DecliningSpend, Triggers.BeforeUsualGap,
    ];

    StringBuilder TriggerText(StringBuilder text, CustomerSignals s, Triggers trigger) => trigger switch
    {
        Triggers.ReturnsOnly => text.Append("no purchase in the data, only returns: the purchases they return predate it"),
        Triggers.LabelledChurned => text.Append("churned, as the customers file labels them"),
        Triggers.SetToEnd => text.Append("set to end at the period's end, as the customers file's status says"),
        Triggers.PaymentsFailing => text.Append("payments failing, as the customers file's status says"),
        Triggers.NoOrder => NoOrderFor(text, s).Append(Inv, $" (lapsed after {_options.LapsedAfterDays})"),
        Triggers.LowProbabilityAlive => text.Append(Inv,
            $"probability alive {s.ProbabilityAlive!.Value:0.###} is below {_texts.LapsedBelowProbabilityAlive}"),
        Triggers.RecoveryChurn => text.Append(Inv,
            $"churn probability {s.ChurnProbability:0.###} is at or above {_texts.RecoveryChurnProbability}"),
        Triggers.RetentionChurn => text.Append(Inv,
            $"churn probability {s.ChurnProbability:0.###} is at or above {_texts.RetentionChurnProbability}"),
        Triggers.Overdue => NoOrderFor(text, s).Append(Inv, $" (overdue from {_texts.OverdueGapMultiple}×)"),
        Triggers.BeforeUsualGap => text.Append(Inv,
            $"not lapsed before the base's usual {s.UsualGapDays!.Value} days between orders (the last {s.DaysSinceLastOrder!.Value} {DayWord(s.DaysSinceLastOrder!.Value)} ago)"),
        _ => text.Append(Inv, $"spend trend {s.SpendTrend:+0.#%;−0.#%;0%} is at or below {_texts.DecliningSpendTrend}"),
    };

    /// <summary>The first fired trigger in words.</summary>
    StringBuilder FirstTrigger(StringBuilder text, CustomerSignals s, Triggers triggers)
    {
        foreach (var trigger in TriggerOrder)
        {
            if ((triggers & trigger) != 0)
                return TriggerText(text, s, trigger);
        }
        throw new UnreachableException("A recovery or retention plan has at least one trigger.");
    }

    StringBuilder Why(StringBuilder text, CustomerSignals s, double value, in Plan plan, string action)
    {
        switch (action)
        {
            case LifecycleActions.WelcomeOffer:
                return AcquisitionWhy(text.Append("a first-order offer"), s, value);
            case LifecycleActions.SecondPurchaseIncentive:
                return AcquisitionWhy(text.Append(Inv, $"one order, {s.DaysSinceFirstOrder!.Value} {DayWord(s.DaysSinceFirstOrder!.Value)} ago: an incentive for the second"), s, value);
            case LifecycleActions.RepeatPurchaseIncentive:
                return AcquisitionWhy(text.Append(Inv,
                    $"{s.Orders} {OrderWord(s.Orders)} in the first {s.DaysSinceFirstOrder!.Value} {DayWord(s.DaysSinceFirstOrder!.Value)}: an incentive to make buying a habit"), s, value);
            case LifecycleActions.ReactivationOffer:
                return AtStakeWhy(FirstTrigger(text.Append("win back: "), s, plan.Triggers), s, value);
            case LifecycleActions.FrequencyReminder:
                return AtStakeWhy(NoOrderFor(text.Append("overdue: "), s), s, value);
            case LifecycleActions.Subscription:
                return AtStakeWhy(text.Append(Inv,
                    $"regular buyer: {s.Orders} {OrderWord(s.Orders)}, one every {s.MeanDaysBetweenOrders!.Value:0.#} days on average " +
                    $"(subscription from {_options.SubscriptionMinOrders} {OrderWord(_options.SubscriptionMinOrders)} at most {_texts.SubscriptionMaxGapDays} days apart), " +
                    $"{s.ExpectedOrders:0.#} more expected over the horizon"), s, value);
            case LifecycleActions.LoyaltyReward:
                return AtStakeWhy(text.Append(Inv, $"a customer for {Tenure(s)} {DayWord(Tenure(s))} (loyalty reward from {_options.LoyaltyMinTenureDays})"), s, value);
            case LifecycleActions.PaymentRecovery:
                return AtStakeWhy(FirstTrigger(text, s, plan.Triggers).Append(": recover the payment (a reminder to update the card, a retry) before it ends the subscription"), s, value);
            case LifecycleActions.RetentionOffer:
                return AtStakeWhy(FirstTrigger(text, s, plan.Triggers).Append(s.SetToEnd ? ": the last chance to keep them before it ends"
                    : s.UnderContract ? ", and no loyalty reward fits (tenure unknown or shorter)" : ", and no reminder, subscription or loyalty reward fits"), s, value);
            case LifecycleActions.Ascension:
                var next = Ascension(value)!;
                var incremental = (next.MinValue - value) * _options.Margin;
                return text.Append(Inv, $"predicted value {value:0.00} is {value / next.MinValue:0.#%} of the {next.Name} tier at {next.MinValue:0.00} " +
                    $"(offered from {_texts.AscensionProximity}); incremental margin ({next.MinValue:0.00} − {value:0.00}) × {_texts.Margin} " +
                    $"= {incremental:0.00}, spend up to {_texts.MonetizationSpendShare} of it");
            case LifecycleActions.Upsell:
                return UpliftWhy(text.Append(Inv, $"spend trend {s.SpendTrend:+0.#%;−0.#%;0%} is at or above {_texts.GrowingSpendTrend}; "), value);
            default:
                return UpliftWhy(s.UnderContract
                    ? text.Append(Inv, $"customer under contract, churn probability {s.ChurnProbability:0.###}; ")
                    : text.Append(Inv, $"active customer, {s.ExpectedOrders:0.#} orders expected over the horizon; "), value);
        }
    }

    StringBuilder UpliftWhy(StringBuilder text, double value) =>
        text.Append(Inv, $"incremental margin {_texts.ExpectedUplift} uplift × value {value:0.00} × margin {_texts.Margin} " +
            $"= {Uplift(value):0.00}, spend up to {_texts.MonetizationSpendShare} of it");

    StringBuilder AcquisitionWhy(StringBuilder text, CustomerSignals s, double value)
    {
        var channel = s.AcquisitionChannel;
        // In whole cents down, as the ceiling is: 846.46 × 0.3 = 253.938 read "= 253.94" beside a maxSpend of 253.93.
        text.Append(Inv, $"; predicted value {value:0.00} × margin {_texts.Margin} = {FloorCents(value * _options.Margin):0.00} " +
            $"less acquisition cost {AcquisitionCost(channel):0.00} (");
        return (string.IsNullOrWhiteSpace(channel) ? text.Append("no channel, default cost")
            : _options.AcquisitionCostByChannel.ContainsKey(channel) ? text.Append("channel '").Append(channel).Append('\'')
            : text.Append("channel '").Append(channel).Append("' not listed, default cost")).Append(')');
    }

    StringBuilder AtStakeWhy(StringBuilder text, CustomerSignals s, double value) => s.LabelledChurned || s.SetToEnd
        ? text.Append(Inv, $"; margin at stake: value if {(s.SetToEnd ? "kept" : "won back")} {s.WinBackValue:0.00} × margin {_texts.Margin} = {FloorCents(s.WinBackValue * _options.Margin):0.00}")
        : text.Append(Inv, $"; margin at stake: churn probability {s.ChurnProbability:0.###} × value {value:0.00} × margin {_texts.Margin} " +
            $"= {FloorCents(s.ChurnProbability * value * _options.Margin):0.00}");

    /// <summary>
    /// The value at stake: what is expected to be lost if the customer goes (churn probability × value), or, for a churn
    /// table's customer who has left, what winning them back would bring (and for one who has cancelled, what keeping them would).
    /// </summary>
    static double AtStake(CustomerSignals s, double value) => s.LabelledChurned || s.SetToEnd ? s.WinBackValue : s.ChurnProbability * value;

    /// <summary>
    /// The settings the sentences quote, each in the format its sentence prints it: worded once, as they do not change,
    /// where a sentence would otherwise format two or three of them for every customer.
    /// </summary>
    sealed class SettingTexts(LifecycleOptions o)
    {
        public string Margin { get; } = Text(o.Margin, "0.###");
        public string ExpectedUplift { get; } = Text(o.ExpectedUplift, "0.#%");
        public string MonetizationSpendShare { get; } = Text(o.MonetizationSpendShare, "0.#%");
        public string AscensionProximity { get; } = Text(o.AscensionProximity, "0.#%");
        public string GrowingSpendTrend { get; } = Text(o.GrowingSpendTrend, "+0.#%;−0.#%;0%");
        public string DecliningSpendTrend { get; } = Text(o.DecliningSpendTrend, "+0.#%;−0.#%;0%");
        public string LapsedBelowProbabilityAlive { get; } = Text(o.LapsedBelowProbabilityAlive, "0.###");
        public string RecoveryChurnProbability { get; } = Text(o.RecoveryChurnProbability, "0.###");
        public string RetentionChurnProbability { get; } = Text(o.RetentionChurnProbability, "0.###");
        public string OverdueGapMultiple { get; } = Text(o.OverdueGapMultiple, "0.0");
        public string SubscriptionMaxGapDays { get; } = Text(o.SubscriptionMaxGapDays, "0.#");

        static string Text(double value, string format) => value.ToString(format, Inv);
    }

    [Flags]
    enum Triggers
    {
        None = 0,
        NoOrder = 1,
        LowProbabilityAlive = 2,
        RecoveryChurn = 4,
        RetentionChurn = 8,
        Overdue = 16,
        DecliningSpend = 32,
        ReturnsOnly = 64,
        LabelledChurned = 128,
        SetToEnd = 256,
        PaymentsFailing = 512,
        BeforeUsualGap = 1024,
    }

    /// <summary>A stage, the triggers that placed the customer there, and up to three actions with their uncapped ceilings.</summary>
    readonly struct Plan(LifecycleStage stage, Triggers triggers = Triggers.None)
    {
        (string Action, double Ceiling) First { get; init; }
        (string Action, double Ceiling) Second { get; init; }
        (string Action, double Ceiling) Third { get; init; }

        public LifecycleStage Stage { get; } = stage;
        public Triggers Triggers { get; } = triggers;
        public int Count { get; private init; }

        public (string Action, double Ceiling) this[int index] => index switch
        {
            0 when Count > 0 => First,
            1 when Count > 1 => Second,
            2 when Count > 2 => Third,
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public Plan With(string action, double ceiling) => Count switch
        {
            0 => this with { First = (action, ceiling), Count = 1 },
            1 => this with { Second = (action, ceiling), Count = 2 },
            2 => this with { Third = (action, ceiling), Count = 3 },
            _ => throw new InvalidOperationException("A plan holds at most three actions."),
        };
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
        if (!(s.WinBackValue >= 0 && double.IsFinite(s.WinBackValue)))
            throw new ArgumentException($"WinBackValue must be a finite number of at least 0, was {s.WinBackValue.ToString(Inv)}.", nameof(s.WinBackValue));
        if (s.DaysSinceSignup < 0)
            throw new ArgumentException($"DaysSinceSignup must be at least 0, was {s.DaysSinceSignup}.", nameof(s.DaysSinceSignup));
        if (s.MeanDaysBetweenOrders is { } gap && !(gap > 0 && double.IsFinite(gap)))
            throw new ArgumentException($"MeanDaysBetweenOrders must be a finite number above 0, was {gap.ToString(Inv)}.", nameof(s.MeanDaysBetweenOrders));
        if (s.ReturnsOnly && s.Orders > 0)
            throw new ArgumentException($"ReturnsOnly is for a customer without purchases, but Orders was {s.Orders}.", nameof(s.ReturnsOnly));
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

    StringBuilder NoOrderFor(StringBuilder text, CustomerSignals s)
    {
        var sinceLast = s.DaysSinceLastOrder!.Value;
        return s.MeanDaysBetweenOrders is { } gap
            ? text.Append(Inv, $"no order for {sinceLast} {DayWord(sinceLast)}, {sinceLast / gap:0.0}× the usual gap of {gap:0.#} {(gap == 1 ? "day" : "days")}")
            : text.Append(Inv, $"no order for {sinceLast} {DayWord(sinceLast)}");
    }

    static string OrderWord(int n) => n == 1 ? "order" : "orders";

    static string DayWord(int n) => n == 1 ? "day" : "days";
}
