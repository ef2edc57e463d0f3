namespace CustomerValue.Core.Btyd;

/// <summary>
/// Adds up what customers bought on their purchase days and what of it they returned, for
/// <see cref="BtydFeatureModel.KeptShare"/>: only a customer's shortfall of more than half a cent counts (a purchase's
/// sum in floating point is no return), so a base without returns keeps exactly 1.
/// </summary>
public struct KeptShareTally
{
    double _bought;
    double _returned;

    /// <param name="bought">The customer's purchase days' spend.</param>
    /// <param name="net">The customer's spend net of returns.</param>
    public void Add(double bought, double net)
    {
        _bought += bought;
        if (bought - net > 0.005)
            _returned += bought - net;
    }

    /// <summary>Σ net ÷ Σ bought in [0, 1]; 1 with nothing returned or nothing bought.</summary>
    public readonly double Share => _bought > 0 && _returned > 0 ? Math.Clamp(1 - (_returned / _bought), 0, 1) : 1;
}
