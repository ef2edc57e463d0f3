using CustomerValue.Core.Store;

namespace CustomerValue.Core.Tests.Store;

public sealed class ShardTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void TheHashIsFnv1a64OfTheUtf8Bytes(string id, ulong expected) => Assert.Equal(expected, Shard.Hash(id));

    [Fact]
    public void ANonAsciiIdHashesItsUtf8Bytes()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("Müller-😀");
        var expected = 0xcbf29ce484222325UL;
        foreach (var b in bytes) expected = (expected ^ b) * 1099511628211UL;

        Assert.Equal(expected, Shard.Hash("Müller-😀"));
    }

    [Fact]
    public void EveryCustomerIsInExactlyOneShardAndTheShardsAreEven()
    {
        var counts = new int[4];
        for (var i = 0; i < 40_000; i++)
        {
            var id = $"C{i:D7}";
            var holders = Enumerable.Range(0, 4).Where(k => new Shard(k, 4).Contains(id)).ToList();
            counts[Assert.Single(holders)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    public void ParseReadsKOfN(string text, int index, int count) => Assert.Equal(new Shard(index, count), Shard.Parse(text));

    [Theory]
    [InlineData("4/4")]
    [InlineData("1/0")]
    [InlineData("-1/4")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("/4")]
    public void ParseRefusesWhatIsNotKOfN(string text)
    {
        var error = Assert.Throws<FormatException>(() => Shard.Parse(text));
        Assert.Equal($"--shard: '{text}' is not k/n with 0 ≤ k < n (e.g. 0/4 … 3/4).", error.Message);
    }
}
