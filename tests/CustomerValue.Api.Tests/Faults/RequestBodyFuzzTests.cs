using System.Net;
using System.Text;
using CustomerValue.Api.Predictions;
using CustomerValue.Api.Tests.Fixtures;

namespace CustomerValue.Api.Tests.Faults;

/// <summary>
/// Thousands of request bodies made by mutating valid ones (bytes flipped, cut, repeated, tokens swapped for others):
/// each must be answered with a success or a 4xx problem, never a server error.
/// </summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class RequestBodyFuzzTests(FixtureBundle bundle)
{
    const int Bodies = 3000;

    static readonly string[] Seeds = [OpenApiExamples.NewCustomer, OpenApiExamples.LongHistory, OpenApiExamples.Summary];

    /// <summary>Values that sit at the edges of what the reader, the validator and the model accept.</summary>
    static readonly string[] Tokens =
    [
        "null", "true", "false", "0", "-0", "-1", "1e308", "-1e308", "1e-308", "1e30", "NaN", "\"NaN\"", "Infinity", "9999999999999999999999",
        "\"\"", "\" \"", "\"0001-01-01\"", "\"9999-12-31\"", "\"2025-02-30\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[[]]", "{\"a\":{}}",
        "\"" + new string('x', 300) + "\"", "1.5", "\"12.5\"", "\"ios\"", "\"unknown-device\"",
    ];

    [Fact]
    public async Task MutatedPredictionBodiesAreNeverAServerError()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Api:Limits:PermitsPerSecond"] = "0" });
        var client = app.CreateClient();
        var random = new Random(16);
        var failures = new List<string>();
        var answered = new Dictionary<HttpStatusCode, int>();

        for (var i = 0; i < Bodies && failures.Count < 5; i++)
        {
            var body = Mutate(Seeds[random.Next(Seeds.Length)], random);
            var batch = i % 5 == 4;
            if (batch)
                body = $$"""{ "items": [ {{body}}, {{Mutate(Seeds[random.Next(Seeds.Length)], random)}} ] }""";
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync(batch ? "/v1/predictions/batch" : "/v1/predictions", content);
            answered[response.StatusCode] = answered.GetValueOrDefault(response.StatusCode) + 1;
            if ((int)response.StatusCode >= 500)
                failures.Add($"{(int)response.StatusCode} for {body}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Empty(failures);
        // The mutations must reach both sides: bodies that still score and bodies that are refused.
        Assert.True(answered.GetValueOrDefault(HttpStatusCode.OK) > Bodies / 20, string.Join(", ", answered));
        Assert.True(answered.GetValueOrDefault(HttpStatusCode.BadRequest) > Bodies / 4, string.Join(", ", answered));
    }

    static string Mutate(string seed, Random random)
    {
        var text = seed;
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            text = random.Next(6) switch
            {
                0 => ReplaceValue(text, random),
                1 => ReplaceValue(text, random),
                2 => text.Remove(random.Next(text.Length), 1),
                3 => text[..random.Next(text.Length)],
                4 => text.Insert(random.Next(text.Length), ((char)random.Next(32, 127)).ToString()),
                _ => Duplicate(text, random),
            };
            if (text.Length == 0)
                return "";
        }
        return text;
    }

    /// <summary>Swaps the value after a random ':' for an edge token, keeping the document otherwise intact.</summary>
    static string ReplaceValue(string text, Random random)
    {
        var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':').ToArray();
        if (colons.Length == 0)
            return text;
        var start = colons[random.Next(colons.Length)] + 1;
        var end = start;
        while (end < text.Length && text[end] is not (',' or '}' or ']'))
        {
            if (text[end] is '{' or '[')
                return text.Insert(start, " " + Tokens[random.Next(Tokens.Length)] + ",");
            end++;
        }
        return string.Concat(text.AsSpan(0, start), " ", Tokens[random.Next(Tokens.Length)], text.AsSpan(end));
    }

    static string Duplicate(string text, Random random)
    {
        var from = random.Next(text.Length);
        var length = Math.Min(random.Next(1, 40), text.Length - from);
        return text.Insert(from, text.Substring(from, length));
    }
}
