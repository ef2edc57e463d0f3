using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerValue.Api.Diagnostics;

/// <summary>A constant answer with no model work: what the framework alone costs, for the benchmark.</summary>
public static class PingApi
{
    static readonly PingResponse Pong = new("pong", "CustomerValue.Api");

    public static RouteHandlerBuilder MapPingApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/ping", Ping)
            .WithTags("Diagnostics")
            .WithName("Ping")
            .WithSummary("A constant JSON object, for measuring the framework's ceiling");

    static Ok<PingResponse> Ping() => TypedResults.Ok(Pong);
}

public sealed record PingResponse(string Status, string Service);
