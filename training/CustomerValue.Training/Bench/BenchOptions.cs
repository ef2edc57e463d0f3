using System.CommandLine;

namespace CustomerValue.Training.Bench;

/// <summary>Validators attached where a static option is built, once, rather than on each <c>Create()</c>.</summary>
internal static class BenchOptions
{
    public static Option<int> AtLeastOne(Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
                result.AddError($"{option.Name} must be at least 1.");
        });
        return option;
    }
}
