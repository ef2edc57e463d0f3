namespace CustomerValue.Core.Data;

/// <summary>What one row of a customers file stands for (a source spec's <c>"oneRowPer"</c>).</summary>
public enum RowUnit
{
    /// <summary>One row per customer: a repeated customer id is a bad row.</summary>
    Customer,

    /// <summary>
    /// One row per subscription (account, contract), a customer's id repeated on each of theirs: the rows of one customer
    /// are combined into one profile (<see cref="SubscriptionRows"/>).
    /// </summary>
    Subscription,
}
