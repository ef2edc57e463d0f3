namespace CustomerValue.Modeling.Evaluation;

internal static class MetricInputs
{
    public static void RequirePairs(int left, int right, string leftName, string rightName)
    {
        if (left != right)
            throw new ArgumentException($"{leftName} has {left} values but {rightName} has {right}; they must pair up row by row.", rightName);
        if (left == 0)
            throw new ArgumentException("Metrics need at least one row.", leftName);
    }

    public static void RequireFinite(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{name}[{i}] is {values[i]}; metrics need finite values.", name);
        }
    }
}
