namespace CustomerValue.Core.Btyd;

/// <summary>The contractual retention models: shifted-beta-geometric and beta-discrete-Weibull.</summary>
public enum RetentionModelKind
{
    Sbg,
    Bdw,
}
