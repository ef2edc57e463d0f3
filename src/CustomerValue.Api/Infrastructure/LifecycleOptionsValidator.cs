using CustomerValue.Core.Lifecycle;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Infrastructure;

/// <summary>Fails start-up with every problem <see cref="LifecycleOptions.Validate"/> finds, each naming its setting.</summary>
public sealed class LifecycleOptionsValidator : IValidateOptions<LifecycleOptions>
{
    public ValidateOptionsResult Validate(string? name, LifecycleOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"{LifecycleOptions.SectionName}:{p}"));
    }
}
