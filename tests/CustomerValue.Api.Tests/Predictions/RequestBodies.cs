using System.Text;
using System.Text.Json;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Predictions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Tests.Predictions;

/// <summary>Request bodies for the differential tests of <see cref="PredictionRequestReader"/>, and the API's JSON options.</summary>
internal static class RequestBodies
{
    /// <summary>The body <c>.ci/bench-api.sh</c> and <c>cvml bench request</c> post.</summary>
    public const string Benchmark = """
        {"customerId":"C-0042","asOf":"2025-03-31","profile":{"postalCode":"10472","device":"android","channel":"organic","newsletter":false,"signupDate":"2023-10-01"},"history":{"orders":[{"date":"2023-10-02","amount":52.10},{"date":"2024-01-15","amount":61.00},{"date":"2024-05-20","amount":47.35},{"date":"2024-09-03","amount":75.00},{"date":"2025-01-28","amount":58.20}]}}
        """;

    /// <summary>The HTTP JSON options, registered as Program.cs registers them.</summary>
    public static JsonSerializerOptions HttpOptions { get; } = CreateHttpOptions();

    /// <summary>
    /// The HTTP options, but writing infinities as names: a huge number reads as one, and the options
    /// that read it refuse to write it.
    /// </summary>
    public static JsonSerializerOptions ComparisonOptions { get; } = new(HttpOptions) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>What reading gives: the request as JSON, or the JSON error's path and message.</summary>
    public static string Outcome(Func<PredictionRequest?> read)
    {
        try
        {
            return "read: " + JsonSerializer.Serialize(read(), ComparisonOptions);
        }
        catch (JsonException e)
        {
            return $"error at {e.Path}: {e.Message}";
        }
    }

    static JsonSerializerOptions CreateHttpOptions()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddApiDefaults();
        builder.AddPredictions();
        using var services = builder.Services.BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Bodies in the shape of a request with random variations: fields left out or repeated, names in
    /// any case (or escaped, non-ASCII, "$…"), nulls everywhere, unknown members, attributes of every
    /// JSON kind, strings with escapes and non-ASCII text, numbers of every form, dates good and bad,
    /// orders with null items; a few are then broken (cut off, trailing data, a comment, a trailing comma).
    /// </summary>
    public static IEnumerable<string> Generate(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
            yield return new Generator(random).Body();
    }

    sealed class Generator(Random random)
    {
        /// <summary>How often a value is null or of the wrong kind: half the bodies are nearly clean.</summary>
        readonly double _mess = random.NextDouble() < 0.5 ? 0.01 : 0.12;

        static readonly string[] Strings =
        [
            "\"C-0042\"", "\"\"", "\"a\\\"quoted\\\" \\\\ line\\nbreak\"", "\"Z\u00fcrich \u2603 \ud83d\ude00\"", "\"\\u00e9t\\u00E9\"",
            "\"\\ud83d\\ude00\"", "\"ios\"", "\"email\"", "\"60616\"", "\"  padded  \"",
        ];

        static readonly string[] Numbers =
        [
            "0", "-0", "84.9", "52.10", "-3", "1e3", "1.5E-2", "2.0", "7", "1e400", "-1e400", "12345678901234567890",
            "99999999999", "0.1e-400", "123456789012345678901234567890.5", "-0.0", "1E+2", "2147483647", "-2147483648", "2147483648",
        ];

        static readonly string[] Dates =
        [
            "\"2024-06-01\"", "\"2025-03-31\"", "\"2024-02-29\"", "\"9999-12-31\"", "\"2023-02-29\"", "\"2024-6-1\"", "\"31/01/2025\"",
            "\"2024-06-01T00:00:00\"", "\"2024\\u002d06\\u002d01\"", "\"0000-01-01\"", "\"2024-13-01\"", "\" 2024-06-01\"",
            "\"2024-06-01 \"", "\"\"", "\"\u0662\u0660\u0662\u0664-06-01\"",
        ];

        static readonly string[] Odd = ["true", "false", "null", "[]", "{}", "\"x\"", "12", "[1,{\"a\":[null]}]", "{\"nested\":{\"deeper\":[1,2,{\"x\":\"y\"}]}}"];

        public string Body()
        {
            var body = Request();
            return Chance(0.06) ? Break(body) : Chance(0.1) ? " \r\n\t" + body + " \n" : body;
        }

        string Request() => Object(
            ("customerId", () => Pick(Strings)),
            ("asOf", Date),
            ("profile", () => Chance(_mess) ? One(Odd) : Profile()),
            ("history", () => Chance(_mess) ? One(Odd) : History()));

        string Profile() => Object(
            ("postalCode", () => Pick(Strings)),
            ("device", () => Pick(Strings)),
            ("channel", () => Pick(Strings)),
            ("newsletter", () => Chance(_mess) ? One(["\"yes\"", "1", "0", "[]"]) : One(["true", "false", "null"])),
            ("signupDate", Date),
            ("attributes", () => Chance(_mess) ? One(Odd) : Attributes()));

