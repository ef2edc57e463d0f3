using System.Reflection;
using System.Text.Json.Nodes;

namespace CustomerValue.Api.Tests.Architecture;

/// <summary>The API ships the runtime only: no charting library and no training code in what it loads or publishes.</summary>
public sealed class ApiDependencyTests
{
    static readonly string[] Forbidden = ["CustomerValue.Modeling", "ScottPlot", "SkiaSharp"];

    [Fact]
    public void TheApisDependencyFileListsNoChartingOrTrainingLibrary()
    {
        // The web app's own deps.json, which Mvc.Testing copies beside the tests: the closure `dotnet publish` ships.
        var path = Path.Combine(AppContext.BaseDirectory, "CustomerValue.Api.deps.json");
        var deps = JsonNode.Parse(File.ReadAllText(path))!;
        var libraries = deps["libraries"]!.AsObject().Select(l => l.Key)
            .Concat(deps["targets"]!.AsObject().SelectMany(t => t.Value!.AsObject().Select(l => l.Key)))
            .Select(l => l.Split('/')[0])
            .Distinct()
            .ToList();

        Assert.Contains("CustomerValue.Core", libraries);
        Assert.DoesNotContain(libraries, IsForbidden);
    }

    [Fact]
    public void TheApiAndTheProjectsItReferencesReferenceNoChartingOrTrainingAssembly()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([typeof(Program).Assembly]);
        var references = new List<string>();
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                references.Add($"{assembly.GetName().Name} -> {reference.Name}");
                // Our own projects are walked further; a third-party closure is the deps file's to show.
                if (reference.Name!.StartsWith("CustomerValue.", StringComparison.Ordinal) && seen.Add(reference.Name))
                    pending.Enqueue(Assembly.Load(reference));
            }
        }

        Assert.Contains("CustomerValue.Core", seen);
        Assert.DoesNotContain(references, r => IsForbidden(r.Split(" -> ")[1]));
    }

    static bool IsForbidden(string name) =>
        Forbidden.Any(f => name.Equals(f, StringComparison.OrdinalIgnoreCase) || name.StartsWith(f + ".", StringComparison.OrdinalIgnoreCase));
}
