using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Predictions;
using CustomerValue.Api.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerValue.Api.Tests.Predictions;

/// <summary>
/// POST /v1/predictions binds its body with <see cref="PredictionRequest.BindAsync"/>; these tests hold it
/// to the answers the framework's JSON body binding gave (recorded before the change) and compare the two
/// bindings side by side on Kestrel.
/// </summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class RequestBindingTests(FixtureBundle bundle)
{
    const string JsonError = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":""";
    const string NoBody = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Bad request","status":400,"detail":"Implicit body inferred for parameter \"request\" but no body was provided. Did you mean to use a Service instead?"}""";
    const string WrongType = JsonError + """{"body":["has the wrong type: an object was expected."]}}""";
    const string Json = "application/json";

    /// <summary>The framework binding's answers, recorded from the API before the reader replaced it.</summary>
    public static TheoryData<string, string?, string, int, string> RecordedAnswers() => new()
    {
        { "malformed JSON", Json, """{"asOf": "2025-01-31", "profile": {""", 400,
            JsonError + """{"profile":["Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed."]}}""" },
        { "trailing garbage", Json, """{"asOf":"2025-01-31","profile":{"channel":"email"}} x""", 400,
            JsonError + """{"body":["'x' is invalid after a single JSON value. Expected end of data."]}}""" },
        { "empty body", Json, "", 400, NoBody },
        { "whitespace", Json, "   ", 400,
            JsonError + """{"body":["The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true."]}}""" },
        { "null", Json, "null", 400, NoBody },
        { "array", Json, "[]", 400, WrongType },
        { "string", Json, "\"hello\"", 400, WrongType },
        // Since routing stopped matching media types for this endpoint (JsonBodyMetadata), both 415s come from the
        // binder: the standard title, and the detail names the type that was sent.
        { "text/plain", "text/plain", RequestBodies.Benchmark, 415,
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.16","title":"Unsupported Media Type","status":415,"detail":"Expected a supported JSON media type but got \"text/plain\"."}""" },
        { "no content type", null, RequestBodies.Benchmark, 415,
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.16","title":"Unsupported Media Type","status":415,"detail":"Expected a supported JSON media type but got \"\"."}""" },
        { "huge amount", Json, """{"asOf":"2025-01-31","history":{"orders":[{"date":"2025-01-03","amount":1e400}]}}""", 400,
            JsonError + """{"history.orders[0].amount":["is Infinity; it must be at least 0 (net a return into the order it refunds)."]}}""" },
        { "huge orders", Json, """{"asOf":"2025-01-31","history":{"summary":{"orders":99999999999,"totalSpend":1,"firstOrderDate":"2024-06-01","lastOrderDate":"2024-06-01"}}}""", 400,
            JsonError + """{"history.summary.orders":["must be a number."]}}""" },
        { "comment", Json, """{"asOf":"2025-01-31", /* c */ "profile":{"channel":"email"}}""", 400,
            JsonError + """{"body":["'/' is an invalid start of a property name. Expected a '\"'."]}}""" },
        { "trailing comma", Json, """{"asOf":"2025-01-31","profile":{"channel":"email"},}""", 400,
            JsonError + """{"body":["The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options."]}}""" },
        { "too deep", Json, """{"x":""" + new string('[', 70) + new string(']', 70) + ""","profile":{"channel":"email"}}""", 400,
            JsonError + """{"x":["The maximum configured depth of 64 has been exceeded. Cannot read next JSON array."]}}""" },
        { "null profile and history", Json, """{"asOf":"2025-01-31","profile":null,"history":null}""", 400,
            JsonError + """{"profile":["give a profile, a history, or both."]}}""" },
        { "null order", Json, """{"asOf":"2025-01-31","history":{"orders":[null]}}""", 400,
            JsonError + """{"history.orders[0]":["must be an object with date and amount."]}}""" },
    };

    [Theory]
    [MemberData(nameof(RecordedAnswers))]
    public async Task BadBodyIsAnsweredAsTheFrameworkBindingAnsweredIt(string name, string? contentType, string body, int status, string expected)
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();

        var response = await client.PostAsync("/v1/predictions?explain=false", Content(Encoding.UTF8.GetBytes(body), contentType));

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var actual = WithoutTraceId(await response.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"{name}: {actual.ToJsonString()}");
    }

    [Fact]
    public async Task BodyWithAByteOrderMarkAndRepeatedMembersReadsAsBefore()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""
            {"customerId":"a","asOf":"2025-01-31","asOf":"2025-01-30","profile":{"channel":"email"},"CUSTOMERID":"b"}
            """)];

        var response = await client.PostAsync("/v1/predictions", Content(body, Json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Equal(("b", "2025-01-30"), ((string?)answer["customerId"], (string?)answer["asOf"]));
    }

    [Fact]
    public async Task BodyWrittenInPiecesAcrossBuffersScoresAsTheSameBodyInOnePiece()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient();
        var padded = RequestBodies.Benchmark.Replace("{\"customerId\"", "{\"notes\":\"" + new string('n', 20_000) + "\",\"customerId\"", StringComparison.Ordinal);

        var whole = await client.PostAsync("/v1/predictions", Content(Encoding.UTF8.GetBytes(RequestBodies.Benchmark), Json));
        var pieces = await client.PostAsync("/v1/predictions", new PiecewiseContent(Encoding.UTF8.GetBytes(padded), pieces: 7, Json));

        Assert.Equal(HttpStatusCode.OK, pieces.StatusCode);
        Assert.Equal(await whole.Content.ReadAsStringAsync(), await pieces.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReaderAndFrameworkBindingGiveTheSameAnswersOnKestrel()
    {
        await using var echo = await EchoApplication.StartAsync();
        var requests = RequestBodies.Generate(seed: 5, count: 300)
            .Select(body => (Name: body, Body: Encoding.UTF8.GetBytes(body), ContentType: (string?)Json, Pieces: 1))
            .Concat(SpecialRequests());

        foreach (var (name, body, contentType, pieces) in requests)
        {
            var framework = await echo.PostAsync("/framework", body, contentType, pieces);
            var reader = await echo.PostAsync("/reader", body, contentType, pieces);

            Assert.True(framework == reader, $"{name}:\n framework {framework}\n reader    {reader}");
        }
    }

    static IEnumerable<(string Name, byte[] Body, string? ContentType, int Pieces)> SpecialRequests()
    {
        var benchmark = Encoding.UTF8.GetBytes(RequestBodies.Benchmark);
        var large = Encoding.UTF8.GetBytes(RequestBodies.Benchmark.Replace("{\"customerId\"", "{\"x\":[" + string.Join(',', Enumerable.Repeat("{\"n\":\"\\u00e9\"}", 800)) + "],\"customerId\"", StringComparison.Ordinal));
        var tooLarge = Encoding.UTF8.GetBytes("{\"customerId\":\"" + new string('a', EchoApplication.MaxRequestBodySize) + "\"}");
        return
        [
            ("byte order mark", [0xEF, 0xBB, 0xBF, .. benchmark], Json, 1),
            ("utf-8 charset", benchmark, "application/json; charset=utf-8", 1),
            ("utf-16 charset", Encoding.Unicode.GetBytes(RequestBodies.Benchmark), "application/json; charset=utf-16", 1),
            ("unknown charset", benchmark, "application/json; charset=klingon", 1),
            ("+json type", benchmark, "application/vnd.cvml+json", 1),
            // text/plain is left out: the framework's binding lets routing answer it, ours answers it in the binder
            // (RecordedAnswers pins that answer).
            ("no content type", benchmark, null, 1),
            ("whitespace", "  \n"u8.ToArray(), Json, 1),
            ("number", "42"u8.ToArray(), Json, 1),
            ("invalid UTF-8", [.. "{\"customerId\":\""u8, 0xFF, .. "\"}"u8], Json, 1),
            ("invalid UTF-8 in a name", [.. "{\"x"u8, 0xC3, .. "\":1,\"asOf\":\"2025-01-31\"}"u8], Json, 1),
            ("large body in pieces", large, Json, 9),
            ("benchmark in pieces", benchmark, Json, 5),
            ("body over the size limit", tooLarge, Json, 1),
            ("body over the size limit in pieces", tooLarge, Json, 4),
        ];
    }

    static HttpContent Content(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    static JsonNode WithoutTraceId(string problem)
    {
        var node = JsonNode.Parse(problem)!.AsObject();
        node.Remove("traceId");
        return node;
    }

    /// <summary>A body sent in several writes, without a length: chunked, as a streaming client sends it.</summary>
    sealed class PiecewiseContent : HttpContent
    {
        readonly byte[] _body;
        readonly int _pieces;

        public PiecewiseContent(byte[] body, int pieces, string? contentType)
        {
            _body = body;
            _pieces = pieces;
            if (contentType is not null)
                Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var size = (_body.Length + _pieces - 1) / _pieces;
            for (var start = 0; start < _body.Length; start += size)
            {
                await stream.WriteAsync(_body.AsMemory(start, Math.Min(size, _body.Length - start)));
                await stream.FlushAsync();
                await Task.Delay(10);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>
    /// The API's defaults on Kestrel with two echo endpoints: one bound by the framework (<c>[FromBody]</c>),
    /// one by <see cref="PredictionRequest.BindAsync"/>. A missing body is the one case where their answers
    /// differ by design: an explicit [FromBody] says "Required parameter…", an inferred body (the API's
    /// case, recorded above) "Implicit body…"; the framework's sentence is translated.
    /// </summary>
    sealed class EchoApplication : IAsyncDisposable
    {
        public const int MaxRequestBodySize = 64 * 1024;

        readonly WebApplication _app;
        readonly HttpClient _client;

        EchoApplication(WebApplication app, HttpClient client)
        {
            _app = app;
            _client = client;
        }

        public static async Task<EchoApplication> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Limits.MaxRequestBodySize = MaxRequestBodySize).UseUrls("http://127.0.0.1:0");
            builder.AddApiDefaults();
            var app = builder.Build();
            app.MapApiDefaults();
            app.MapPost("/framework", ([FromBody] PredictionRequest request) => Echo(request));
            app.MapPost("/reader", (PredictionRequest request) => Echo(request)).AcceptsJsonBody<PredictionRequest>();
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new EchoApplication(app, new HttpClient { BaseAddress = new Uri(address) });
        }

        public async Task<string> PostAsync(string path, byte[] body, string? contentType, int pieces)
        {
            var content = pieces > 1 ? new PiecewiseContent(body, pieces, contentType) : Content(body, contentType);
            try
            {
                var response = await _client.PostAsync(path, content);
                var text = await response.Content.ReadAsStringAsync();
                var answer = text;
                if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                {
                    var problem = WithoutTraceId(text);
                    if ((string?)problem["detail"] == "Required parameter \"PredictionRequest request\" was not provided from body.")
                        problem["detail"] = (string?)JsonNode.Parse(NoBody)!["detail"];
                    answer = problem.ToJsonString();
                }
                return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {answer}";
            }
            catch (HttpRequestException e)
            {
                // Kestrel may close the connection on a body over the limit before the client has sent it all.
                return "connection closed: " + e.HttpRequestError;
            }
        }

        static IResult Echo(PredictionRequest request) =>
            TypedResults.Text(JsonSerializer.Serialize(request, RequestBodies.ComparisonOptions), Json);

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
