using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Lifecycle;

/// <summary>One next action for a customer, with the most it may cost.</summary>
/// <param name="Action">A stable kebab-case code from <see cref="LifecycleActions"/>.</param>
/// <param name="Reason">Plain words with the figures that triggered the action and set its ceiling.</param>
/// <param name="MaxSpend">The most to spend on this action for this customer (currency, ≥ 0, whole cents).</param>
public sealed record Recommendation(string Action, string Reason, double MaxSpend);

/// <summary>Where a customer stands in the lifecycle and what to do next.</summary>
/// <param name="Stage">The lifecycle stage.</param>
/// <param name="StageReason">Plain words saying which rule placed the customer in the stage.</param>
/// <param name="Recommendations">Actions, highest priority first; never empty.</param>
/// <param name="MaxAcquisitionCost">
/// The most a customer like this is worth paying to acquire: predicted value × margin, ≥ 0, whole cents.
/// </param>
/// <param name="ValueAtStake">
/// Churn probability × predicted value (currency, whole cents): the spend expected to be lost if the
/// customer goes; for a churn table's customer who has left, what winning them back would bring
/// (<see cref="CustomerSignals.WinBackValue"/>). Reactivation lists rank by it.
/// </param>
public sealed record LifecycleAssessment(
    LifecycleStage Stage,
    string StageReason,
    IReadOnlyList<Recommendation> Recommendations,
    double MaxAcquisitionCost,
    double ValueAtStake);
