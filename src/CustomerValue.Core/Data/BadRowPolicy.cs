namespace CustomerValue.Core.Data;

/// <summary>What a load does with rows it cannot accept.</summary>
public enum BadRowPolicy
{
    /// <summary>Reject the whole load and list the first errors with the total count.</summary>
    Fail,

    /// <summary>Load the good rows and write every rejected one to a quarantine CSV.</summary>
    Skip,
}
