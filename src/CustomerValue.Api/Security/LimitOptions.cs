using System.ComponentModel.DataAnnotations;

namespace CustomerValue.Api.Security;

/// <summary>The <c>Api:Limits</c> section: how much one caller, and all callers together, may ask of the service.</summary>
public sealed class LimitOptions
{
    public const string SectionName = "Api:Limits";

    /// <summary>Requests a second each caller (a key, or a client address without one) may make to the data endpoints, on average; 0 turns the limit off.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Api:Limits:PermitsPerSecond must be 0 (off) to 1000000.")]
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>Requests a caller may make at once above the rate, after a quiet spell.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Api:Limits:Burst must be 1 to 1000000.")]
    public int Burst { get; set; } = 200;

    /// <summary>Requests with a key that is not known, per client address and minute, before every further one is answered 429.</summary>
    [Range(1, 100_000, ErrorMessage = "Api:Limits:FailedAuthenticationsPerMinute must be 1 to 100000.")]
    public int FailedAuthenticationsPerMinute { get; set; } = 10;

    /// <summary>Batch requests scored at once; more wait in a queue of <see cref="ConcurrentBatchQueue"/>, beyond it 429.</summary>
    [Range(1, 1024, ErrorMessage = "Api:Limits:ConcurrentBatches must be 1 to 1024.")]
    public int ConcurrentBatches { get; set; } = 4;

    [Range(0, 100_000, ErrorMessage = "Api:Limits:ConcurrentBatchQueue must be 0 to 100000.")]
    public int ConcurrentBatchQueue { get; set; } = 32;

    /// <summary>Largest request body, in bytes, of a single prediction (and any other request).</summary>
    [Range(1024, 1L << 30, ErrorMessage = "Api:Limits:MaxBodyBytes must be 1024 to 1073741824.")]
    public long MaxBodyBytes { get; set; } = 1 << 20;

    /// <summary>Largest request body, in bytes, of a batch.</summary>
    [Range(1024, 1L << 30, ErrorMessage = "Api:Limits:MaxBatchBodyBytes must be 1024 to 1073741824.")]
    public long MaxBatchBodyBytes { get; set; } = 16 << 20;

    /// <summary>Most orders one customer's history may list in a prediction request.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Api:Limits:MaxOrdersPerCustomer must be 1 to 10000000.")]
    public int MaxOrdersPerCustomer { get; set; } = 10_000;
}
