using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Lifecycle;

/// <summary>
/// What a stored run keeps of a <see cref="LifecycleAssessment"/>: the stage and the first recommendation's action
/// and ceiling, with the same figures <see cref="LifecycleRules.Assess"/> gives, and none of its sentences.
/// </summary>
public readonly record struct LifecyclePlacement(
    LifecycleStage Stage,
    string Action,
    double MaxSpend,
    double MaxAcquisitionCost,
    double ValueAtStake);