        string Attributes()
        {
            string[] keys = ["age_band", "loyalty_points", "segment", "AGE_BAND", "caf\u00e9", "caf\\u00e9", "", "$type", "with space"];
            var members = new List<string>();
            for (var n = random.Next(0, 5); n > 0; n--)
            {
                var value = random.Next(4) switch
                {
                    0 => Strings[random.Next(Strings.Length)],
                    1 => Numbers[random.Next(Numbers.Length)],
                    _ => Odd[random.Next(Odd.Length)],
                };
                members.Add($"\"{keys[random.Next(keys.Length)]}\": {value}");
            }
            if (members.Count > 0 && Chance(0.05))
                members.Add(members[0]);
            return "{" + string.Join(", ", members) + "}";
        }

        string History()
        {
            return random.Next(10) switch
            {
                < 6 => Object(("orders", Orders)),
                < 9 => Object(("summary", Summary)),
                _ => Object(("orders", Orders), ("summary", Summary)),
            };
        }

        string Orders()
        {
            if (Chance(_mess))
                return One(Odd);
            var items = new List<string>();
            for (var n = random.Next(0, 6); n > 0; n--)
                items.Add(Chance(0.1) ? One(["null", "null", "null", "1", "\"x\"", "[]"]) : Order());
            return "[" + string.Join(", ", items) + "]";
        }

        string Order() => Object(("date", Date), ("amount", () => Pick(Numbers)));

        string Summary() => Object(
            ("orders", () => Pick(["1", "3", "6", "-1", "0"], Numbers)),
            ("totalSpend", () => Pick(Numbers)),
            ("firstOrderDate", Date),
            ("lastOrderDate", Date),
            ("firstOrderValue", () => Pick(Numbers)));

        /// <summary>Mostly a good date, now and then any of the others.</summary>
        string Date() => Chance(0.95) ? Pick(Dates[..4]) : Pick(Dates);

        /// <summary>An object with a random subset of the members, in random order, now and then repeated or unknown.</summary>
        string Object(params (string Name, Func<string> Value)[] members)
        {
            if (Chance(_mess / 3))
                return "null";
            var written = new List<string>();
            foreach (var (name, value) in members.OrderBy(_ => random.Next()))
            {
                if (!Chance(0.8))
                    continue;
                written.Add($"\"{Name(name)}\": {value()}");
                if (Chance(0.04))
                    written.Add($"\"{Name(name)}\": {value()}");
            }
            if (Chance(0.15))
                written.Insert(random.Next(written.Count + 1), $"\"{One(["unknown", "extra", "Notes", "$id", "h\u00e9", "x-y"])}\": {Odd[random.Next(Odd.Length)]}");
            return "{" + string.Join(Chance(0.5) ? "," : ", ", written) + "}";
        }

        /// <summary>The member's name in some case; now and then escaped or spelled with a non-ASCII letter.</summary>
        string Name(string name) => random.Next(40) switch
        {
            0 => "\\u00" + ((int)name[0]).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + name[1..],
            1 when name.Contains('i', StringComparison.Ordinal) => name.Replace('i', '\u0131'),
            2 when name.Contains('s', StringComparison.Ordinal) => name.Replace('s', '\u017f'),
            < 12 => name.ToUpperInvariant(),
            < 16 => char.ToUpperInvariant(name[0]) + name[1..],
            < 20 => string.Concat(name.Select(c => Chance(0.5) ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))),
            _ => name,
        };

        string Break(string body, int kind) => kind switch
        {
            0 => body[..random.Next(1, body.Length)],
            1 => body + One([" x", "{}", ",", "]", "null"]),
            2 => body.Insert(1, "/* note */"),
            3 => body.Length > 2 ? body[..^1] + ",}" : body,
            _ => body.Replace(":", Chance(0.5) ? "" : "::", StringComparison.Ordinal),
        };

        string Break(string body) => Break(body, random.Next(5));

        bool Chance(double probability) => random.NextDouble() < probability;

        string One(string[] values) => values[random.Next(values.Length)];

