namespace CustomerValue.Core.Data;

/// <summary>
/// A row that was not loaded, or a problem with the whole file (then <see cref="Line"/> is the
/// header line, or 0 for an empty file). <see cref="Line"/> is the 1-based physical line in the
/// file; <see cref="Raw"/> is the row's text as read.
/// </summary>
public sealed record RowError(string File, long Line, string? Column, string Reason, string? Raw)
{
    /// <summary><c>FILE:LINE: column 'X': reason</c>, the form compilers use so editors can jump to it.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        return Column is null ? $"{where}: {Reason}" : $"{where}: column '{Column}': {Reason}";
    }
}
