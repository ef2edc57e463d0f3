using System.Buffers;
using System.Text.Json;
using CustomerValue.Api.Predictions;
using Xunit.Abstractions;

namespace CustomerValue.Api.Tests.Predictions;

public sealed class PredictionRequestReaderTests(ITestOutputHelper output)
{
    static readonly JsonSerializerOptions Options = RequestBodies.HttpOptions;

    public static TheoryData<string> BodiesOfTheCommonShape() =>
        [RequestBodies.Benchmark, OpenApiExamples.NewCustomer, OpenApiExamples.LongHistory, OpenApiExamples.Summary];

    [Theory]
    [MemberData(nameof(BodiesOfTheCommonShape))]
    public void FastPathReadsTheBenchmarkBodyAndTheDocumentedExamplesAsTheSerializerDoes(string body)
    {
        var bytes = RequestBodies.Utf8(body);

        var read = PredictionRequestReader.TryRead(bytes, Options, out var request);

        Assert.True(read, "the fast path gave up on a body of the common shape");
        Assert.Equal(RequestBodies.Outcome(() => JsonSerializer.Deserialize<PredictionRequest>(bytes, Options)), RequestBodies.Outcome(() => request));
    }

    [Fact]
    public void GeneratedBodiesReadAsTheSerializerReadsThemWhetherTheFastPathTakesThemOrNot()
    {
        var (total, valid, taken, scanned) = CompareWithTheSerializer(RequestBodies.Generate(seed: 20251122, count: 3000));

        output.WriteLine($"{total} bodies, {valid} valid, {taken} read by the fast path, {scanned} of them by its scanner");
        // The generator must exercise every tier, or the comparison proves little.
        Assert.InRange(taken, total / 5, valid);
        Assert.InRange(valid - taken, total / 20, total);
        Assert.InRange(scanned, total / 40, taken - total / 20);
    }

    /// <summary>
    /// The scanner's own grammar against the serializer: whatever it takes must read exactly as the serializer
    /// reads it, and whatever it gives up on is still read (or refused) as the serializer does by the other tiers.
    /// </summary>
    [Fact]
    public void PlainBodiesReadAsTheSerializerReadsThemWhetherTheScannerTakesThemOrNot()
    {
        var (total, valid, _, scanned) = CompareWithTheSerializer(RequestBodies.GeneratePlain(seed: 20261122, count: 4000));

        output.WriteLine($"{total} plain bodies, {valid} valid, {scanned} taken by the scanner");
        Assert.InRange(scanned, total / 10, valid);
        Assert.InRange(total - valid, total / 10, total);
    }

    /// <summary>
    /// Each body through the serializer, the fast path, the scanner alone and the reader: every tier that takes a
    /// body must read it as the serializer does, and the reader must always answer as the serializer answers.
    /// </summary>
    static (int Total, int Valid, int Taken, int Scanned) CompareWithTheSerializer(IEnumerable<string> bodies)
    {
        int total = 0, valid = 0, taken = 0, scanned = 0;
        foreach (var body in bodies)
        {
            var bytes = RequestBodies.Utf8(body);
            var expected = RequestBodies.Outcome(() => JsonSerializer.Deserialize<PredictionRequest>(bytes, Options));
            total++;
            if (expected.StartsWith("read: ", StringComparison.Ordinal))
                valid++;
            if (PredictionRequestReader.TryRead(bytes, Options, out var fast))
            {
                taken++;
                Assert.True(expected == RequestBodies.Outcome(() => fast), $"fast path differs on {body}: {RequestBodies.Outcome(() => fast)} instead of {expected}");
            }
            if (PredictionRequestScanner.TryScan(bytes, out var scan))
            {
                scanned++;
                Assert.True(expected == RequestBodies.Outcome(() => scan), $"scanner differs on {body}: {RequestBodies.Outcome(() => scan)} instead of {expected}");
            }
            var actual = RequestBodies.Outcome(() => PredictionRequestReader.Read(bytes, Options));
            Assert.True(expected == actual, $"reader differs on {body}: {actual} instead of {expected}");
        }
        return (total, valid, taken, scanned);
    }

