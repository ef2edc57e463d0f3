namespace CustomerValue.Core.Data;

/// <summary>How a source spec wants blank (empty or whitespace-only) values of a column read.</summary>
public enum BlankValueRule
{
    /// <summary>The value is missing (null, or left out of the attributes). Required fields reject the row.</summary>
    Missing,

    /// <summary>The value is 0.</summary>
    Zero,

    /// <summary>The row is rejected.</summary>
    Reject,
}
