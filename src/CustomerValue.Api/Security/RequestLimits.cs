using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Security;

/// <summary>
/// ASP.NET Core's rate limiter and body-size limits: a token bucket per caller on the data endpoints, a tight fixed
/// window per client address for requests with an unknown key, a concurrency limit on batches, and a body-size limit
/// per endpoint checked before the body is read. Every refusal is a problem document naming the setting.
/// </summary>
public static class RequestLimits
{
    public const string PerCallerPolicy = "per-caller";

    /// <summary>The endpoint name whose body may be as large as <see cref="LimitOptions.MaxBatchBodyBytes"/> and that counts against the batch concurrency limit.</summary>
    public const string BatchEndpointName = "PredictBatch";

    public static IHostApplicationBuilder AddRequestLimits(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitOptions>>((rate, limits) =>
        {
            var options = limits.Value;
            rate.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rate.GlobalLimiter = PartitionedRateLimiter.CreateChained(FailedAuthentication(options), Batches(options));
            rate.AddPolicy(PerCallerPolicy, context => PerCaller(context, options));
            rate.OnRejected = (context, cancellationToken) => RejectAsync(context, options, cancellationToken);
        });
        return builder;
    }

    /// <summary>
    /// The group's endpoints are rate limited per caller (unless <see cref="LimitOptions.PermitsPerSecond"/> is 0) and have a
    /// body-size limit (the batch endpoint its own); the OpenAPI document lists 429 for each, and 413 and 415 for those
    /// that take a body.
    /// </summary>
    public static RouteGroupBuilder WithRequestLimits(this RouteGroupBuilder builder)
    {
        // Off, the policy would still hand every request a lease of a no-op limiter, chained to the global one: the
        // endpoints then go through the global limiter alone, as every other endpoint does.
        var limits = ((IEndpointRouteBuilder)builder).ServiceProvider.GetRequiredService<IOptions<LimitOptions>>().Value;
        if (limits.PermitsPerSecond > 0)
            builder.RequireRateLimiting(PerCallerPolicy);
        builder.ProducesProblem(StatusCodes.Status429TooManyRequests);
        ((IEndpointConventionBuilder)builder).Finally(endpoint =>
        {
            var batch = endpoint.Metadata.OfType<IEndpointNameMetadata>().Any(n => n.EndpointName == BatchEndpointName);
            endpoint.Metadata.Add(batch ? BodyLimit.Batch : BodyLimit.Single);
            if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any())
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), [ProblemJson]));
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), [ProblemJson]));
            }
        });
        return builder;
    }

    const string ProblemJson = "application/problem+json";

    /// <summary>The body-size check; after authorization, so a caller without a key hears 401 first.</summary>
    public static WebApplication UseBodyLimits(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<LimitOptions>>().Value;
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>() is { } limit)
            {
                var (bytes, setting) = limit.IsBatch
                    ? (options.MaxBatchBodyBytes, "Api:Limits:MaxBatchBodyBytes")
                    : (options.MaxBodyBytes, "Api:Limits:MaxBodyBytes");
                if (context.Request.ContentLength > bytes)
                {
                    await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                        string.Create(CultureInfo.InvariantCulture, $"The body is {context.Request.ContentLength} bytes; {setting} allows at most {bytes}."));
                    return;
                }
                // A body sent without a length (chunked) is cut off by the server at the same size.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                    feature.MaxRequestBodySize = bytes;
            }
            await next(context);
        });
        return app;
    }

    static PartitionedRateLimiter<HttpContext> FailedAuthentication(LimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) && context.User.Identity?.IsAuthenticated != true
                ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.FailedAuthenticationsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));

    static PartitionedRateLimiter<HttpContext> Batches(LimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>() is { IsBatch: true }
                ? RateLimitPartition.GetConcurrencyLimiter("batch", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.ConcurrentBatches,
                    QueueLimit = options.ConcurrentBatchQueue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : RateLimitPartition.GetNoLimiter(""));

    static RateLimitPartition<string> PerCaller(HttpContext context, LimitOptions options)
    {
        if (options.PermitsPerSecond == 0)
            return RateLimitPartition.GetNoLimiter("");
        return RateLimitPartition.GetTokenBucketLimiter(Caller(context), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>The key's (or signed-in user's) name, else the client address.</summary>
    static string Caller(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } ? "key:" + name : "address:" + ClientAddress(context);

    static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    static async ValueTask RejectAsync(OnRejectedContext rejected, LimitOptions options, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var inv = CultureInfo.InvariantCulture;
        var detail =
            context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) && context.User.Identity?.IsAuthenticated != true
                ? string.Create(inv, $"Too many requests with an unknown key from this address: Api:Limits:FailedAuthenticationsPerMinute is {options.FailedAuthenticationsPerMinute}. Retry after {seconds} s.")
            : !rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out _) && context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>() is { IsBatch: true }
                ? string.Create(inv, $"Too many batches at once: Api:Limits:ConcurrentBatches is {options.ConcurrentBatches}, with {options.ConcurrentBatchQueue} waiting (Api:Limits:ConcurrentBatchQueue). Retry after {seconds} s.")
            : string.Create(inv, $"Too many requests from {Describe(context)}: Api:Limits:PermitsPerSecond is {options.PermitsPerSecond} (Api:Limits:Burst {options.Burst}). Retry after {seconds} s.");
        await WriteProblemAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests", detail);
    }

    static string Describe(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } ? $"key '{name}'" : "this address";

    static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>Endpoint metadata: which body-size limit applies.</summary>
    sealed record BodyLimit(bool IsBatch)
    {
        public static readonly BodyLimit Single = new(false);
        public static readonly BodyLimit Batch = new(true);
    }
}
