namespace CustomerValue.Core.Models.Trees;

/// <summary>Which ML.NET model a <see cref="CompiledTreeModel"/> was compiled from, and so what its score means.</summary>
public enum TreeModelKind
{
    /// <summary>FastTree regression: the score is the trees' sum.</summary>
    Regression,

    /// <summary>FastTree Tweedie regression: the score is e to the trees' sum.</summary>
    Tweedie,

    /// <summary>FastTree binary classification with a Platt calibrator: the score is the trees' sum, plus a probability.</summary>
    CalibratedBinary,
}
