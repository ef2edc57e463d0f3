using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CustomerValue.Api.Tests.Fixtures;

namespace CustomerValue.Api.Tests.Predictions;

/// <summary>What POST /v1/predictions answers to a body that does not bind, and to bodies that do in unusual ways.</summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class RequestBindingTests(FixtureBundle bundle)
{
    const string JsonError = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":""";
    const string NoBody = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Bad request","status":400,"detail":"Implicit body inferred for parameter \"request\" but no body was provided. Did you mean to use a Service instead?"}""";
    const string WrongType = JsonError + """{"body":["has the wrong type: an object was expected."]}}""";
    const string Json = "application/json";

    /// <summary>The body <c>.ci/bench-api.sh</c> posts.</summary>
    const string Benchmark = """
        {"customerId":"C-0042","asOf":"2025-03-31","profile":{"postalCode":"10472","device":"android","channel":"organic","newsletter":false,"signupDate":"2023-10-01"},"history":{"orders":[{"date":"2023-10-02","amount":52.10},{"date":"2024-01-15","amount":61.00},{"date":"2024-05-20","amount":47.35},{"date":"2024-09-03","amount":75.00},{"date":"2025-01-28","amount":58.20}]}}
        """;

    /// <summary>The field named by its JSON path and what was expected, or the framework's own answer.</summary>
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
        // Routing refuses a media type the endpoint does not accept; a missing content type reaches the binder, which names it.
        { "text/plain", "text/plain", Benchmark, 415,
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.16","title":"Unsupported Media Type","status":415}""" },
        { "no content type", null, Benchmark, 415,
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
    public async Task BadBodyIsAnsweredWithAProblemNamingTheField(string name, string? contentType, string body, int status, string expected)
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
        var padded = Benchmark.Replace("{\"customerId\"", "{\"notes\":\"" + new string('n', 20_000) + "\",\"customerId\"", StringComparison.Ordinal);

        var whole = await client.PostAsync("/v1/predictions", Content(Encoding.UTF8.GetBytes(Benchmark), Json));
        var pieces = await client.PostAsync("/v1/predictions", new PiecewiseContent(Encoding.UTF8.GetBytes(padded), pieces: 7, Json));

        Assert.Equal(HttpStatusCode.OK, pieces.StatusCode);
        Assert.Equal(await whole.Content.ReadAsStringAsync(), await pieces.Content.ReadAsStringAsync());
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

}
