using Microsoft.AspNetCore.Http.Metadata;

namespace CustomerValue.Api.Infrastructure;

/// <summary>
/// Documents a JSON request body that a <c>BindAsync</c> parameter reads through <see cref="JsonRequestBody"/>.
/// The OpenAPI document is the one <c>Accepts&lt;T&gt;("application/json")</c> gives (JSON is the default media
/// type of a documented body), but with no content types listed routing does not match the request's media type
/// on every call: the binder checks it and answers 415 itself, naming the type it got.
/// </summary>
public sealed class JsonBodyMetadata(Type requestType) : IAcceptsMetadata
{
    public IReadOnlyList<string> ContentTypes => [];

    public Type? RequestType { get; } = requestType ?? throw new ArgumentNullException(nameof(requestType));

    public bool IsOptional => false;
}

public static class JsonBodyMetadataExtensions
{
    /// <summary>Documents <typeparamref name="T"/> as the endpoint's JSON body; see <see cref="JsonBodyMetadata"/>.</summary>
    public static RouteHandlerBuilder AcceptsJsonBody<T>(this RouteHandlerBuilder builder) where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new JsonBodyMetadata(typeof(T)));
    }
}
