using CustomerValue.Modeling.Training;
using Xunit;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class ProfileColumnsChoiceTests
{
    [Theory]
    [InlineData(-0.010, 0.004, "did not rank the validation period better")]
    [InlineData(0.003, 0.004, "within the noise")]
    // Two standard errors ahead but under the tie margin: better than chance, too little to ship; the card must not say "chance".
    [InlineData(0.002, 0.001, "real but smaller than the tie margin")]
    public void TheReasonSaysWhatTheLeadOfTheProfileColumnsWas(double lead, double standardError, string expected)
    {
        Assert.Contains(expected, ProfileColumnsChoice.Verdict(lead, standardError));
    }
}
