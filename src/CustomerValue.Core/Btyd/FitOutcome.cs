namespace CustomerValue.Core.Btyd;

/// <summary>Everything a model keeps from its fit.</summary>
internal sealed record FitOutcome(double[] Theta, double[] StandardErrors, double LogLikelihood, FitDiagnostics Diagnostics)
{
    public static IReadOnlyDictionary<string, double> Named(string[] names, double[] values)
    {
        var map = new Dictionary<string, double>(names.Length);
        for (var i = 0; i < names.Length && i < values.Length; i++)
        {
            map[names[i]] = values[i];
        }

        return map;
    }
}
