using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CustomerValue.Api.Infrastructure;

/// <summary>
/// Binds a JSON request body with a reader of its own, for a <c>BindAsync</c>, and answers every body that
/// does not bind exactly as the framework's JSON body binding answers it under
/// <c>ThrowOnBadRequest</c>: 415 for a non-JSON content type, the JSON error named by field, the same
/// "no body" error for an empty body or <c>null</c>, and a read that fails (too large, cut off) by its status.
/// </summary>
public static class JsonRequestBody
{
    /// <param name="context">The request.</param>
    /// <param name="parameter">The handler's parameter, named in errors as the framework names it.</param>
    /// <param name="read">Reads the whole UTF-8 body under the HTTP JSON options; null for a JSON <c>null</c>.</param>
    public static async ValueTask<T?> BindAsync<T>(HttpContext context, ParameterInfo parameter,
        Func<ReadOnlySequence<byte>, JsonSerializerOptions, T?> read) where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(read);
        var request = context.Request;
        T? value = null;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            if (!IsJson(request.ContentType, out var utf8))
                throw new BadHttpRequestException($"Expected a supported JSON media type but got \"{request.ContentType}\".", StatusCodes.Status415UnsupportedMediaType);
            var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            try
            {
                // Another charset needs transcoding, which the framework's reader does; such bodies are rare.
                value = utf8
                    ? await ReadUtf8Async(request.BodyReader, options, read)
                    : (T?)await request.ReadFromJsonAsync(options.GetTypeInfo(typeof(T)));
            }
            catch (JsonException e)
            {
                throw new BadHttpRequestException($"Failed to read parameter \"{parameter.ParameterType.Name} {parameter.Name}\" from the request body as JSON.", e);
            }
            catch (BadHttpRequestException e)
            {
                throw new UnreadableBodyException(e.StatusCode, e);
            }
            catch (IOException e)
            {
                throw new UnreadableBodyException(StatusCodes.Status400BadRequest, e);
            }
        }
        return value ?? throw new BadHttpRequestException(
            $"Implicit body inferred for parameter \"{parameter.Name}\" but no body was provided. Did you mean to use a Service instead?");
    }

    /// <summary>The whole body, then one read: Kestrel's request body size limit applies as it reads.</summary>
    static async ValueTask<T?> ReadUtf8Async<T>(PipeReader body, JsonSerializerOptions options,
        Func<ReadOnlySequence<byte>, JsonSerializerOptions, T?> read)
    {
        var result = await body.ReadAsync();
        while (!result.IsCompleted)
        {
            body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await body.ReadAsync();
        }
        var buffer = result.Buffer;
        try
        {
            // The framework's stream reading skips a UTF-8 byte order mark; JsonSerializer on bytes does not.
            return read(StartsWithByteOrderMark(buffer) ? buffer.Slice(3) : buffer, options);
        }
        finally
        {
            body.AdvanceTo(buffer.End);
        }
    }

    static bool StartsWithByteOrderMark(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 3)
            return false;
        Span<byte> start = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(start);
        return start.SequenceEqual("\uFEFF"u8);
    }

    /// <summary>
    /// The framework's test: application/json or a +json type; <paramref name="utf8"/> when no charset
    /// or utf-8 is given, which is when the framework reads the bytes as they are.
    /// </summary>
    static bool IsJson(string? contentType, out bool utf8)
    {
        utf8 = true;
        if (string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase))
            return true;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                 || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
            return false;
        utf8 = !mediaType.Charset.HasValue || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
        return true;
    }
}
