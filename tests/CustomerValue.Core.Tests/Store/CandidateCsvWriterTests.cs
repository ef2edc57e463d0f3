using System.Text;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Tests.Store;

public sealed class CandidateCsvWriterTests
{
    const string Header = "rank,customer_id,stage,segment,days_since_last_order,predicted_value,churn_probability,value_at_stake,reason,offer,offer_max_spend,expected_return,value_drivers";

    static async IAsyncEnumerable<Candidate> Stream(params Candidate[] candidates)
    {
        foreach (var candidate in candidates)
        {
            await Task.Yield();
            yield return candidate;
        }
    }

    static Candidate Row(string id, string segment = "AtRisk", string reason = "no order for 40 days", string offer = "win-back offer",
        double predictedValue = 120.5, double offerMaxSpend = 12, int? days = 40, double expectedReturn = 17.28, string drivers = "") =>
        new(1, id, LifecycleStage.Recovery, segment, days, predictedValue, 0.4, 48.2, reason, offer, offerMaxSpend, expectedReturn, drivers);

    [Fact]
    public async Task AFormulaInACustomerIdComesOutInertAndCorrectlyQuoted()
    {
        using var text = new StringWriter();

        await CandidateCsvWriter.WriteAsync(text, Stream(Row("=HYPERLINK(\"http://evil\",\"click\")")));

        Assert.Equal(
            Header + "\r\n" +
            "1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",Recovery,AtRisk,40,120.5,0.4,48.2,no order for 40 days,win-back offer,12,17.28,\r\n",
            text.ToString());
    }

    [Fact]
    public async Task EveryFormulaLeadInOfATextCellIsNeutralised()
    {
        using var text = new StringWriter();

        await CandidateCsvWriter.WriteAsync(text, Stream(
            Row("+1", segment: "@SUM(A1)", reason: "-2 days", offer: "\tcmd"),
            Row("\r=1+1")));

        var lines = text.ToString().Split("\r\n");
        Assert.Equal("1,\"'+1\",Recovery,\"'@SUM(A1)\",40,120.5,0.4,48.2,\"'-2 days\",\"'\tcmd\",12,17.28,", lines[1]);
        Assert.StartsWith("1,\"'\r=1+1\",", lines[2] + "\r\n" + lines[3]);
    }

    [Fact]
    public async Task NegativeNumbersStayNumbersAndMissingDaysStayEmpty()
    {
        using var text = new StringWriter();

        await CandidateCsvWriter.WriteAsync(text, Stream(Row("c1", predictedValue: -12.5, offerMaxSpend: -0.25, days: null, expectedReturn: -3.5)));

        Assert.Equal("1,c1,Recovery,AtRisk,,-12.5,0.4,48.2,no order for 40 days,win-back offer,-0.25,-3.5,", text.ToString().Split("\r\n")[1]);
    }

    [Fact]
    public async Task SeparatorsAndQuotesInTextAreQuotedAndTheStreamGetsUtf8()
    {
        using var stream = new MemoryStream();

        var count = await CandidateCsvWriter.WriteAsync(stream, Stream(Row("Müller, \"K\"", reason: "lapsed; was loyal, big basket",
            drivers: "=1 big basket raises the predicted value")));

        Assert.Equal(1, count);
        Assert.Equal(
            "1,\"Müller, \"\"K\"\"\",Recovery,AtRisk,40,120.5,0.4,48.2,\"lapsed; was loyal, big basket\",win-back offer,12,17.28,\"'=1 big basket raises the predicted value\"",
            Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n")[1]);
    }
}
