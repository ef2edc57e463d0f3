namespace CustomerValue.Core.Serving;

/// <summary>Identity of one loaded model generation, as /v1/model reports it.</summary>
/// <param name="Version">Version folder name the pointer file named.</param>
/// <param name="Sha256">SHA-256 over the model files (see <see cref="ModelLoadContext"/> for the exact form).</param>
/// <param name="FileSha256">SHA-256 of each model file by file name.</param>
/// <param name="LoadedAt">When this generation started serving.</param>
/// <param name="Generation">1 for the first model this source loaded, one more for each swap.</param>
public sealed record ModelInfo(
    string Version,
    string Sha256,
    IReadOnlyDictionary<string, string> FileSha256,
    DateTimeOffset LoadedAt,
    long Generation);
