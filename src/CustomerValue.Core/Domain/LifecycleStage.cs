namespace CustomerValue.Core.Domain;

/// <summary>The five stages a customer moves through; each calls for its own actions.</summary>
public enum LifecycleStage
{
    /// <summary>A prospect: known, but no purchase yet.</summary>
    Segmentation,

    /// <summary>First purchase made, relationship still young.</summary>
    Acquisition,

    /// <summary>Active and growing: upsell, cross-sell, ascension to a higher tier.</summary>
    Monetization,

    /// <summary>Valuable, with churn risk rising: loyalty rewards, subscription, frequency reminders.</summary>
    Retention,

    /// <summary>Lapsed or at high churn risk: reactivation offer.</summary>
    Recovery,
}
