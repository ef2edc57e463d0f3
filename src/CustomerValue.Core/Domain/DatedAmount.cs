namespace CustomerValue.Core.Domain;

/// <summary>
/// One entry of a customer's history reduced to what the features read: the day and the amount in currency
/// units (negative for a return or refund). What a caller that holds no <see cref="Transaction"/>s, such as
/// the prediction API with a request's orders, hands to <see cref="Features.FeatureBuilder.SnapshotOfAmounts"/>.
/// </summary>
public readonly record struct DatedAmount(DateOnly Date, double Amount);
