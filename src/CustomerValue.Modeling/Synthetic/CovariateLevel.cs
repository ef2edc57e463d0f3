namespace CustomerValue.Modeling.Synthetic;

/// <summary>
/// One value of a customer attribute (a region, a device, an acquisition channel…), how common it
/// is, and the factors it multiplies into the customer's purchase rate, dropout rate, mean spend
/// per order and probability of ever buying. A factor of 1 means no effect.
/// </summary>
public sealed record CovariateLevel(
    string Value,
    double Weight,
    double PurchaseRate = 1.0,
    double Dropout = 1.0,
    double Spend = 1.0,
    double Conversion = 1.0);