    [Theory]
    [InlineData("""{"history":{"orders":[{"date":"2025-01-01","amount":01}]}}""")]
    [InlineData("""{"history":{"orders":[{"date":"2025-01-01","amount":1.}]}}""")]
    [InlineData("""{"history":{"orders":[{"date":"2025-01-01","amount":-}]}}""")]
    [InlineData("""{"history":{"orders":[{"date":"2025-01-01","amount":1}, ]}}""")]
    [InlineData("""{"history":{"orders":[{"date":"2025-01-01","amount":1,}]}}""")]
    [InlineData("""{"profile":{"newsletter":nullx}}""")]
    [InlineData("""{"profile":{"newsletter":true false}}""")]
    [InlineData("""{"customerId":"a" "b"}""")]
    [InlineData("""{"customerId" "a"}""")]
    [InlineData("""{"customerId":"a"}}""")]
    [InlineData("""{"customerId":"a"} {}""")]
    [InlineData("""{"customerId":"a	b"}""")]
    [InlineData("""{"customerId":"a""")]
    [InlineData("""{,"customerId":"a"}""")]
    [InlineData("""[{"customerId":"a"}]""")]
    public void BrokenPlainBodiesAreLeftToTheSerializer(string body)
    {
        var bytes = RequestBodies.Utf8(body);

        Assert.False(PredictionRequestScanner.TryScan(bytes, out _));
        Assert.StartsWith("error at ", RequestBodies.Outcome(() => JsonSerializer.Deserialize<PredictionRequest>(bytes, Options)));
        Assert.Equal(RequestBodies.Outcome(() => JsonSerializer.Deserialize<PredictionRequest>(bytes, Options)),
            RequestBodies.Outcome(() => PredictionRequestReader.Read(bytes, Options)));
    }

    [Fact]
    public void ScannerTakesTheBenchmarkBody()
    {
        Assert.True(PredictionRequestScanner.TryScan(RequestBodies.Utf8(RequestBodies.Benchmark), out var request));
        Assert.Equal(RequestBodies.Outcome(() => JsonSerializer.Deserialize<PredictionRequest>(RequestBodies.Utf8(RequestBodies.Benchmark), Options)),
            RequestBodies.Outcome(() => request));
    }

