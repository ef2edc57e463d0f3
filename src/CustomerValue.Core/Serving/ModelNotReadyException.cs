namespace CustomerValue.Core.Serving;

/// <summary>Thrown when a prediction is asked for before any model has loaded.</summary>
public sealed class ModelNotReadyException(string message) : InvalidOperationException(message);
