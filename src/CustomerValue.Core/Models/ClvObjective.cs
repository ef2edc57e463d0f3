namespace CustomerValue.Core.Models;

/// <summary>How the CLV regressor is fitted; training compares both on validation data and keeps the better.</summary>
public enum ClvObjective
{
    /// <summary>FastTreeTweedie on the raw spend: suits zero-heavy targets without a transform.</summary>
    Tweedie,

    /// <summary>FastTree (least squares) on log1p(spend), back-transformed with a smearing factor.</summary>
    Log1p,
}