        /// <summary>One of the values (or of more, now and then); at times null or something of the wrong kind.</summary>
        string Pick(string[] values, string[]? more = null)
        {
            if (Chance(0.05))
                return "null";
            if (Chance(_mess))
                return One(Odd);
            return more is not null && Chance(0.1) ? One(more) : One(values);
        }
    }

    public static byte[] Utf8(string body) => Encoding.UTF8.GetBytes(body);

    /// <summary>
    /// Bodies of the plain shape <see cref="PredictionRequestScanner"/> takes, with the variations its grammar must
    /// get exactly right: every JSON whitespace, names in any case, members in any order or repeated, nulls, numbers
    /// either side of its limits (leading zeros, bare points, exponents, 16 digits), dates good and bad, strings at
    /// the edge of plain ASCII; a quarter of them then broken one byte at a time (a trailing comma, a missing
    /// colon, a literal run on, a cut).
    /// </summary>
    public static IEnumerable<string> GeneratePlain(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
            yield return new PlainGenerator(random).Body();
    }

    sealed class PlainGenerator(Random random)
    {
        static readonly string[] Spaces = ["", "", "", " ", "\n", "\t", "\r\n  ", "  "];

        // Each list: the values that read, then (after Bad) those that do not or that the scanner leaves to others.
        static readonly string[] Strings =
        [
            "\"C-0042\"", "\"\"", "\"ios\"", "\"android\"", "\"email\"", "\"60616\"", "\" padded \"", "\"~!#$%&'()*+,-./:;<=>?@[]^_`{|}\"", "null",
            Bad, "\"tab\there\"", "\"del\u007f\"", "\"caf\u00e9\"", "\"esc\\\"aped\"", "12", "true",
        ];

        static readonly string[] Numbers =
        [
            "0", "-0", "84.9", "52.10", "7", "-3", "0.5", "123456789012345", "99999999999999.9", "0.000000000000001", "null",
            "1234567890123456", "1e3", "1E-2", "2.5e+1",
            Bad, "01", "-01", "00.5", ".5", "1.", "-", "+1", "0x10", "1.2.3", "--1", "NaN", "Infinity", "\"5\"", "true",
        ];

        static readonly string[] Dates =
        [
            "\"2024-06-01\"", "\"2025-03-31\"", "\"2024-02-29\"", "null",
            Bad, "\"2023-02-29\"", "\"2024-6-1\"", "\"2024-06-01T00:00:00\"", "\"0000-01-01\"", "\"2024-13-01\"", "\"\"", "17",
        ];

        static readonly string[] Booleans = ["true", "false", "null", Bad, "True", "tru", "1", "\"true\""];

        /// <summary>Where a list's good values end.</summary>
        const string Bad = "(bad)";

        public string Body()
        {
            var body = Space() + Request() + Space();
            return random.Next(4) == 0 ? Break(body) : body;
        }

        string Request() => Object(
            ("customerId", () => One(Strings)),
            ("asOf", () => One(Dates)),
            ("profile", () => random.Next(20) == 0 ? "null" : Profile()),
            ("history", () => random.Next(20) == 0 ? "null" : History()));

        string Profile() => Object(
            ("postalCode", () => One(Strings)),
            ("device", () => One(Strings)),
            ("channel", () => One(Strings)),
            ("newsletter", () => One(Booleans)),
            ("signupDate", () => One(Dates)));

        string History() => Object(("orders", Orders));

        string Orders()
        {
            if (random.Next(20) == 0)
                return "null";
            var items = Enumerable.Range(0, random.Next(0, 7))
                .Select(_ => random.Next(15) == 0 ? "null" : Object(("date", () => One(Dates)), ("amount", () => One(Numbers))));
            return "[" + Space() + string.Join(Space() + "," + Space(), items) + Space() + "]";
        }

        /// <summary>Members in random order, now and then left out or repeated, names in random case.</summary>
        string Object(params (string Name, Func<string> Value)[] members)
        {
            var written = new List<string>();
            foreach (var (name, value) in members.OrderBy(_ => random.Next()))
            {
                if (random.Next(8) == 0)
                    continue;
                for (var n = random.Next(12) == 0 ? 2 : 1; n > 0; n--)
                    written.Add("\"" + Name(name) + "\"" + Space() + ":" + Space() + value());
            }
            return "{" + Space() + string.Join(Space() + "," + Space(), written) + Space() + "}";
        }

        string Name(string name) => random.Next(10) switch
        {
            0 => name.ToUpperInvariant(),
            1 => char.ToUpperInvariant(name[0]) + name[1..],
            _ => name,
        };

        string Space() => Spaces[random.Next(Spaces.Length)];

        /// <summary>One byte-sized fault: removed, doubled, or a comma or brace put in.</summary>
        string Break(string body)
        {
            var at = random.Next(body.Length);
            return random.Next(4) switch
            {
                0 => body.Remove(at, 1),
                1 => body.Insert(at, body[at].ToString()),
                2 => body.Insert(at, ","),
                _ => body[..at],
            };
        }

        /// <summary>Mostly one of the good values; one pick in forty from the rest.</summary>
        string One(string[] values)
        {
            var bad = Array.IndexOf(values, Bad);
            if (bad < 0)
                return values[random.Next(values.Length)];
            return random.Next(40) == 0 ? values[random.Next(bad + 1, values.Length)] : values[random.Next(bad)];
        }
    }
}
