namespace CustomerValue.Core.Data;

/// <summary>How a source file is encoded; a spec that gives none lets the file name decide (<c>.parquet</c> or CSV).</summary>
public enum SourceFormat
{
    Csv,
    Parquet,
}
