namespace CustomerValue.Core.Data;

/// <summary>
/// A typed source cannot be read on: a file that is not Parquet or is damaged, a database that refuses the
/// connection or the query, a connection lost part-way. <see cref="SourceFile"/> reports it as a problem of the
/// source as a whole, a <see cref="DataLoadException"/> naming it, as it does a CSV file that is not found.
/// </summary>
internal sealed class SourceReadException(string message, Exception? inner = null) : Exception(message, inner);
