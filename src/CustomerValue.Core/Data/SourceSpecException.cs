namespace CustomerValue.Core.Data;

/// <summary>A source spec that cannot be read or does not make sense; the message says where and why.</summary>
public sealed class SourceSpecException(string message, Exception? innerException = null)
    : Exception(message, innerException);
