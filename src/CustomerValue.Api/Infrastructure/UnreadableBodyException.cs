namespace CustomerValue.Api.Infrastructure;

/// <summary>
/// The request body could not be read: larger than Kestrel allows, badly chunked, cut off. The framework's
/// body binding answers this with the status alone; <see cref="BadRequestExceptionHandler"/> does the same.
/// </summary>
public sealed class UnreadableBodyException(int statusCode, Exception innerException)
    : IOException($"The request body could not be read ({statusCode}).", innerException)
{
    public int StatusCode { get; } = statusCode;
}
