namespace CustomerValue.Core.Btyd;

/// <summary>A model's log-likelihood over its fit data as a function of the log-parameters.</summary>
internal interface ILikelihood
{
    int ParameterCount { get; }

    /// <summary>Sum of weights: the number of customers the data stands for.</summary>
    double TotalWeight { get; }

    /// <summary>Weighted log-likelihood at θ = exp(<paramref name="logTheta"/>); writes ∂LL/∂log θ into <paramref name="gradient"/>.</summary>
    double Evaluate(ReadOnlySpan<double> logTheta, Span<double> gradient);
}
