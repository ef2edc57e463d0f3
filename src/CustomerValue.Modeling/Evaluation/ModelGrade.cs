namespace CustomerValue.Modeling.Evaluation;

/// <summary>How a model's ranking compares with the best baseline's; see <see cref="ModelGrading"/>.</summary>
public enum ModelGrade
{
    /// <summary>Beats the best baseline by the required margin (5 %) or more.</summary>
    A,
    /// <summary>Beats the best baseline, by less than the margin.</summary>
    B,
    /// <summary>Does not beat the best baseline.</summary>
    C,
}
