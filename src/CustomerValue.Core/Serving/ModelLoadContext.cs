using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CustomerValue.Core.Serving;

/// <summary>
/// What an <see cref="IModelLoader{TBundle}"/> gets to build one generation: the version folder,
/// file access that records a SHA-256 per model file, and engine pools the generation will own.
/// </summary>
/// <remarks>
/// Model files are read into memory once, hashed and loaded from those bytes, so the reported hash
/// is of exactly the bytes being served even if the file is replaced while loading.
/// </remarks>
public sealed class ModelLoadContext
{
    readonly Dictionary<string, string> _fileHashes = new(StringComparer.Ordinal);
    readonly List<IDisposable> _owned = [];
    readonly int _maximumRetainedEngines;

    internal ModelLoadContext(string version, string directory, MLContext mlContext, int maximumRetainedEngines)
    {
        Version = version;
        Directory = directory;
        MLContext = mlContext;
        _maximumRetainedEngines = maximumRetainedEngines;
    }

    /// <summary>The version folder name the pointer file named.</summary>
    public string Version { get; }

    /// <summary>Full path of the version folder.</summary>
    public string Directory { get; }

    public MLContext MLContext { get; }

    internal IReadOnlyDictionary<string, string> FileHashes => _fileHashes;

    internal IReadOnlyList<IDisposable> Owned => _owned;

    /// <summary>Loads an ML.NET model saved with <c>MLContext.Model.Save</c>; the file counts as a model file.</summary>
    public ITransformer LoadTransformer(string fileName) => LoadTransformer(fileName, out _);

    /// <inheritdoc cref="LoadTransformer(string)"/>
    public ITransformer LoadTransformer(string fileName, out DataViewSchema inputSchema)
    {
        var bytes = ReadModelFile(fileName);
        ITransformer model;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            model = MLContext.Model.Load(stream, out inputSchema);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidDataException($"{fileName} in {Directory} is not a loadable ML.NET model: {ex.Message}", ex);
        }
        if (model is IDisposable disposable)
            _owned.Add(disposable);
        return model;
    }

    /// <summary>Reads a model file that is not an ML.NET zip (e.g. fitted BTYD parameters); it is hashed.</summary>
    public byte[] ReadModelFile(string fileName)
    {
        var bytes = File.ReadAllBytes(PathOf(fileName));
        _fileHashes[fileName] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return bytes;
    }

    /// <summary>Reads a metadata file such as the model card; it is not part of the model hash.</summary>
    public string ReadAllText(string fileName) => File.ReadAllText(PathOf(fileName), Encoding.UTF8);

    /// <summary>Whether the version folder holds <paramref name="fileName"/>, for optional models.</summary>
    public bool Exists(string fileName) => File.Exists(PathOf(fileName));

    /// <summary>
    /// A pool of engines for <paramref name="model"/>, owned by this generation. One engine is
    /// created now, so a model whose schema does not fit <typeparamref name="TIn"/> /
    /// <typeparamref name="TOut"/> fails the load instead of the first request.
    /// </summary>
    public EnginePool<TIn, TOut> CreateEnginePool<TIn, TOut>(ITransformer model, SchemaDefinition? inputSchema = null)
        where TIn : class
        where TOut : class, new()
    {
        var pool = new EnginePool<TIn, TOut>(MLContext, model, _maximumRetainedEngines, inputSchema);
        _owned.Add(pool);
        pool.Return(pool.Get());
        return pool;
    }

    /// <summary>Hands a resource to the generation, to be disposed with it.</summary>
    public T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>
    /// SHA-256 over the model files read, in the manifest form <c>sha256sum</c> prints (hash, two
    /// spaces, name, newline), lines sorted by name: <c>sha256sum clv.zip churn.zip | LC_ALL=C sort -k2 | sha256sum</c>.
    /// </summary>
    internal string CombinedHash()
    {
        var manifest = new StringBuilder();
        foreach (var (name, hash) in _fileHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
            manifest.Append(hash).Append("  ").Append(name).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.ToString())));
    }

    string PathOf(string fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName) || Path.GetFileName(fileName) != fileName || fileName is "." or "..")
            throw new ArgumentException($"'{fileName}' is not a plain file name inside the version folder.", nameof(fileName));
        return Path.Combine(Directory, fileName);
    }
}