    [Fact]
    public void BodySplitAcrossBuffersReadsTheSameAtEveryBoundary()
    {
        var bytes = RequestBodies.Utf8(OpenApiExamples.NewCustomer);
        var expected = RequestBodies.Outcome(() => JsonSerializer.Deserialize<PredictionRequest>(bytes, Options));

        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var split = Split(bytes, cut, (cut + bytes.Length) / 2);
            Assert.False(split.IsSingleSegment);
            Assert.Equal(expected, RequestBodies.Outcome(() => PredictionRequestReader.Read(split, Options)));
        }
    }

    [Fact]
    public void BrokenBodySplitAcrossBuffersFailsAsTheSerializerFails()
    {
        var bytes = RequestBodies.Utf8("""{"asOf":"2025-01-31","history":{"orders":[{"date":"2025-01-03","amount":"12.5"}]}}""");

        var actual = RequestBodies.Outcome(() => PredictionRequestReader.Read(Split(bytes, 10, 40), Options));

        Assert.Equal(RequestBodies.Outcome(() => JsonSerializer.Deserialize<PredictionRequest>(bytes, Options)), actual);
        Assert.StartsWith("error at $.history.orders[0].amount: ", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedPropertyKeepsItsLastValueAsTheSerializerDoes()
    {
        var bytes = RequestBodies.Utf8("""
            {"customerId":"a","CUSTOMERID":"b","profile":{"channel":"email","device":"ios"},"Profile":{"channel":"organic"},"asOf":"2025-01-01","asOf":null}
            """);

        var read = PredictionRequestReader.TryRead(bytes, Options, out var fast);
        var serializer = JsonSerializer.Deserialize<PredictionRequest>(bytes, Options)!;

        Assert.True(read);
        Assert.Equal(("b", "organic", (string?)null, (DateOnly?)null), (serializer.CustomerId, serializer.Profile!.Channel, serializer.Profile.Device, serializer.AsOf));
        Assert.Equal(RequestBodies.Outcome(() => serializer), RequestBodies.Outcome(() => fast));
    }

    [Fact]
    public void RepeatedAttributeIsLeftToTheSerializerWhichKeepsTheLastValue()
    {
        var bytes = RequestBodies.Utf8("""{"profile":{"attributes":{"tier":1,"tier":"gold"}}}""");

        var read = PredictionRequestReader.TryRead(bytes, Options, out _);
        var request = PredictionRequestReader.Read(bytes, Options)!;

        Assert.False(read);
        Assert.Equal("gold", request.Profile!.Attributes!["tier"].GetString());
    }

    [Theory]
    [InlineData("""{"customerıd":"C-1"}""")]
    [InlineData("""{"\u0063ustomerId":"C-1"}""")]
    [InlineData("""{"hiſtory":{"ſummary":null}}""")]
    [InlineData("""{"CUSTOMERİD":"C-1"}""")]
    public void EscapedAndNonAsciiNamesAreLeftToTheSerializer(string body)
    {
        var bytes = RequestBodies.Utf8(body);

        var read = PredictionRequestReader.TryRead(bytes, Options, out _);

        Assert.False(read);
        Assert.Equal(RequestBodies.Outcome(() => JsonSerializer.Deserialize<PredictionRequest>(bytes, Options)),
            RequestBodies.Outcome(() => PredictionRequestReader.Read(bytes, Options)));
    }

    [Fact]
    public void SerializerMatchesAnEscapedNameButNotADotlessI()
    {
        var escaped = JsonSerializer.Deserialize<PredictionRequest>("""{"\u0063ustomerId":"C-1"}""", Options)!;
        var dotless = JsonSerializer.Deserialize<PredictionRequest>("""{"customerıd":"C-1"}""", Options)!;

        Assert.Equal(("C-1", (string?)null), (escaped.CustomerId, dotless.CustomerId));
    }

    [Theory]
    [InlineData("""{"asOf":"2024-02-30"}""")]
    [InlineData("""{"asOf":"2024\u002d02\u002d01"}""")]
    [InlineData("""{"history":{"summary":{"orders":2.0}}}""")]
    [InlineData("""{"history":{"orders":[{"amount":"12.5"}]}}""")]
    [InlineData("""{"profile":{"newsletter":"yes"}}""")]
    [InlineData("""{"asOf":"2025-01-31"} x""")]
    [InlineData("""{"asOf":"2025-01-31",}""")]
    [InlineData("""{"$id":"1","asOf":"2025-01-31"}""")]
    [InlineData("""null""")]
    [InlineData("""[]""")]
    public void FastPathGivesUpOnWhatIsNotTheCommonShape(string body)
    {
        var read = PredictionRequestReader.TryRead(RequestBodies.Utf8(body), Options, out var request);

        Assert.False(read);
        Assert.Null(request);
    }

    /// <summary>
    /// Short decimals are read without the general parser (Clinger's fast path); every number must still be the
    /// serializer's double bit for bit, -0 included, on both sides of the 15-digit limit and with exponents.
    /// </summary>
    [Fact]
    public void AmountsReadToTheSerializersDoubleBitForBit()
    {
        var random = new Random(20261122);
        var numbers = new List<string> { "0", "-0", "0.0", "-0.0", "0.1", "0.3", "52.10", "999999999999999", "9999999999999999",
            "0.000000000000001", "0.0000000000000001", "123456789012345.6", "1e2", "1.5E-3", "-2.5e+1", "9007199254740993",
            "1.7976931348623157e308", "5e-324", "-0.00000000000001" };
        for (var i = 0; i < 20_000; i++)
        {
            var digits = random.Next(1, 18);
            var text = string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10)))).TrimStart('0');
            text = text.Length == 0 ? "0" : text;
            var point = random.Next(-1, text.Length);
            if (point > 0)
                text = text[..point] + "." + text[point..];
            else if (point == 0)
                text = "0." + text;
            if (random.Next(4) == 0)
                text = "-" + text;
            if (random.Next(8) == 0)
                text += "e" + random.Next(-30, 30);
            numbers.Add(text);
        }

        foreach (var number in numbers)
        {
            var bytes = RequestBodies.Utf8($$$"""{"history":{"orders":[{"date":"2025-01-01","amount":{{{number}}}}]}}""");
            var expected = JsonSerializer.Deserialize<PredictionRequest>(bytes, Options)!.History!.Orders![0]!.Amount!.Value;

            Assert.True(PredictionRequestReader.TryRead(bytes, Options, out var read), number);
            var actual = read.History!.Orders![0]!.Amount!.Value;
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{number}: {actual:R} instead of {expected:R}");
        }
    }

    [Fact]
    public void FastPathGivesUpUnderOptionsItWasNotWrittenFor()
    {
        var caseSensitive = new JsonSerializerOptions(Options) { PropertyNameCaseInsensitive = false };

        var read = PredictionRequestReader.TryRead(RequestBodies.Utf8(RequestBodies.Benchmark), caseSensitive, out _);

        Assert.False(read);
    }

    static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var first = new Segment(bytes.AsMemory(0, cuts[0]), 0);
        var last = first;
        var start = cuts[0];
        foreach (var cut in cuts.Skip(1).Append(bytes.Length))
        {
            last = last.Append(bytes.AsMemory(start, cut - start));
            start = cut;
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
