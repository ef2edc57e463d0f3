namespace CustomerValue.Core.Lifecycle;

/// <summary>
/// The stable codes of <see cref="Recommendation.Action"/>. Campaign tools key on these strings, so
/// an existing code is never renamed.
/// </summary>
public static class LifecycleActions
{
    public const string WelcomeOffer = "welcome-offer";
    public const string SecondPurchaseIncentive = "second-purchase-incentive";
    public const string RepeatPurchaseIncentive = "repeat-purchase-incentive";
    public const string Ascension = "ascension";
    public const string Upsell = "upsell";
    public const string CrossSell = "cross-sell";
    public const string FrequencyReminder = "frequency-reminder";
    public const string Subscription = "subscription";
    public const string LoyaltyReward = "loyalty-reward";
    public const string RetentionOffer = "retention-offer";
    public const string ReactivationOffer = "reactivation-offer";
    public const string PaymentRecovery = "payment-recovery";

    public static IReadOnlyList<string> All { get; } =
    [
        WelcomeOffer, SecondPurchaseIncentive, RepeatPurchaseIncentive, Ascension, Upsell, CrossSell,
        FrequencyReminder, Subscription, LoyaltyReward, RetentionOffer, ReactivationOffer, PaymentRecovery,
    ];
}
