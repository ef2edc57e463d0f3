namespace CustomerValue.Core.Btyd;

/// <summary>The transaction ("buy till you die") models; spend is modelled separately by <see cref="GammaGamma"/>.</summary>
public enum BtydModelKind
{
    BgNbd,
    ParetoNbd,
    MbgNbd,
}
